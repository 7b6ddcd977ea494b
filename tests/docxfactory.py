"""Small builders of .docx test fixtures, each returning the file as bytes.

python-docx writes the ordinary parts (paragraphs, styles, tables, headers);
where it has no API for a Word feature (content controls, tracked changes,
hyperlinks) the builder edits the document's lxml tree before saving, so every
fixture is a file Word itself would write. The docstring of each builder states
the text a correct reader must get out of it.

All builders are deterministic: the zip entries get a fixed timestamp, so the
same call gives the same bytes (and the same sha256) on every run.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

__all__ = [
    "corrupt_zip",
    "empty_document",
    "empty_file",
    "not_a_docx",
    "plain",
    "with_bold_headings",
    "with_content_controls",
    "with_header_footer",
    "with_hyperlink",
    "with_table",
    "with_tracked_changes",
    "zip_without_document",
]

_FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
HYPERLINK_URL = "https://example.se/strategi"


# --------------------------------------------------------------------------
# helpers


def _save(doc) -> bytes:
    """Save a python-docx Document and return deterministic bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue())


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps (python-docx stamps 'now')."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _new_document():
    """A blank python-docx Document (the default template has no paragraphs)."""
    return Document()


def _append_to_body(doc, element) -> None:
    """Append a block-level element to the body, before the final w:sectPr."""
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        body.append(element)
    else:
        sect_pr.addprevious(element)


def _run_xml(text: str, extra_rpr: str = "") -> str:
    """XML of one w:r with a w:t keeping spaces (no namespace declarations)."""
    rpr = f"<w:rPr>{extra_rpr}</w:rPr>" if extra_rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------
# ordinary documents


def plain(paragraphs: list[str], headings: dict[int, str] | None = None) -> bytes:
    """A simple document of Normal paragraphs.

    ``headings`` maps a position in ``paragraphs`` to a heading text that is
    inserted, in style "Heading 1", just before the paragraph at that position
    (a position equal to ``len(paragraphs)`` puts the heading last). So
    ``plain(["a", "b"], {1: "Rubrik"})`` gives the paragraphs
    ``["a", "Rubrik", "b"]``.
    """
    headings = headings or {}
    bad = [i for i in headings if not 0 <= i <= len(paragraphs)]
    if bad:
        raise ValueError(f"heading positions out of range: {bad}")
    doc = _new_document()
    for i, text in enumerate(paragraphs):
        if i in headings:
            doc.add_paragraph(headings[i], style="Heading 1")
        doc.add_paragraph(text)
    if len(paragraphs) in headings:
        doc.add_paragraph(headings[len(paragraphs)], style="Heading 1")
    return _save(doc)


def with_bold_headings(blocks: list[tuple[str, str]]) -> bytes:
    """A document whose headings are bold Normal paragraphs, as many templates do.

    ``blocks`` is a list of ``(kind, text)``: kind ``"bold"`` gives a
    Normal-style paragraph whose only run has ``bold=True`` (no heading style,
    no outline level); kind ``"p"`` gives an ordinary paragraph.
    """
    doc = _new_document()
    for kind, text in blocks:
        if kind == "bold":
            para = doc.add_paragraph()
            para.add_run(text).bold = True
        elif kind == "p":
            doc.add_paragraph(text)
        else:
            raise ValueError(f"unknown block kind {kind!r} (use 'bold' or 'p')")
    return _save(doc)


def with_table(rows: list[list[str]], merged: bool = False) -> bytes:
    """A paragraph, a "Table Grid" table with ``rows``, and a paragraph.

    The paragraphs read "Före tabellen." and "Efter tabellen.".

    With ``merged=True`` (needs at least 3 rows and 2 columns) two merges are
    made with python-docx's ``Cell.merge``:

    * row 0, columns 0-1 become one cell (``w:gridSpan w:val="2"``) holding
      ``rows[0][0]``; ``rows[0][1]`` is dropped;
    * column 0, rows 1-2 become one cell (``w:vMerge w:val="restart"`` on row 1,
      a bare ``w:vMerge`` on row 2) holding ``rows[1][0]``; ``rows[2][0]`` is
      dropped.

    python-docx's ``Table.cell(r, c)`` then returns the same merged cell for
    every grid position it covers, e.g. ``cell(0, 0)`` and ``cell(0, 1)``.
    """
    if not rows or not rows[0]:
        raise ValueError("rows must be a non-empty list of non-empty rows")
    n_cols = len(rows[0])
    if any(len(r) != n_cols for r in rows):
        raise ValueError("all rows must have the same length")
    if merged and (len(rows) < 3 or n_cols < 2):
        raise ValueError("merged=True needs at least 3 rows and 2 columns")

    doc = _new_document()
    doc.add_paragraph("Före tabellen.")
    table = doc.add_table(rows=len(rows), cols=n_cols)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merged:
        # Cell.merge joins the texts of both cells; set the kept text afterwards.
        top = table.cell(0, 0).merge(table.cell(0, 1))
        top.text = rows[0][0]
        left = table.cell(1, 0).merge(table.cell(2, 0))
        left.text = rows[1][0]
    doc.add_paragraph("Efter tabellen.")
    return _save(doc)


def with_header_footer(header: str, footer: str, body: list[str]) -> bytes:
    """A document with ``header`` in the page header, ``footer`` in the page
    footer (each one paragraph of the first section) and ``body`` as Normal
    paragraphs. Header and footer text are not part of ``Document.paragraphs``.
    """
    doc = _new_document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    for text in body:
        doc.add_paragraph(text)
    return _save(doc)


# --------------------------------------------------------------------------
# Word features python-docx cannot write (or silently drops when reading)


def with_content_controls() -> bytes:
    """A document with a block-level and an inline content control (``w:sdt``).

    Body, in order:

    0. a ``w:sdt`` at body level (alias "Diarienummer") whose ``w:sdtContent``
       holds one paragraph with text ``"Dnr RS 2024/123"``;
    1. a normal paragraph made of the run ``"Ärendet gäller "``, an inline
       ``w:sdt`` (alias "Verksamhet") holding the run ``"hemtjänst i Luleå"``,
       and the run ``" för äldre."``.

    Expected text, in reading order::

        "Dnr RS 2024/123"
        "Ärendet gäller hemtjänst i Luleå för äldre."

    python-docx alone gets this wrong: ``Document.paragraphs`` contains only
    the second paragraph (the one inside the block sdt is not a body child), and
    its ``Paragraph.text`` is ``"Ärendet gäller  för äldre."`` because the
    inline sdt's run is not a direct child of ``w:p``.
    """
    doc = _new_document()
    block_sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}>"
        "<w:sdtPr>"
        '<w:alias w:val="Diarienummer"/><w:tag w:val="dnr"/><w:id w:val="1001"/>'
        "<w:text/>"
        "</w:sdtPr>"
        "<w:sdtContent>"
        f"<w:p>{_run_xml('Dnr RS 2024/123')}</w:p>"
        "</w:sdtContent>"
        "</w:sdt>"
    )
    _append_to_body(doc, block_sdt)

    para = doc.add_paragraph()
    para.add_run("Ärendet gäller ")
    inline_sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}>"
        "<w:sdtPr>"
        '<w:alias w:val="Verksamhet"/><w:tag w:val="verksamhet"/><w:id w:val="1002"/>'
        "<w:text/>"
        "</w:sdtPr>"
        f"<w:sdtContent>{_run_xml('hemtjänst i Luleå')}</w:sdtContent>"
        "</w:sdt>"
    )
    para._p.append(inline_sdt)
    para.add_run(" för äldre.")
    return _save(doc)


def with_tracked_changes() -> bytes:
    """A document with tracked changes (revision marks) not yet accepted.

    Paragraph 0: run ``"Förslaget påverkar "``, then ``w:ins`` (author
    "Handläggare") holding the run ``"kvinnor och män"``, then ``w:del``
    holding a run whose ``w:delText`` is ``"alla invånare"``.
    Paragraph 1: only a ``w:del`` with ``w:delText`` ``"Ärendet bedöms inte
    påverka jämställdheten."``.

    Correct reading (changes accepted): paragraph 0 is
    ``"Förslaget påverkar kvinnor och män"`` and paragraph 1 is empty; deleted
    text never appears. python-docx's ``Paragraph.text`` gives
    ``"Förslaget påverkar "`` for paragraph 0: it drops the inserted run too.
    """
    doc = _new_document()
    para = doc.add_paragraph()
    para.add_run("Förslaget påverkar ")
    ins = parse_xml(
        f"<w:ins {nsdecls('w')} "
        'w:id="1" w:author="Handläggare" w:date="2024-05-02T10:15:00Z">'
        f"{_run_xml('kvinnor och män')}"
        "</w:ins>"
    )
    deleted = parse_xml(
        f"<w:del {nsdecls('w')} "
        'w:id="2" w:author="Handläggare" w:date="2024-05-02T10:15:00Z">'
        '<w:r><w:delText xml:space="preserve">alla invånare</w:delText></w:r>'
        "</w:del>"
    )
    para._p.append(ins)
    para._p.append(deleted)

    only_deleted = doc.add_paragraph()
    only_deleted._p.append(
        parse_xml(
            f"<w:del {nsdecls('w')} "
            'w:id="3" w:author="Handläggare" w:date="2024-05-02T10:16:00Z">'
            "<w:r><w:delText>Ärendet bedöms inte påverka jämställdheten."
            "</w:delText></w:r>"
            "</w:del>"
        )
    )
    return _save(doc)


def with_hyperlink() -> bytes:
    """A paragraph with an external hyperlink in the middle.

    Runs: ``"Förslaget utgår från "``, a ``w:hyperlink`` (``r:id`` pointing to an
    external relationship to ``https://example.se/strategi``, never fetched)
    holding the underlined run ``"jämställdhetsstrategin"``, then the run
    ``" som regionfullmäktige antog 2023."``.

    Expected text: ``"Förslaget utgår från jämställdhetsstrategin som
    regionfullmäktige antog 2023."`` (python-docx 1.2 reads this correctly).
    """
    doc = _new_document()
    para = doc.add_paragraph()
    para.add_run("Förslaget utgår från ")
    r_id = doc.part.relate_to(HYPERLINK_URL, RT.HYPERLINK, is_external=True)
    link_run = _run_xml("jämställdhetsstrategin", '<w:u w:val="single"/>')
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}" w:history="1">{link_run}</w:hyperlink>'
    )
    para._p.append(link)
    para.add_run(" som regionfullmäktige antog 2023.")
    return _save(doc)


# --------------------------------------------------------------------------
# bad input


def not_a_docx() -> bytes:
    """Plain UTF-8 text, not a zip at all (e.g. a .txt renamed to .docx)."""
    text = "Detta är ingen Word-fil utan vanlig text.\nÄrendet gäller hemtjänst.\n"
    return text.encode("utf-8")


def corrupt_zip() -> bytes:
    """A real .docx cut off in the middle: starts like a zip, has no central
    directory, so ``zipfile`` raises ``BadZipFile``."""
    data = plain(["Förslaget påverkar kvinnor och män olika."] * 20)
    return data[: len(data) // 2]


def empty_file() -> bytes:
    """Zero bytes."""
    return b""


def zip_without_document() -> bytes:
    """A valid zip with every part of a real .docx except ``word/document.xml``
    (the content types and relationships still point to it)."""
    src_bytes = plain(["Text som försvinner."])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(src_bytes)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def empty_document() -> bytes:
    """A valid .docx whose body has no paragraphs and no text (only ``w:sectPr``)."""
    return _save(_new_document())
