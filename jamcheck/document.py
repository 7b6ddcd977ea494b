"""The document model: what jamcheck knows about a Word case after reading it, with stable locations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CellRef:
    """A table cell as python-docx addresses it: `Document.tables[index].cell(row, col)`."""

    index: int
    row: int
    col: int

    def to_dict(self) -> dict:
        return {"index": self.index, "row": self.row, "col": self.col}


@dataclass
class Block:
    """One unit of body text with its place in the file.

    Exactly one of `paragraph`, `cell` and `control` is set: a top-level body paragraph
    (its index among python-docx's `Document.paragraphs`), a table cell, or a paragraph
    inside a block-level content control (`w:sdt`), which python-docx does not list.
    Offsets of findings are character offsets into `text`.
    """

    index: int  # reading order among all body blocks, from 0
    kind: str  # "title" | "heading" | "paragraph" | "list_item" | "cell"
    text: str
    paragraph: int | None = None
    cell: CellRef | None = None
    control: int | None = None
    section: int = 0  # index into Document.sections


@dataclass
class Section:
    """A heading and the blocks under it; section 0 holds what comes before the first heading."""

    index: int
    title: str | None
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def text_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind not in ("heading", "title")]

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.text_blocks)


@dataclass
class Document:
    filename: str
    sha256: str
    title: str
    title_block: Block | None
    blocks: list[Block]
    sections: list[Section]
    # Text of the headers and footers (letterhead, diarienummer, page numbers): not checked,
    # since it says nothing about the case, but counted against the size limit, and compared
    # before and after annotation to show that the Word file's headers and footers are kept
    header_footer: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)

    @property
    def title_area(self) -> list[Block]:
        """The blocks that state the case's title: the title block and any block in a title
        style; in a text without a title or headings, also its first non-empty paragraph,
        whose first sentence stands for the title (AnalysedDocument.title_sentences)."""
        blocks = [b for b in self.blocks if b.kind == "title" or b is self.title_block]
        if self.title_block is None and not any(s.title for s in self.sections):
            first = next((b for b in self.blocks if b.text.strip()), None)
            if first is not None and not any(b is first for b in blocks):
                blocks.append(first)
        return blocks

    @property
    def section_titles(self) -> list[str]:
        return [s.title for s in self.sections if s.title]
