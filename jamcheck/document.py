"""The document model: what jamcheck knows about a Word case after reading it, with stable locations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property


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

    @cached_property
    def attachment_start(self) -> int | None:
        """Where what is attached after the case's signature begins (see `signature_end`);
        None when nothing follows the signature or no signature is found."""
        return signature_end(self.blocks)

    def in_attachment(self, block: Block) -> bool:
        start = self.attachment_start
        return start is not None and block.index >= start

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)

    @cached_property
    def untitled(self) -> bool:
        """Whether the text has neither a title nor any heading (an excerpt, plain text)."""
        return self.title_block is None and not self.section_titles

    @cached_property
    def title_area(self) -> list[Block]:
        """The blocks that state the case's title: the title block and any block in a title
        style; in a text without a title (an excerpt, with or without headings), its first
        non-empty paragraph, whose first sentence stands for the title
        (AnalysedDocument.title_sentences)."""
        blocks = [b for b in self.blocks if b.kind == "title" or b is self.title_block]
        if not blocks:  # no title: the first paragraph, also under a heading (an excerpt)
            first = next((b for b in self.blocks if b.text.strip() and b.kind != "heading"), None)
            if first is not None:
                blocks.append(first)
        return blocks

    @cached_property
    def section_titles(self) -> list[str]:
        return [s.title for s in self.sections if s.title]

    @cached_property
    def _row_labels(self) -> dict[tuple[int, int], str]:
        return {(b.cell.index, b.cell.row): b.text for b in self.blocks
                if b.cell is not None and b.cell.col == 0}

    def row_label(self, block: Block) -> str:
        """The text of the first cell in a table cell's row ("Jämställdhet" in a table of
        consequences "Jämställdhet | Ingen påverkan."); "" for blocks outside tables and for
        a header row, whose first cell heads its column ("Åtgärd | Väntande totalt | varav
        kvinnor" names the column of procedures, not a section of measures)."""
        if block.cell is None or block.cell.col == 0 or block.cell.row == 0:
            return ""
        return self._row_labels.get((block.cell.index, block.cell.row), "")


# In a rule's `sections.skip`: what is attached after the case's signature.
ATTACHMENTS = "@attachments"
# A signatory's title: "Stadsdirektör", "Direktör Ärende och utredning", "Förvaltningschef".
SIGNATORY = re.compile(r"\w*(?:direktör|chef)(?!\w)", re.IGNORECASE)
SIGNATURE_WORDS = 12
LETTERHEAD_BLOCKS = 3


def signature_end(blocks: list[Block]) -> int | None:
    """The index of the first block after the case's signature, when anything follows it.

    A case ends with the names and titles of those who sign it ("Jonas Kinnander  Eva
    Hessman" / "Direktör Ärende och utredning  Stadsdirektör"); what a file holds after
    that is attached: a covering letter, another body's minutes or report. The signature is
    the first short paragraph (at most SIGNATURE_WORDS words, past the letterhead, not in a
    table) that names a signatory's title and is no sentence: no final full stop, no colon,
    no digits, no e-mail address (which would make it a contact line)."""
    paragraphs = [b for b in blocks if b.text.strip() and b.cell is None]
    for i, block in enumerate(paragraphs):
        text = block.text.strip()
        if i < LETTERHEAD_BLOCKS or block.kind not in ("paragraph", "list_item"):
            continue
        if len(text.split()) > SIGNATURE_WORDS or text.endswith((".", "!", "?")) \
                or any(ch in text for ch in ":@") or any(ch.isdigit() for ch in text):
            continue
        if SIGNATORY.search(text):
            return paragraphs[i + 1].index if i + 1 < len(paragraphs) else None
    return None
