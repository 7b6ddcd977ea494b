"""WordprocessingML as jamcheck reads it: the body's blocks and the text of each.

`body_blocks(body)` yields the blocks of a `w:body` in reading order: paragraphs, paragraphs
inside block-level content controls (numbered apart, since python-docx does not list them)
and table cells, each with the index it is found by. `text_runs` and `run_text` give the
runs that carry a paragraph's visible text and that text. `jamcheck.ingest` builds the
Document from these and `jamcheck.outputs.annotate` finds the same blocks again to put Word
comments on them, so a finding's block and offsets mean the same in both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


W_P, W_R, W_T, W_TAB, W_BR, W_CR = map(w, ("p", "r", "t", "tab", "br", "cr"))
W_TBL, W_TR, W_TC, W_SDT, W_SDTCONTENT = map(w, ("tbl", "tr", "tc", "sdt", "sdtContent"))
W_PPR, W_RPR, W_PSTYLE, W_RSTYLE = map(w, ("pPr", "rPr", "pStyle", "rStyle"))
W_B, W_VAL, W_NUMPR, W_OUTLINE = map(w, ("b", "val", "numPr", "outlineLvl"))
W_GRIDSPAN, W_VMERGE, W_TCPR, W_GRIDCOL = map(w, ("gridSpan", "vMerge", "tcPr", "gridCol"))
W_NOBREAKHYPHEN = w("noBreakHyphen")
# Containers whose text is not part of the paragraph as read: deleted or moved-away text,
# text boxes (their own story), and the alternative renderings of drawings.
SKIPPED = {
    w("del"), w("moveFrom"), w("txbxContent"), w("pPr"), w("rPr"), w("instrText"),
    w("delText"), w("footnoteReference"), w("endnoteReference"), f"{{{MC}}}AlternateContent",
    w("drawing"), w("pict"), w("object"), w("sdtPr"), w("sdtEndPr"),
}
# Containers of body blocks that are read through: custom XML, tracked insertions and moves
THROUGH = {w("customXml"), w("ins"), w("moveTo")}


@dataclass
class BodyBlock:
    """A paragraph, a paragraph in a block content control, or a table cell."""

    paragraphs: list[etree._Element]  # the w:p; a cell's text joins them with "\n"
    paragraph: int | None = None  # the n-th body paragraph (python-docx's document.paragraphs)
    control: int | None = None  # the n-th paragraph inside block content controls
    cell: tuple[int, int, int] | None = None  # (table, row, column) in python-docx's grid


def body_blocks(body: etree._Element) -> Iterator[BodyBlock]:
    """The blocks of `body` in reading order, with their indices."""
    counters = {"paragraph": 0, "control": 0, "table": 0}
    yield from _walk(body, False, counters)


def _walk(container: etree._Element, in_control: bool, counters: dict) -> Iterator[BodyBlock]:
    for child in container:
        tag = child.tag
        if tag == W_P:
            if in_control:
                yield BodyBlock([child], control=counters["control"])
                counters["control"] += 1
            else:
                yield BodyBlock([child], paragraph=counters["paragraph"])
                counters["paragraph"] += 1
        elif tag == W_TBL:
            if in_control:
                # a table inside a block content control: python-docx does not list it, so
                # its cells have no place in the grid; they are read as control paragraphs
                for p in child.iter(W_P):
                    yield BodyBlock([p], control=counters["control"])
                    counters["control"] += 1
            else:
                yield from _table(child, counters["table"])
                counters["table"] += 1
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _walk(content, True, counters)
        elif tag in THROUGH:
            yield from _walk(child, in_control, counters)


def _table(tbl: etree._Element, index: int) -> Iterator[BodyBlock]:
    """The cells of a table that hold text of their own (not the continuation of a vertical
    merge), each at its place in python-docx's flat grid of cells."""
    grid = tbl.find(w("tblGrid"))
    cols = len(grid.findall(W_GRIDCOL)) if grid is not None else 0
    if cols == 0:
        first = next(tbl.iter(W_TR), None)
        cols = len(first.findall(W_TC)) if first is not None else 1
    k = 0
    for tc in table_cells(tbl):
        span, merged = 1, False
        tcpr = tc.find(W_TCPR)
        if tcpr is not None:
            gs = tcpr.find(W_GRIDSPAN)
            if gs is not None:
                span = max(1, to_int(gs.get(W_VAL)) or 1)
            vm = tcpr.find(W_VMERGE)
            merged = vm is not None and vm.get(W_VAL, "continue") == "continue"
        if not merged:
            paragraphs = tc.findall(W_P) + [p for sdt in tc.findall(W_SDT) for p in sdt.iter(W_P)]
            yield BodyBlock(paragraphs, cell=(index, k // cols, k % cols))
        k += span


def table_cells(tbl: etree._Element) -> Iterator[etree._Element]:
    """The w:tc of a table in document order, through row- and cell-level content controls."""
    for row in _children(tbl, W_TR):
        yield from _children(row, W_TC)


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W_SDT, W_SDTCONTENT, w("customXml")):
            inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from _children(inner, tag)


def text_runs(el: etree._Element) -> Iterator[etree._Element]:
    """The w:r of a paragraph (or part of one) in reading order: through hyperlinks,
    insertions, inline content controls, smart tags, fields and custom XML; not into
    deleted text, text boxes or drawings."""
    for child in el:
        tag = child.tag
        if tag == W_R:
            yield child
        elif tag in SKIPPED or not isinstance(tag, str):
            continue
        else:
            yield from text_runs(child)


# The characters that run content other than w:t stands for
CHARACTERS = {W_TAB: "\t", W_BR: "\n", W_CR: "\n", W_NOBREAKHYPHEN: "-"}


def item_text(item: etree._Element) -> str:
    """The text one child of a run stands for (none for its properties, fields, drawings)."""
    return (item.text or "") if item.tag == W_T else CHARACTERS.get(item.tag, "")


def run_text(run: etree._Element) -> str:
    """The visible text of a run: its text, tabs, line breaks and non-breaking hyphens."""
    return "".join([item_text(item) for item in run])


def paragraph_text(p: etree._Element) -> str:
    return "".join(run_text(r) for r in text_runs(p))


def block_text(block: BodyBlock) -> str:
    return "\n".join(paragraph_text(p) for p in block.paragraphs)


def to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
