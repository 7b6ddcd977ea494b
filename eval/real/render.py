"""Renders the real drafts in eval/real/texts/ to .docx, as Word templates write them.

Each text (a header, a line `---`, then the draft as extracted from the published PDF:
one paragraph a line) becomes two files: one whose headings use Word's heading styles
and one whose headings are bold lines in the Normal style. The title is the first line
after the letterhead. A line is a heading when it is one of the template headings the
drafts use (Göteborg's standard headings were put back on lines of their own in the
extraction); everything else is a Normal paragraph. Lines that a PDF extraction wrapped
(ending in a space, as in the Västerbotten case) are joined back into their paragraph.

The bytes are the same on every run (fixed timestamps), so reports are reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
VARIANTS = ("styles", "bold")
ZIP_TIME = (2024, 1, 1, 8, 0, 0)

HEADING = re.compile(
    r"(?:förslag till beslut|sammanfattning|beskrivning av ärendet|ärendet|motionen|"
    r"remissinstanser|stadsledningskontorets bedömning|\S+ bedömning|bedömning|bakgrund|"
    r"yttrande|motivering|samverkan|bilagor|beslutsunderlag|handlingar|"
    r"bedömning ur (?:ekonomisk|ekologisk|social)(?:,? (?:och )?(?:ekonomisk|ekologisk|social))* "
    r"dimension(?:er)?|bedömda resultat och konsekvenser|resurser och finansiering|"
    r"jämställdhet|beredningsansvariga|beslutet expedieras till|ärendets beredning|"
    r"juridisk bedömning|ekonomiska konsekvenser|uppföljning|medskick)",
    re.IGNORECASE)


def heldout_names() -> set[str]:
    """The drafts of the held-out parts (eval/real/split.yml and eval/blind/split.yml, with
    a blind batch kept in reserve for a later measurement), which tools that show the
    checker's results on a folder of drafts leave out."""
    import yaml

    names: set[str] = set()
    for split in (HERE / "split.yml", HERE.parent / "blind" / "split.yml"):
        if split.exists():
            parts = yaml.safe_load(split.read_text(encoding="utf-8"))
            names |= set(parts["heldout"]) | set(parts.get("reserve") or [])
    return names


def read(path: Path) -> tuple[dict, list[str]]:
    """The header fields and the draft's paragraphs."""
    head, _, body = path.read_text(encoding="utf-8").partition("---\n")
    if not body:  # a text without a header
        head, body = "", head
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    paragraphs: list[str] = []
    joining = False
    for raw in body.split("\n"):
        line = " ".join(raw.split())
        if not line:
            joining = False
            continue
        if joining and paragraphs and not HEADING.fullmatch(line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        joining = raw.endswith(" ") and not HEADING.fullmatch(line)
    return fields, paragraphs


def blocks(path: Path) -> list[tuple[str, str]]:
    """(kind, text) for each paragraph: kind is title, heading, text or table."""
    fields, paragraphs = read(path)
    if fields.get("kind", "").startswith("excerpt") or any(p.startswith("#") for p in paragraphs):
        return marked_blocks(paragraphs)
    out = []
    title_at = 1 if len(paragraphs) > 1 and paragraphs[0].lower().startswith("tjänsteutlåtande") else 0
    for i, text in enumerate(paragraphs):
        if i == title_at:
            out.append(("title", text))
        elif i > title_at and HEADING.fullmatch(text):
            out.append(("heading", text))
        else:
            out.append(("text", text))
    return out


def marked_blocks(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Blocks of a text that marks its title "# " and its headings "## " (eval/blind; an
    excerpt there may have neither),
    where runs of lines with cells separated by " | " are a table (its rows joined by
    newlines)."""
    out: list[tuple[str, str]] = []
    for text in paragraphs:
        if text.startswith("## "):
            out.append(("heading", text[3:].strip()))
        elif text.startswith("# "):
            out.append(("title", text[2:].strip()))
        elif " | " in text and out and out[-1][0] == "table":
            out[-1] = ("table", out[-1][1] + "\n" + text)
        elif " | " in text:
            out.append(("table", text))
        else:
            out.append(("text", text))
    return out


def render(path: Path, variant: str) -> bytes:
    """The .docx bytes of one draft in one variant (styles or bold)."""
    return render_blocks(blocks(path), variant)


def render_blocks(items: list[tuple[str, str]], variant: str = "styles") -> bytes:
    """The .docx bytes of (kind, text) blocks (title, heading or text) in one variant."""
    doc = Document()
    doc.core_properties.author = "jamcheck eval"
    for kind, text in items:
        if kind == "text":
            doc.add_paragraph(text)
        elif kind == "table":
            rows = [[cell.strip() for cell in line.split(" | ")] for line in text.split("\n")]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for cells, row in zip(rows, table.rows):
                for value, cell in zip(cells, row.cells):
                    cell.text = value
        elif variant == "styles":
            doc.add_heading(text, level=1 if kind == "title" else 2)
        else:
            doc.add_paragraph().add_run(text).bold = True
    return _fixed_zip(doc)


def _fixed_zip(doc) -> bytes:
    raw = io.BytesIO()
    doc.core_properties.created = doc.core_properties.modified = dt.datetime(2024, 1, 1, 8, 0)
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    import sys
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "build"
    target.mkdir(parents=True, exist_ok=True)
    for text in sorted(TEXTS.glob("*.txt")):
        for variant in VARIANTS:
            (target / f"{text.stem}.{variant}.docx").write_bytes(render(text, variant))
    print(f"{len(list(TEXTS.glob('*.txt'))) * len(VARIANTS)} filer i {target}")
