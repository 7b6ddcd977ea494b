"""The command line writes the PDF report and the annotated .docx: `--format pdf|docx --output DIR`."""

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import docxfactory as f
from pypdf import PdfReader

from jamcheck.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WEAK = SAMPLES / "bus_routes_weak.docx"
STRONG = SAMPLES / "bus_routes_strong.docx"


def test_pdf_written_into_a_new_folder(tmp_path, capsys):
    out = tmp_path / "rapporter" / "nämnd"
    assert main(["check", str(WEAK), str(STRONG), "--format", "pdf", "--output", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    expected = [out / "bus_routes_weak.jamcheck.pdf", out / "bus_routes_strong.jamcheck.pdf"]
    assert printed == [str(p) for p in expected]
    for path in expected:
        reader = PdfReader(str(path))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        assert "Jämställdhetsgranskning" in text
        assert "Konsekvenser för kvinnor och män beskrivs" in text
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(expected[0])).pages).split())
    assert "”resenärer”" in text and "Sida 1 av" in text


def test_docx_written_with_comments_and_same_findings_as_json(tmp_path, capsys):
    assert main(["check", str(WEAK), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert main(["check", str(WEAK), "--format", "docx", "--output", str(tmp_path)]) == 0
    path = tmp_path / "bus_routes_weak.granskad.docx"
    assert capsys.readouterr().out.strip() == str(path)
    document = docx.Document(str(path))
    comments = list(document.comments)
    assert len(comments) == len(data["findings"])
    assert all(c.author == "jamcheck" for c in comments)
    assert {c.text for c in comments} == {f"{x['message']} Förslag: {x['suggestion']}"
                                          for x in data["findings"]}
    original = docx.Document(str(WEAK))
    assert [p.text for p in document.paragraphs] == [p.text for p in original.paragraphs]


def test_pdf_and_docx_require_output_folder(capsys):
    for fmt in ("pdf", "docx"):
        assert main(["check", str(WEAK), "--format", fmt]) == 2
        captured = capsys.readouterr()
        assert "kräver --output" in captured.err and captured.out == ""


def test_output_only_with_file_formats(tmp_path, capsys):
    assert main(["check", str(WEAK), "--output", str(tmp_path)]) == 2
    assert "--output används bara med" in capsys.readouterr().err


def test_output_folder_that_cannot_be_created(tmp_path, capsys):
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    assert main(["check", str(WEAK), "--format", "pdf", "--output", str(blocker / "under")]) == 2
    assert "kan inte skapas" in capsys.readouterr().err


def test_unreadable_input_exits_2_and_the_good_file_is_still_written(tmp_path, capsys):
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(f.not_a_docx())
    out = tmp_path / "ut"
    assert main(["check", str(bad), str(WEAK), "--format", "docx", "--output", str(out)]) == 2
    captured = capsys.readouterr()
    assert "inte ett Word-dokument" in captured.err and "Traceback" not in captured.err
    assert [p.name for p in out.iterdir()] == ["bus_routes_weak.granskad.docx"]


def test_fail_under_still_applies(tmp_path):
    args = ["--format", "pdf", "--output", str(tmp_path), "--fail-under", "50"]
    assert main(["check", str(WEAK), *args]) == 1
    assert main(["check", str(STRONG), *args]) == 0
    assert (tmp_path / "bus_routes_weak.jamcheck.pdf").exists()


def test_same_name_from_two_folders_is_not_overwritten(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "ärende.docx").write_bytes(WEAK.read_bytes())
    (b / "ärende.docx").write_bytes(STRONG.read_bytes())
    out = tmp_path / "ut"
    assert main(["check", str(a / "ärende.docx"), str(b / "ärende.docx"), "--format", "pdf",
                 "--output", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["ärende-2.jamcheck.pdf",
                                                     "ärende.jamcheck.pdf"]


def test_console_script_writes_pdf(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "jamcheck", "check", str(STRONG), "--format",
                           "pdf", "--output", str(tmp_path)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "bus_routes_strong.jamcheck.pdf"
    assert proc.stdout.strip() == str(path)
    assert PdfReader(io.BytesIO(path.read_bytes())).pages
