"""The command line: text and JSON output, --fail-under, exit 2 with a Swedish reason for bad input."""

import json
import subprocess
import sys
from pathlib import Path

import docxfactory as f

from jamcheck.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_text_output_lists_criteria_and_findings(capsys):
    assert main(["check", str(SAMPLES / "bus_routes_weak.docx")]) == 0
    out = capsys.readouterr().out
    assert "Konsekvenser för kvinnor och män beskrivs" in out
    assert "Förslag:" in out and "Avsnitt: Jämställdhet" in out


def test_json_output_for_several_files(capsys):
    files = [str(SAMPLES / "bus_routes_weak.docx"), str(SAMPLES / "bus_routes_strong.docx")]
    assert main(["check", *files, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["document"]["filename"] for d in data] == ["bus_routes_weak.docx",
                                                          "bus_routes_strong.docx"]


def test_fail_under(capsys):
    assert main(["check", str(SAMPLES / "bus_routes_weak.docx"), "--fail-under", "50"]) == 1
    assert main(["check", str(SAMPLES / "bus_routes_strong.docx"), "--fail-under", "50"]) == 0


def test_unreadable_file_exits_2_with_swedish_reason(tmp_path, capsys):
    bad = tmp_path / "ärende.docx"
    bad.write_bytes(f.not_a_docx())
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "inte ett Word-dokument" in err and "Traceback" not in err


def test_console_script_runs_as_a_process(tmp_path):
    bad = tmp_path / "tom.docx"
    bad.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "jamcheck", "check", str(bad)],
                          check=False, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "är tom" in proc.stderr and "Traceback" not in proc.stderr
