"""Reports that leave the app: the PDF attachment and the .docx with Word comments.

The PDF is read back with pypdf's text extraction; the annotated .docx is read back with
python-docx (comments, text) and with a small independent walk of word/document.xml that
collects the text between each w:commentRangeStart and w:commentRangeEnd.
"""

from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import docx
import docxfactory as f
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from pypdf import PdfReader

from jamcheck.checker import check_bytes
from jamcheck.ingest import read_docx
from jamcheck.outputs import annotate_docx, render_pdf
from jamcheck.outputs.annotate import annotate, comment_text
from jamcheck.outputs.pdf import _register_fonts, _Text

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.docx"))
SOFFICE = "/usr/bin/soffice"

TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
             qn("w:noBreakHyphen"): "-"}
SKIP = {qn(t) for t in ("w:del", "w:moveFrom", "w:txbxContent", "w:pPr", "w:rPr", "w:sdtPr",
                        "w:drawing", "w:pict", "w:object")}


# --------------------------------------------------------------------------
# helpers


@pytest.fixture(scope="module")
def reports(ruleset):
    """name -> (bytes, report dict) for every sample."""
    out = {}
    for path in SAMPLE_FILES:
        content = path.read_bytes()
        out[path.name] = (content, check_bytes(content, path.name, ruleset).to_dict())
    return out


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def body_text(data: bytes) -> str:
    """The text of all pages without the page footers, so a passage broken across a page
    boundary reads as one."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        text = page.extract_text()
        cut = text.rfind("Jämställdhetsgranskning med jamcheck")
        assert cut > 0, "page without footer"
        pages.append(text[:cut])
    return " ".join(" ".join(pages).split())


def norm(text: str) -> str:
    return " ".join(text.split())


def comment_ranges(data: bytes) -> dict[str, dict]:
    """comment id -> {"text": text between range start and end, "prefix": offset of the start
    in its paragraph's text, "paragraph": that paragraph's text}."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(qn("w:body"))
    opened: dict[str, dict] = {}
    done: dict[str, dict] = {}
    para_of: dict = {}
    current_para: list[str] = []
    for el in body.iter():
        tag = el.tag
        if tag == qn("w:p"):
            for rng in opened.values():
                if rng["parts"]:
                    rng["parts"].append("\n")
            current_para = []
            para_of[el] = current_para
        elif tag == qn("w:commentRangeStart"):
            opened[el.get(qn("w:id"))] = {"parts": [], "prefix": len("".join(current_para)),
                                          "para": current_para}
        elif tag == qn("w:commentRangeEnd"):
            rng = opened.pop(el.get(qn("w:id")))
            done[el.get(qn("w:id"))] = {"text": "".join(rng["parts"]), "prefix": rng["prefix"],
                                        "para": rng["para"]}
        elif tag in TEXT_TAGS and el.getparent().tag == qn("w:r"):
            if any(a.tag in SKIP for a in el.iterancestors()):
                continue
            piece = el.text or "" if TEXT_TAGS[tag] is None else TEXT_TAGS[tag]
            current_para.append(piece)
            for rng in opened.values():
                rng["parts"].append(piece)
    assert not opened, "a comment range is never closed"
    for rng in done.values():
        rng["paragraph"] = "".join(rng.pop("para"))
    return done


def comments_of(data: bytes) -> list[dict]:
    """The comments read back with python-docx, with the text their range covers."""
    document = docx.Document(io.BytesIO(data))
    ranges = comment_ranges(data)
    out = []
    for c in document.comments:
        rng = ranges[str(c.comment_id)]
        out.append({"id": c.comment_id, "author": c.author, "initials": c.initials,
                    "text": c.text, "range": rng["text"], "prefix": rng["prefix"],
                    "paragraph": rng["paragraph"]})
    return out


def reader_view(data: bytes):
    d = read_docx(data)
    return ([(b.kind, b.text, b.paragraph, b.control, b.cell) for b in d.blocks],
            d.header_footer, d.title)


def python_docx_view(data: bytes):
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    hf = []
    for s in document.sections:
        for part in (s.header, s.footer, s.first_page_header, s.first_page_footer,
                     s.even_page_header, s.even_page_footer):
            hf.append([p.text for p in part.paragraphs] if not part.is_linked_to_previous else None)
    return paragraphs, tables, hf


def c14n(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def assert_untouched(before: bytes, after: bytes) -> None:
    """Same text by both readers; every part but the body, its rels, the content types and
    the comments parts is unchanged (same XML, or same bytes for binary parts)."""
    assert reader_view(before) == reader_view(after)
    assert python_docx_view(before) == python_docx_view(after)
    changed_ok = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml",
                  "docProps/core.xml"}
    with zipfile.ZipFile(io.BytesIO(before)) as zb, zipfile.ZipFile(io.BytesIO(after)) as za:
        names_after = set(za.namelist())
        for name in zb.namelist():
            assert name in names_after, f"{name} is missing after annotation"
            if name in changed_ok or name.endswith("/"):
                continue
            old, new = zb.read(name), za.read(name)
            if name.endswith((".xml", ".rels")):
                assert c14n(old) == c14n(new), f"{name} changed"
            else:
                assert old == new, f"{name} changed"
        added = names_after - set(zb.namelist())
        assert all("comment" in n.lower() for n in added), added
        # relationships of the body: the old ones are all kept as they were
        ns = {"r": "http://schemas.openxmlformats.org/package/2006/relationships"}
        rels_b = {e.get("Id"): (e.get("Type"), e.get("Target"))
                  for e in etree.fromstring(zb.read("word/_rels/document.xml.rels"))
                  .iterfind("r:Relationship", ns)}
        rels_a = {e.get("Id"): (e.get("Type"), e.get("Target"))
                  for e in etree.fromstring(za.read("word/_rels/document.xml.rels"))
                  .iterfind("r:Relationship", ns)}
        assert all(rels_a.get(k) == v for k, v in rels_b.items())
    # the body's structure outside the runs is the same: same paragraphs, tables, sdts
    def skeleton(data):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = etree.fromstring(z.read("word/document.xml"))
        keep = {qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:hyperlink",
                                "w:ins", "w:del", "w:sectPr", "w:pPr")}
        return [(el.tag, c14n(etree.tostring(el)) if el.tag in (qn("w:pPr"), qn("w:sectPr"))
                 else None) for el in root.iter() if el.tag in keep]
    assert skeleton(before) == skeleton(after)


def finding(content: bytes, quote: str, fid: str, occurrence: int = 0, **extra) -> dict:
    """A finding on the `occurrence`-th place `quote` appears, located as the reader does."""
    d = read_docx(content)
    seen = 0
    for b in d.blocks:
        start = b.text.find(quote)
        while start >= 0:
            if seen == occurrence:
                return {
                    "id": fid, "rule": "test-rule", "criterion": "consequences",
                    "level": "warning", "message": f"Meddelande {fid} om åäö.",
                    "suggestion": f"Förslag {fid}: skriv ”kvinnor och män”.", "source": "test",
                    "location": {"section": d.sections[b.section].title,
                                 "paragraph": b.paragraph,
                                 "table": b.cell.to_dict() if b.cell else None,
                                 "content_control": b.control, "block": b.index,
                                 "start": start, "end": start + len(quote)},
                    "quote": quote, **extra}
            seen += 1
            start = b.text.find(quote, start + 1)
    raise AssertionError(f"{quote!r} not in the document")


def report_for(content: bytes, findings: list[dict]) -> dict:
    d = read_docx(content)
    return {"jamcheck_version": "0.1.0", "rules_version": "test",
            "document": {"filename": "x.docx", "sha256": d.sha256, "title": d.title,
                         "words": d.words, "sections": d.section_titles},
            "concerns_people": True, "criteria": [], "total": {"percent": 50, "applicable": 6},
            "findings": findings}


def unlocated(fid: str) -> dict:
    return {"id": fid, "rule": "gap", "criterion": "equality_goals", "level": "error",
            "message": "Förslaget relateras inte till några jämställdhetsmål.",
            "suggestion": "Beskriv hur förslaget bidrar till delmålen.", "source": "test",
            "location": {"section": None, "paragraph": None, "table": None,
                         "content_control": None, "block": None, "start": None, "end": None},
            "quote": None}


def rich_document() -> bytes:
    """Title, a paragraph of differently formatted runs (bold, italic, tab, line break), a
    table whose cell has two paragraphs, a block content control holding a table, and a
    header and footer."""
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "Region Norrbotten – Regionstyrelsen"
    doc.sections[0].footer.paragraphs[0].text = "Dnr RS 2025/17 – sida"
    doc.add_paragraph("Ärende om hemtjänst i Överkalix", style="Title")
    p = doc.add_paragraph("Förslaget ")
    p.add_run("gäller alla").bold = True
    run = p.add_run(" invånare i kommunen")
    run.italic = True
    run.font.size = docx.shared.Pt(13)
    p.add_run("\tmed ")
    p.runs[-1].add_break()
    p.add_run("hemtjänst och äldreomsorg.")
    doc.add_paragraph("Jämställdhet", style="Heading 1")
    doc.add_paragraph("Ärendet bedöms inte påverka jämställdheten. Ärendet bedöms inte påverka "
                      "jämställdheten.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Grupp"
    table.cell(0, 1).text = "Antal"
    table.cell(1, 0).text = "Brukare"
    cell = table.cell(1, 1)
    cell.text = "Kvinnor: 120"
    cell.add_paragraph("Män: 80 brukare")
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr><w:alias w:val=\"Bilaga\"/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t xml:space=\"preserve\">Patienterna får längre väg.</w:t></w:r></w:p>"
        "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p><w:r>"
        "<w:t>Alla elever berörs.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:sdtContent></w:sdt>")
    body = doc.element.body
    body.find(qn("w:sectPr")).addprevious(sdt)
    doc.add_paragraph("Slutord.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------
# PDF


def test_pdf_has_case_facts_criteria_findings_and_footer(reports):
    _content, data = reports["bus_routes_weak.docx"]
    meta = {"organisation": "Region Norrbotten", "diarienummer": "RS 2025/123",
            "title": "Ändrad linjesträckning för linje 21 och 23", "committee": "Kollektivtrafiknämnden",
            "meeting_date": "2025-03-14", "revision": 2, "uploaded_at": "2025-02-28T09:12:00",
            "checked_at": "2025-02-28T09:12:30"}
    pdf = render_pdf(data, meta)
    assert pdf.startswith(b"%PDF")
    pages, text = pdf_text(pdf)
    assert 1 <= pages <= 3
    for expected in ("Region Norrbotten", "Jämställdhetsgranskning", "RS 2025/123",
                     "Kollektivtrafiknämnden", "2025-03-14", "version 2, bus_routes_weak.docx",
                     "2025-02-28 09:12", meta["title"], data["document"]["sha256"],
                     f"jamcheck {data['jamcheck_version']}", data["rules_version"],
                     f"Sida 1 av {pages}", f"Sida {pages} av {pages}",
                     f"Totalt: {data['total']['percent']} %"):
        assert norm(expected) in text, expected
    for c in data["criteria"]:
        assert norm(c["title"]) in text
        assert norm(c["rationale"]) in text
    assert "1 – saknas" in text and "Ej tillämpligt" in text
    for fnd in data["findings"]:
        assert norm(fnd["message"]) in text
        assert norm(fnd["suggestion"]) in text
        if fnd["quote"]:
            assert norm(f"”{fnd['quote']}”") in text
    assert "Avsnitt: Jämställdhet" in text and "å" in text and "Ä" in text


def test_pdf_shows_verdicts_and_dismissals(reports):
    _content, data = reports["elderly_care_fee_medium.docx"]
    first = data["findings"][0]["id"]
    meta = {"verdicts": {
        "consequences": {"agree": False, "score": 2, "comment": "Konsekvenserna finns i bilaga 2 "
                         "– avsnitt ”Kvinnor och män”.", "user": "Karin Sekreterare",
                         "at": "2025-03-02T14:05:00"},
        "gendered_target_groups": {"agree": True, "score": None, "comment": None,
                                   "user": "Karin Sekreterare", "at": "2025-03-02"}},
        "dismissals": {first: {"reason": "Citat ur lagtexten", "user": "Per Handläggare"}}}
    _pages, text = pdf_text(render_pdf(data, meta))
    assert "Nämndsekreterarens bedömning" in text
    assert "Ändrad till 2 – behöver utvecklas" in text
    assert "Konsekvenserna finns i bilaga 2 – avsnitt ”Kvinnor och män”." in text
    assert "Instämmer" in text and "Karin Sekreterare, 2025-03-02 14:05" in text
    assert "Avfärdad (Per Handläggare): Citat ur lagtexten" in text


def test_pdf_for_a_case_that_does_not_concern_people(reports):
    _content, data = reports["utility_easement_technical.docx"]
    pages, text = pdf_text(render_pdf(data))
    assert pages == 1
    assert "Ej tillämpligt" in text and "Inga anmärkningar." in text


def test_pdf_escapes_markup_and_odd_characters():
    data = {"jamcheck_version": "0.1.0", "rules_version": "r<1>&2",
            "document": {"filename": "a&b <x>.docx", "sha256": "ab" * 32, "title": "T <b>&amp;",
                         "words": 3, "sections": []},
            "concerns_people": True, "concerns_people_rationale": "Ja & nej <i>",
            "criteria": [{"id": "consequences", "title": "Konsekvenser <&>", "score": 2,
                          "status": "partial", "rationale": "R <font>&", "findings": ["f1"]}],
            "total": {"percent": 50, "applicable": 1},
            "findings": [{"id": "f1", "rule": "x", "criterion": "consequences", "level": "info",
                          "message": "M <br/> & ]]>", "suggestion": "S <a href='x'>",
                          "source": "", "quote": "Q\tmed\nrad & ‑ → ≥ \x07 <",
                          "location": {"section": "A <b>", "paragraph": 0, "table": None,
                                       "content_control": None, "block": 0, "start": 0,
                                       "end": 1}}]}
    _pages, text = pdf_text(render_pdf(data, {"title": "<script>", "organisation": "&"}))
    for expected in ("T <b>&amp;", "a&b <x>.docx", "Ja & nej <i>", "Konsekvenser <&>",
                     "R <font>&", "M <br/> & ]]>", "S <a href='x'>", "<script>",
                     "Avsnitt: A <b>", "r<1>&2"):
        assert expected in text, expected
    assert "”Q med rad &" in text


def test_text_sanitiser_keeps_swedish_and_replaces_missing_glyphs():
    fonts = _register_fonts()
    t = _Text(fonts["cmap"])
    assert t.plain("åäöÅÄÖ ”citat” – é") == "åäöÅÄÖ ”citat” – é"
    assert t.plain("a\x07b") == "ab"
    assert t("x < y & z\nny rad") == "x &lt; y &amp; z<br/>ny rad"
    narrow = _Text(frozenset(map(ord, "abc -.>")))  # a font without the typographic marks
    assert narrow.plain("a–b→c…") == "a-b->c..."


def test_long_case_paginates_and_keeps_every_word():
    words = ["kvinnor", "män", "flickor", "pojkar", "resenärer", "äldreomsorg", "hemtjänst", "färdtjänst", "länsinvånare", "vårdcentral", "glesbygd", "”citat”", "–", "avgift"]
    findings = []
    for i in range(60):
        length = 12000 if i == 30 else 250 + (i * 97) % 1400  # one quote longer than a page
        quote = f"START{i} " + " ".join(words[(i + k) % len(words)] for k in range(length // 9))
        quote += f" SLUT{i}"
        findings.append({
            "id": f"f{i + 1}", "rule": "r", "criterion": "consequences",
            "level": ["error", "warning", "info"][i % 3],
            "message": f"Anmärkning nummer {i + 1} om målgruppen.",
            "suggestion": f"Förslag nummer {i + 1}: skriv ut kvinnor och män.", "source": "",
            "location": {"section": f"Avsnitt {i // 7}", "paragraph": i, "table": None,
                         "content_control": None, "block": i, "start": 0, "end": len(quote)},
            "quote": quote})
    criteria = [{"id": f"c{k}", "title": f"Kriterium {k} med en lång titel " + "ord " * 12,
                 "score": [1, 2, 3, None][k % 4], "status": "x",
                 "rationale": "Motivering " * (40 + 200 * (k == 3)), "findings": []}
                for k in range(7)]
    data = {"jamcheck_version": "0.1.0", "rules_version": "1.0", "concerns_people": True,
            "document": {"filename": "lång.docx", "sha256": "0f" * 32, "title": "Långt ärende",
                         "words": 9999, "sections": []},
            "criteria": criteria, "total": {"percent": 33, "applicable": 6}, "findings": findings}
    pdf = render_pdf(data, {"verdicts": {"c1": {"agree": False, "score": 3,
                                                "comment": "Kommentar " * 300, "user": "u",
                                                "at": "2025-01-01"}}})
    pages, text = pdf_text(pdf)
    assert pages > 10
    assert f"Sida {pages} av {pages}" in text
    text = body_text(pdf)
    for fnd in findings:
        assert norm(f"”{fnd['quote']}”") in text, fnd["id"]
        assert fnd["message"] in text and fnd["suggestion"] in text
    for c in criteria:
        assert norm(c["title"]) in text
    # table cells too long for a page are cut, and given in full below the table
    assert norm("Fullständig text – Motivering, " + criteria[3]["title"] + ": "
                + criteria[3]["rationale"]) in text
    assert norm("Fullständig text – Nämndsekreterarens kommentar, " + criteria[1]["title"]
                + ": " + "Kommentar " * 300) in text
    # every page has the footer with the file's hash
    reader = PdfReader(io.BytesIO(pdf))
    for n, page in enumerate(reader.pages, start=1):
        page_text = norm(page.extract_text())
        assert "0f" * 32 in page_text and f"Sida {n} av {pages}" in page_text


def test_pdf_uses_a_unicode_font_with_swedish_glyphs():
    fonts = _register_fonts()
    for ch in "åäöÅÄÖ”–éü":
        assert ord(ch) in fonts["cmap"]
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():
        assert fonts["files"]["regular"] == str(dejavu)


# --------------------------------------------------------------------------
# annotated .docx: the samples


def expected_anchor_text(content: bytes, fnd: dict, data: dict) -> str:
    """What a finding's comment must cover: its quote, or the block its location points at
    (a heading for a missing section), or the title."""
    if fnd["quote"]:
        return fnd["quote"]
    d = read_docx(content)
    block = fnd["location"].get("block")
    if block is not None and d.blocks[block].text.strip():
        return d.blocks[block].text.strip()
    title = data["document"]["title"]
    return title or next(b.text.strip() for b in d.blocks if b.text.strip())


@pytest.mark.parametrize("name", [p.name for p in SAMPLE_FILES])
def test_every_sample_gets_one_comment_per_finding_on_its_quote(name, reports, ruleset):
    content, data = reports[name]
    out = annotate_docx(content, data)
    comments = comments_of(out)
    assert len(comments) == len(data["findings"])
    assert all(c["author"] == "jamcheck" and c["initials"] == "JC" for c in comments)
    got = Counter((c["text"], c["range"]) for c in comments)
    want = Counter((comment_text(fnd), expected_anchor_text(content, fnd, data))
                   for fnd in data["findings"])
    assert got == want
    for fnd in data["findings"]:
        assert comment_text(fnd) == f"{fnd['message']} Förslag: {fnd['suggestion']}"
    # located findings are anchored at their own offsets, not at another occurrence
    _doc, anchors = annotate(content, data)
    by_id = {a.finding: a for a in anchors}
    for fnd in data["findings"]:
        if fnd["quote"] and fnd["location"]["start"] is not None:
            a = by_id[fnd["id"]]
            assert a.exact and (a.block, a.start, a.end) == (
                fnd["location"]["block"], fnd["location"]["start"], fnd["location"]["end"])
    assert_untouched(content, out)
    again = check_bytes(out, name, ruleset).to_dict()
    strip = [{k: v for k, v in fnd.items()} for fnd in data["findings"]]
    assert again["findings"] == strip
    assert again["criteria"] == data["criteria"] and again["total"] == data["total"]


def test_checker_findings_in_a_table_anchor_in_the_cell(ruleset):
    content = f.with_table([["Grupp", "Antal"], ["Brukare i hemtjänsten", "120"],
                            ["Brukare i särskilt boende", "80"]])
    data = check_bytes(content, "tabell.docx", ruleset).to_dict()
    in_cells = [fnd for fnd in data["findings"] if fnd["location"]["table"]]
    assert in_cells
    out = annotate_docx(content, data)
    document = docx.Document(io.BytesIO(out))
    for fnd in in_cells:
        t = fnd["location"]["table"]
        cell = document.tables[t["index"]].cell(t["row"], t["col"])
        xml = etree.tostring(cell._tc).decode()
        assert "commentRangeStart" in xml and "commentRangeEnd" in xml


# --------------------------------------------------------------------------
# annotated .docx: Word features


def annotated(content: bytes, findings: list[dict]):
    data = report_for(content, findings)
    out = annotate_docx(content, data)
    assert_untouched(content, out)
    comments = comments_of(out)
    assert len(comments) == len(findings)
    return out, {c["text"]: c for c in comments}, data


def test_quotes_across_an_inline_and_a_block_content_control():
    content = f.with_content_controls()
    items = [finding(content, "gäller hemtjänst i Luleå för", "f1"),
             finding(content, "hemtjänst", "f2"),
             finding(content, "RS 2024", "f3")]
    assert items[2]["location"]["content_control"] == 0 and items[2]["location"]["paragraph"] is None
    out, by_text, _ = annotated(content, items)
    for fnd in items:
        assert by_text[comment_text(fnd)]["range"] == fnd["quote"]
    assert read_docx(out).blocks[0].text == "Dnr RS 2024/123"


def test_quote_across_a_tracked_insertion_keeps_the_deletion():
    content = f.with_tracked_changes()
    items = [finding(content, "påverkar kvinnor", "f1"), finding(content, "och", "f2")]
    out, by_text, _ = annotated(content, items)
    for fnd in items:
        assert by_text[comment_text(fnd)]["range"] == fnd["quote"]
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
    assert xml.count("<w:delText") == 2 and "alla invånare" in xml
    # the comment reference is not part of the tracked insertion
    root = etree.fromstring(xml.encode())
    for ref in root.iter(qn("w:commentReference")):
        assert ref.getparent().getparent().tag == qn("w:p")


def test_quote_in_and_around_a_hyperlink_keeps_the_link_and_its_formatting():
    content = f.with_hyperlink()
    items = [finding(content, "från jämställdhetsstrategin som", "f1"),
             finding(content, "strategin", "f2")]
    out, by_text, _ = annotated(content, items)
    for fnd in items:
        assert by_text[comment_text(fnd)]["range"] == fnd["quote"]
    document = docx.Document(io.BytesIO(out))
    link = document.paragraphs[0].hyperlinks[0]
    assert link.address == f.HYPERLINK_URL and link.text == "jämställdhetsstrategin"
    assert len(link.runs) == 2 and all(r.underline for r in link.runs)


@pytest.mark.parametrize("merged", [False, True])
def test_quotes_in_tables_plain_and_merged(merged):
    content = f.with_table([["Grupp", "Kvinnor", "Män"], ["Brukare i hemtjänsten", "120", "80"],
                            ["Alla invånare", "300", "310"]], merged=merged)
    quotes = ["Brukare", "hemtjänsten", "Grupp", "310", "Män"] + ([] if merged else ["invånare"])
    items = [finding(content, q, f"f{i}") for i, q in enumerate(quotes)]
    assert all(fnd["location"]["table"] for fnd in items)
    out, by_text, _ = annotated(content, items)
    for fnd in items:
        assert by_text[comment_text(fnd)]["range"] == fnd["quote"]
    document = docx.Document(io.BytesIO(out))
    for fnd in items:  # the comment is in the cell python-docx addresses with the location
        t = fnd["location"]["table"]
        cell = document.tables[t["index"]].cell(t["row"], t["col"])
        assert fnd["quote"] in cell.text and "commentRangeStart" in etree.tostring(cell._tc).decode()


def test_rich_document_split_runs_keep_their_formatting():
    content = rich_document()
    items = [finding(content, "alla invånare", "f1"),  # bold run into italic run
             finding(content, "med \nhemtjänst", "f2"),  # across a tab-less break
             finding(content, "120\nMän", "f3"),  # across two paragraphs of one cell
             finding(content, "jämställdheten", "f4", occurrence=1),  # the second occurrence
             finding(content, "längre väg", "f5"),  # paragraph in a block content control
             finding(content, "elever", "f6"),  # table inside a block content control
             unlocated("f7"), unlocated("f8")]
    out, by_text, _data = annotated(content, items)
    for fnd in items[:6]:
        assert by_text[comment_text(fnd)]["range"] == fnd["quote"], fnd["quote"]
    second = by_text[comment_text(items[3])]
    assert second["prefix"] == items[3]["location"]["start"]
    assert second["paragraph"].count("jämställdheten") == 2
    gap = [c for c in comments_of(out) if c["text"] == comment_text(unlocated("x"))]
    assert len(gap) == 2 and all(c["range"] == "Ärende om hemtjänst i Överkalix" for c in gap)
    document = docx.Document(io.BytesIO(out))
    runs = [r for r in document.paragraphs[1].runs if r.text]  # not the comment references
    texts = [r.text for r in runs]
    assert "".join(texts) == document.paragraphs[1].text
    assert ["Förslaget ", "gäller ", "alla", " invånare", " i kommunen"] == texts[:5]
    assert runs[1].bold and runs[2].bold and not runs[3].bold
    assert runs[3].italic and runs[4].italic and runs[3].font.size == runs[4].font.size
    assert document.sections[0].header.paragraphs[0].text == "Region Norrbotten – Regionstyrelsen"


def test_findings_without_location_go_on_the_title_or_first_paragraph():
    content = f.plain(["Första stycket i ärendet utan rubrik.", "Andra stycket."])
    data = report_for(content, [unlocated("f1")])
    data["document"]["title"] = ""
    comments = comments_of(annotate_docx(content, data))
    assert [c["range"] for c in comments] == ["Första stycket i ärendet utan rubrik."]
    # with a title, the title gets it
    content = f.plain(["Titel på ärendet", "Text om hemtjänst."])
    data = report_for(content, [unlocated("f1")])
    assert data["document"]["title"] == "Titel på ärendet"
    assert [c["range"] for c in comments_of(annotate_docx(content, data))] == ["Titel på ärendet"]


def test_stale_offsets_fall_back_to_searching_the_quote():
    content = f.plain(["Inledning.", "Förslaget gäller patienter och brukare."])
    fnd = finding(content, "brukare", "f1")
    fnd["location"]["start"] += 3  # offsets no longer match the text
    fnd["location"]["end"] += 3
    moved = copy.deepcopy(fnd)
    moved["id"], moved["message"] = "f2", "Annan paragraf."
    moved["location"]["paragraph"] = 0
    moved["location"]["block"] = 0
    gone = copy.deepcopy(fnd)
    gone["id"], gone["message"], gone["quote"] = "f3", "Borta.", "finns inte i texten"
    _out, by_text, _ = annotated(content, [fnd, moved, gone])
    assert by_text[comment_text(fnd)]["range"] == "brukare"
    assert by_text[comment_text(moved)]["range"] == "brukare"
    # a quote that is not in the document: the paragraph it points at
    assert by_text[comment_text(gone)]["range"] == "Förslaget gäller patienter och brukare."


def test_overlapping_and_repeated_findings_each_get_a_comment():
    content = f.plain(["Alla invånare och alla patienter berörs av förslaget."])
    items = [finding(content, "Alla invånare och alla", "f1"),
             finding(content, "invånare", "f2"), finding(content, "alla patienter", "f3"),
             finding(content, "invånare", "f4"), finding(content, "förslaget.", "f5")]
    items[3]["message"] = "En andra anmärkning på samma ord."
    _out, by_text, _ = annotated(content, items)
    for fnd in items:
        assert by_text[comment_text(fnd)]["range"] == fnd["quote"]


def test_existing_comments_and_header_footer_are_kept():
    content = f.with_header_footer("Sidhuvud åäö", "Sidfot – sida", ["Ärendet gäller elever."])
    first = annotate_docx(content, report_for(content, [finding(content, "elever", "f1")]))
    second = annotate_docx(first, report_for(first, [finding(first, "gäller", "f2")]))
    comments = comments_of(second)
    assert sorted(c["range"] for c in comments) == ["elever", "gäller"]
    assert len({c["id"] for c in comments}) == 2
    document = docx.Document(io.BytesIO(second))
    assert document.sections[0].header.paragraphs[0].text == "Sidhuvud åäö"
    assert document.sections[0].footer.paragraphs[0].text == "Sidfot – sida"


def test_not_a_docx_gives_a_swedish_error():
    from jamcheck.errors import JamcheckError

    with pytest.raises(JamcheckError, match="Dokumentet kan inte öppnas"):
        annotate_docx(b"PK\x03\x04 inte en zip", {"findings": []})


# --------------------------------------------------------------------------
# LibreOffice opens the annotated files


def test_libreoffice_converts_annotated_files_to_pdf(reports, tmp_path):
    if not os.path.exists(SOFFICE):
        pytest.fail(f"{SOFFICE} saknas: installera libreoffice-writer-nogui "
                    "(scripts/install-system-packages) för att testa att LibreOffice öppnar "
                    "den kommenterade Word-filen.")
    files = []
    for name in ("bus_routes_weak.docx", "mobile_care_team_health.docx"):
        content, data = reports[name]
        path = tmp_path / name.replace(".docx", ".granskad.docx")
        path.write_bytes(annotate_docx(content, data))
        files.append(path)
    content = rich_document()
    items = [finding(content, "alla invånare", "f1"), finding(content, "120\nMän", "f2"),
             finding(content, "elever", "f3"), unlocated("f4")]
    rich = tmp_path / "rich.granskad.docx"
    rich.write_bytes(annotate_docx(content, report_for(content, items)))
    files.append(rich)
    for maker in (f.with_content_controls, f.with_tracked_changes, f.with_hyperlink):
        content = maker()
        quote = {"with_content_controls": "hemtjänst i Luleå för",
                 "with_tracked_changes": "påverkar kvinnor",
                 "with_hyperlink": "från jämställdhetsstrategin"}[maker.__name__]
        path = tmp_path / f"{maker.__name__}.granskad.docx"
        path.write_bytes(annotate_docx(content, report_for(content, [finding(content, quote, "f1")])))
        files.append(path)
    out_dir = tmp_path / "pdf"
    profile = Path(tempfile.mkdtemp(prefix="jamcheck-lo-"))
    try:
        proc = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, files)],
            capture_output=True, text=True, timeout=300, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert proc.returncode == 0, proc.stderr
    for path in files:
        pdf = out_dir / (path.name[:-5] + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, (path.name, proc.stdout, proc.stderr)
        _pages, text = pdf_text(pdf.read_bytes())
        assert text  # LibreOffice laid the document out
    _pages, text = pdf_text((out_dir / "bus_routes_weak.granskad.pdf").read_bytes())
    assert re.search(r"Ändrad linjesträckning", text)


def test_pdf_falls_back_to_bundled_vera_when_dejavu_fonts_are_missing(reports, tmp_path):
    """Without the Debian DejaVu fonts (or without fonts-dejavu-extra's obliques) the PDF uses
    reportlab's bundled Vera for the missing styles; Swedish text and quotes still come out."""
    _content, data = reports["bus_routes_weak.docx"]
    report = tmp_path / "report.json"
    report.write_text(json.dumps(data), encoding="utf-8")
    code = (
        "import json, sys\n"
        "import jamcheck.outputs.pdf as P\n"
        "P.DEJAVU_DIRS = ('/nonexistent',) if sys.argv[1] == 'none' else P.DEJAVU_DIRS\n"
        "P.STYLE_FILES['italic'] = ('Missing-Oblique.ttf', 'VeraIt.ttf')\n"
        "data = json.load(open(sys.argv[2], encoding='utf-8'))\n"
        "sys.stdout.buffer.write(P.render_pdf(data))\n")
    for mode in ("none", "no-oblique"):
        proc = subprocess.run([sys.executable, "-c", code, mode, str(report)],
                              capture_output=True, check=False, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        fonts = {str(font) for page in PdfReader(io.BytesIO(proc.stdout)).pages
                 for font in page["/Resources"]["/Font"].values()
                 for font in [font.get_object()["/BaseFont"]]}
        assert any("Vera" in name for name in fonts), fonts
        _pages, text = pdf_text(proc.stdout)
        assert "”resenärer”" in text and "Målgrupper beskrivs som kvinnor och män" in text


def test_pdf_shows_stored_times_in_swedish_local_time():
    import datetime as dt

    from jamcheck.outputs.pdf import _when

    assert _when(dt.datetime(2025, 7, 1, 10, 0)) == "2025-07-01 12:00"
    assert _when(dt.datetime(2025, 1, 15, 10, 0)) == "2025-01-15 11:00"
    assert _when("2025-07-01T10:00:00+00:00") == "2025-07-01 12:00"


def test_pages_and_pdf_group_findings_by_section_the_same_way():
    """Document order, a new group where the section changes; two sections with the same
    heading stay apart (the pages and the PDF share report.by_section)."""
    from jamcheck.report import by_section

    def finding(section, block):
        return {"location": {"section": section, "block": block, "paragraph": block}}

    groups = by_section([finding(None, 0), finding("Ärendet", 2), finding("Ärendet", 3),
                         finding("Jämställdhet", 5), finding("Ärendet", 8),
                         {"location": {"section": None, "block": None, "paragraph": None}}])
    assert [(kind, heading, len(items)) for kind, heading, items in groups] == [
        ("before", "Före första rubriken", 1), ("section", "Ärendet", 2),
        ("section", "Jämställdhet", 1), ("section", "Ärendet", 1),
        ("document", "Hela dokumentet", 1)]
