"""The fixture builders write the Word features they promise, and only those."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from lxml import etree

try:  # works whether or not tests/ is a package
    from tests import docxfactory as f
except ImportError:  # pragma: no cover
    import docxfactory as f

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def texts_of(element: etree._Element) -> str:
    return "".join(element.itertext())


VALID_BUILDERS = {
    "plain": lambda: f.plain(["Första stycket.", "Andra stycket."], {1: "Bakgrund"}),
    "with_bold_headings": lambda: f.with_bold_headings([("bold", "Ärendet"), ("p", "Text.")]),
    "with_content_controls": f.with_content_controls,
    "with_tracked_changes": f.with_tracked_changes,
    "with_hyperlink": f.with_hyperlink,
    "with_table": lambda: f.with_table([["Kön", "Antal"], ["Kvinnor", "12"], ["Män", "9"]]),
    "with_table_merged": lambda: f.with_table(
        [["Resor", "", "Andel"], ["Linje 21", "Kvinnor", "61"], ["", "Män", "39"]],
        merged=True,
    ),
    "with_header_footer": lambda: f.with_header_footer("Dnr RS 2024/1", "Sida 1", ["Text."]),
    "empty_document": f.empty_document,
}


@pytest.mark.parametrize("name", sorted(VALID_BUILDERS))
def test_valid_builders_give_a_docx_python_docx_opens(name):
    data = VALID_BUILDERS[name]()
    assert isinstance(data, bytes)
    assert zipfile.is_zipfile(io.BytesIO(data))
    open_docx(data)  # raises if not a valid package


@pytest.mark.parametrize("name", sorted(VALID_BUILDERS))
def test_builders_are_deterministic(name):
    assert VALID_BUILDERS[name]() == VALID_BUILDERS[name]()


def test_plain_inserts_heading_1_before_the_given_position():
    doc = open_docx(f.plain(["a", "b"], {1: "Rubrik", 2: "Sist"}))
    assert [(p.text, p.style.name) for p in doc.paragraphs] == [
        ("a", "Normal"),
        ("Rubrik", "Heading 1"),
        ("b", "Normal"),
        ("Sist", "Heading 1"),
    ]


def test_plain_rejects_heading_positions_out_of_range():
    with pytest.raises(ValueError):
        f.plain(["a"], {5: "Rubrik"})


def test_bold_headings_are_normal_paragraphs_with_one_bold_run():
    doc = open_docx(
        f.with_bold_headings([("bold", "Sammanfattning"), ("p", "Förslaget gäller buss.")])
    )
    heading, body = doc.paragraphs
    assert heading.style.name == "Normal"
    assert [r.bold for r in heading.runs] == [True]
    assert heading.text == "Sammanfattning"
    assert body.style.name == "Normal"
    assert not any(r.bold for r in body.runs)


def test_bold_headings_reject_unknown_kind():
    with pytest.raises(ValueError):
        f.with_bold_headings([("h1", "x")])


def test_content_controls_are_block_and_inline_sdt():
    root = document_xml(f.with_content_controls())
    body = root.find("w:body", NS)
    block = body.findall("w:sdt", NS)
    assert len(block) == 1
    assert texts_of(block[0].find("w:sdtContent", NS)) == "Dnr RS 2024/123"
    inline = body.findall("w:p/w:sdt", NS)
    assert len(inline) == 1
    assert texts_of(inline[0].find("w:sdtContent", NS)) == "hemtjänst i Luleå"
    paragraph = inline[0].getparent()
    assert texts_of(paragraph) == "Ärendet gäller hemtjänst i Luleå för äldre."


def test_content_controls_show_what_python_docx_drops():
    # Documents the trap the ingest code must handle itself.
    doc = open_docx(f.with_content_controls())
    assert [p.text for p in doc.paragraphs] == ["Ärendet gäller  för äldre."]


def test_tracked_changes_have_ins_and_del_with_revision_attributes():
    root = document_xml(f.with_tracked_changes())
    ins = root.findall(".//w:ins", NS)
    dels = root.findall(".//w:del", NS)
    assert len(ins) == 1 and len(dels) == 2
    for mark in ins + dels:
        assert {f"{{{W}}}id", f"{{{W}}}author", f"{{{W}}}date"} <= set(mark.attrib)
    assert texts_of(ins[0]) == "kvinnor och män"
    assert [t.text for t in root.iter(f"{{{W}}}delText")] == [
        "alla invånare",
        "Ärendet bedöms inte påverka jämställdheten.",
    ]


def test_tracked_changes_accepted_reading():
    root = document_xml(f.with_tracked_changes())
    paragraphs = root.findall("w:body/w:p", NS)
    accepted = ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in paragraphs]
    assert accepted == ["Förslaget påverkar kvinnor och män", ""]


def test_tracked_changes_show_what_python_docx_drops():
    doc = open_docx(f.with_tracked_changes())
    assert [p.text for p in doc.paragraphs] == ["Förslaget påverkar ", ""]


def test_hyperlink_points_to_an_external_relationship():
    data = f.with_hyperlink()
    root = document_xml(data)
    links = root.findall(".//w:hyperlink", NS)
    assert len(links) == 1
    assert texts_of(links[0]) == "jämställdhetsstrategin"
    r_id = links[0].get(f"{{{R}}}id")
    rel = open_docx(data).part.rels[r_id]
    assert rel.is_external
    assert rel.target_ref == f.HYPERLINK_URL
    paragraph = open_docx(data).paragraphs[0]
    assert paragraph.text == (
        "Förslaget utgår från jämställdhetsstrategin som regionfullmäktige antog 2023."
    )


def test_table_sits_between_two_paragraphs():
    rows = [["Kön", "Antal"], ["Kvinnor", "12"], ["Män", "9"]]
    doc = open_docx(f.with_table(rows))
    kinds = [type(block).__name__ for block in doc.iter_inner_content()]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = doc.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == rows
    root = document_xml(f.with_table(rows))
    assert not root.findall(".//w:gridSpan", NS)
    assert not root.findall(".//w:vMerge", NS)


def test_merged_table_has_grid_span_and_vertical_merge():
    rows = [["Resor", "x", "Andel"], ["Linje 21", "Kvinnor", "61"], ["y", "Män", "39"]]
    data = f.with_table(rows, merged=True)
    root = document_xml(data)
    spans = root.findall(".//w:tc/w:tcPr/w:gridSpan", NS)
    assert [s.get(f"{{{W}}}val") for s in spans] == ["2"]
    vmerges = root.findall(".//w:tc/w:tcPr/w:vMerge", NS)
    assert [v.get(f"{{{W}}}val") for v in vmerges] == ["restart", None]
    table = open_docx(data).tables[0]
    assert table.cell(0, 0).text == table.cell(0, 1).text == "Resor"
    assert table.cell(1, 0).text == table.cell(2, 0).text == "Linje 21"
    assert "x" not in texts_of(root) and "y" not in texts_of(root)


def test_merged_table_needs_room_to_merge():
    with pytest.raises(ValueError):
        f.with_table([["a", "b"]], merged=True)


def test_header_and_footer_are_outside_the_body():
    data = f.with_header_footer("Dnr RS 2024/456  2024-11-14", "Region Norrbotten", ["Brödtext."])
    doc = open_docx(data)
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "Dnr RS 2024/456  2024-11-14"
    assert section.footer.paragraphs[0].text == "Region Norrbotten"
    assert [p.text for p in doc.paragraphs] == ["Brödtext."]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
    assert any(n.startswith("word/header") for n in names)
    assert any(n.startswith("word/footer") for n in names)


def test_empty_document_has_no_text():
    data = f.empty_document()
    doc = open_docx(data)
    assert doc.paragraphs == [] and doc.tables == []
    assert texts_of(document_xml(data)).strip() == ""


def test_not_a_docx_is_plain_text():
    data = f.not_a_docx()
    assert not zipfile.is_zipfile(io.BytesIO(data))
    data.decode("utf-8")


def test_corrupt_zip_looks_like_a_zip_but_cannot_be_opened():
    data = f.corrupt_zip()
    assert data.startswith(b"PK\x03\x04")
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(data))
    with pytest.raises(zipfile.BadZipFile):  # python-docx passes zipfile's error through
        open_docx(data)


def test_empty_file_is_empty():
    assert f.empty_file() == b""


def test_zip_without_document_lacks_only_the_main_part():
    data = f.zip_without_document()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
    assert "word/document.xml" not in names
    assert "[Content_Types].xml" in names and "word/styles.xml" in names
    with pytest.raises(KeyError):  # python-docx's raw error; ingest must translate it
        open_docx(data)
