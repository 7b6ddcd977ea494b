"""Reading .docx into the document model: text python-docx drops, headings, tables, locations, bad files."""

import io

import docx
import docxfactory as f
import pytest

from jamcheck.errors import UnreadableDocument
from jamcheck.ingest import read_docx


def texts(document):
    return [b.text for b in document.blocks]


def test_plain_paragraph_indices_match_python_docx():
    data = f.plain(["Första stycket.", "Andra stycket."], {1: "Ärendet"})
    document = read_docx(data, "x.docx")
    reference = docx.Document(io.BytesIO(data)).paragraphs
    for block in document.blocks:
        assert reference[block.paragraph].text == block.text


def test_heading_style_opens_a_section():
    document = read_docx(f.plain(["Beslut om busslinjer", "Text om linjen."],
                                 {1: "Ärendet", 2: "Jämställdhet"}), "x.docx")
    assert document.section_titles == ["Ärendet", "Jämställdhet"]
    assert document.title == "Beslut om busslinjer"
    body = next(b for b in document.blocks if b.text == "Text om linjen.")
    assert document.sections[body.section].title == "Ärendet"


def test_bold_normal_lines_are_headings_but_bold_sentences_are_not():
    data = f.with_bold_headings([
        ("bold", "Ny taxa för färdtjänst"), ("bold", "Sammanfattning"),
        ("p", "Taxan höjs."), ("bold", "Förslag till beslut"),
        ("bold", "Regionstyrelsen beslutar att anta den nya taxan från och med den 1 januari."),
        ("bold", "Jämställdhet"), ("p", "Kvinnor reser oftare med färdtjänst än män."),
    ])
    document = read_docx(data, "x.docx")
    assert document.title == "Ny taxa för färdtjänst"
    assert document.section_titles == ["Sammanfattning", "Förslag till beslut", "Jämställdhet"]


def test_plain_template_heading_words_are_recognised():
    document = read_docx(f.plain(["Titel på ärendet", "Sammanfattning", "Text.", "Jämställdhet:",
                                  "Ej aktuellt."]), "x.docx")
    assert document.section_titles == ["Sammanfattning", "Jämställdhet"]


def test_content_controls_are_read():
    document = read_docx(f.with_content_controls(), "x.docx")
    assert "Dnr RS 2024/123" in texts(document)
    assert "Ärendet gäller hemtjänst i Luleå för äldre." in texts(document)
    control = next(b for b in document.blocks if b.text == "Dnr RS 2024/123")
    assert control.paragraph is None and control.control == 0
    inline = next(b for b in document.blocks if b.text.startswith("Ärendet gäller"))
    assert inline.paragraph == 0  # the first of python-docx's Document.paragraphs


def test_tracked_insertions_are_read_and_deletions_never():
    document = read_docx(f.with_tracked_changes(), "x.docx")
    assert document.blocks[0].text == "Förslaget påverkar kvinnor och män"
    assert not any("invånare" in t or "jämställdheten" in t for t in texts(document))


def test_hyperlink_text_is_read():
    document = read_docx(f.with_hyperlink(), "x.docx")
    assert any("jämställdhetsstrategin" in t for t in texts(document))


def test_table_cells_have_python_docx_positions():
    rows = [["Åldersgrupp", "Kvinnor", "Män"], ["0-17", "120", "130"], ["18-64", "300", "280"]]
    data = f.with_table(rows)
    document = read_docx(data, "x.docx")
    table = docx.Document(io.BytesIO(data)).tables[0]
    cells = [b for b in document.blocks if b.kind == "cell"]
    assert len(cells) == 9
    for b in cells:
        assert table.cell(b.cell.row, b.cell.col).text == b.text


def test_merged_cells_are_read_once():
    rows = [["Rubrik", "x"], ["Vänster", "1"], ["bort", "2"]]
    data = f.with_table(rows, merged=True)
    document = read_docx(data, "x.docx")
    table = docx.Document(io.BytesIO(data)).tables[0]
    cells = [b for b in document.blocks if b.kind == "cell"]
    assert [b.text for b in cells].count("Rubrik") == 1
    assert [b.text for b in cells].count("Vänster") == 1
    for b in cells:
        assert table.cell(b.cell.row, b.cell.col).text == b.text


def test_header_and_footer_are_kept_apart_from_the_body():
    document = read_docx(f.with_header_footer("Dnr 2024/55", "Sida 1", ["Brödtext."]), "x.docx")
    assert document.header_footer == ["Dnr 2024/55", "Sida 1"]
    assert texts(document) == ["Brödtext."]


def test_same_file_gives_same_locations():
    data = f.with_content_controls()
    first, second = read_docx(data, "x.docx"), read_docx(data, "x.docx")
    assert [(b.index, b.paragraph, b.control, b.text) for b in first.blocks] == \
           [(b.index, b.paragraph, b.control, b.text) for b in second.blocks]
    assert first.sha256 == second.sha256


@pytest.mark.parametrize("builder,words", [
    (f.not_a_docx, "inte ett Word-dokument"),
    (f.corrupt_zip, "Filen"),
    (f.empty_file, "tom"),
    (f.zip_without_document, "Word"),
    (f.empty_document, "ingen text"),
])
def test_unreadable_input_raises_a_swedish_error(builder, words):
    with pytest.raises(UnreadableDocument) as err:
        read_docx(builder(), "fel.docx")
    assert words in str(err.value)


def test_renamed_pdf_and_doc_are_named():
    with pytest.raises(UnreadableDocument, match="PDF"):
        read_docx(b"%PDF-1.7\n...", "x.docx")
    with pytest.raises(UnreadableDocument, match=r"\.doc"):
        read_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.docx")


def test_missing_file_is_a_jamcheck_error(tmp_path):
    with pytest.raises(UnreadableDocument, match="finns inte"):
        read_docx(tmp_path / "saknas.docx")


def test_title_is_the_case_heading_after_department_number_and_date():
    data = f.with_bold_headings([
        ("p", "Barn- och utbildningsförvaltningen"), ("p", "Dnr BUN 2026/41"),
        ("p", "2026-03-02"), ("bold", "Ny regel för skolskjuts"), ("bold", "Sammanfattning"),
        ("p", "Förvaltningen föreslår en ny regel.")])
    document = read_docx(data, "t.docx")
    assert document.title == "Ny regel för skolskjuts"
    assert document.section_titles[-1] == "Sammanfattning"


def test_without_a_case_heading_the_first_line_is_the_title():
    data = f.with_bold_headings([
        ("p", "Ny regel för skolskjuts"), ("bold", "Sammanfattning"), ("p", "Text här.")])
    assert read_docx(data, "t.docx").title == "Ny regel för skolskjuts"


@pytest.mark.parametrize("heading", ["Motionen", "Medborgarförslaget", "Revisorernas iakttagelser"])
def test_an_excerpt_opening_with_a_template_heading_has_no_title(heading):
    """An excerpt that opens with the section a motion answer or an audit reply retells is
    untitled: its first paragraph, not the heading, says what the case is about."""
    data = f.plain(["Motionären föreslår att kommunen anlägger ett utegym.", "Förvaltningen delar."],
                   headings={0: heading, 1: "Förvaltningens bedömning"})
    document = read_docx(data, "t.docx")
    assert document.title_block is None and document.section_titles[0] == heading


def test_a_template_s_styles_are_read_once_and_give_the_same_headings():
    """Drafts made from one template share its styles part: it is parsed for the first and
    reused for the next, with the same headings found."""
    from jamcheck import ingest

    ingest._STYLES_SEEN.clear()
    first = read_docx(f.plain(["Text."], headings={0: "Sammanfattning"}), "a.docx")
    assert len(ingest._STYLES_SEEN) == 1
    second = read_docx(f.plain(["Annan text."], headings={0: "Bakgrund"}), "b.docx")
    assert len(ingest._STYLES_SEEN) == 1
    assert [b.kind for b in first.blocks] == [b.kind for b in second.blocks] == ["heading", "paragraph"]
    from docx.enum.style import WD_STYLE_TYPE

    for i in range(ingest._STYLES_SEEN_MAX + 4):  # bounded, however many templates are seen
        document = docx.Document()
        document.styles.add_style(f"Mall {i}", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("Text.")
        out = io.BytesIO()
        document.save(out)
        read_docx(out.getvalue(), f"{i}.docx")
    assert len(ingest._STYLES_SEEN) == ingest._STYLES_SEEN_MAX
    ingest._STYLES_SEEN.clear()
