"""The uploaded .docx returned with a Word comment on each finding's quoted passage.

`annotate_docx(content, data)` opens the file with python-docx, finds for every finding the
paragraph or table cell its location points to, splits runs at the quote's start and end
(copying the run properties, so the formatting stays the same) and adds a comment with
python-docx's `Document.add_comment` whose range covers exactly the quoted text.

Blocks are found with the reader's own walk (`jamcheck.wordml.body_blocks`), not through
python-docx's lists: the offsets of a finding are offsets into the text the reader produced,
which includes text in tracked insertions, hyperlinks, inline and block-level content
controls. Only range
markers and comment-reference runs (which hold no text) are added to the body; the text,
styles, tables, headers and footers of the document are left as they were.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from docx.text.run import Run

from ..errors import UnreadableDocument
from ..ingest import check_package
from ..wordml import W_P, W_R, W_RPR, BodyBlock, body_blocks, item_text, run_text, text_runs

AUTHOR = "jamcheck"
INITIALS = "JC"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_COMMENT_RANGE_END = qn("w:commentRangeEnd")


@dataclass
class _Block(BodyBlock):
    """A body block as jamcheck.ingest reads it (jamcheck.wordml.body_blocks), with its
    position among the blocks and its runs."""

    index: int = 0
    segments: list = field(default_factory=list)  # (w:r, start, end) in block text offsets
    text: str = ""

    def refresh(self) -> None:
        """Recompute the text-producing runs and their offsets (after runs were split)."""
        segments, parts, pos = [], [], 0
        for k, p in enumerate(self.paragraphs):
            if k:
                parts.append("\n")
                pos += 1
            for r in text_runs(p):
                text = run_text(r)
                segments.append((r, pos, pos + len(text)))
                parts.append(text)
                pos += len(text)
        self.segments = segments
        self.text = "".join(parts)


def _walk(body) -> list[_Block]:
    """The body's blocks in the reader's order, with the reader's indices."""
    blocks = [_Block(**vars(b), index=i) for i, b in enumerate(body_blocks(body))]
    for b in blocks:
        b.refresh()
    return blocks


def _split_run(r, k: int):
    """Split run `r` after its k-th character; `r` keeps the start, the returned copy the rest.

    Both halves keep the run's attributes and properties (w:rPr is copied); a w:t that
    straddles the split is cut in two. Elements without text go with the part they precede.
    """
    r2 = copy.deepcopy(r)
    r2.tail = None
    pos = 0
    for c1, c2 in zip([c for c in r if c.tag != W_RPR], [c for c in r2 if c.tag != W_RPR]):
        n = len(item_text(c1))
        if n == 0:
            (r2 if pos < k else r).remove(c2 if pos < k else c1)
        elif pos + n <= k:
            r2.remove(c2)
        elif pos >= k:
            r.remove(c1)
        else:
            j = k - pos
            c1.text, c2.text = c1.text[:j], c1.text[j:]
            c1.set(XML_SPACE, "preserve")
            c2.set(XML_SPACE, "preserve")
        pos += n
    r.addnext(r2)
    return r2


def _split_at(block: _Block, offset: int) -> None:
    for r, start, end in block.segments:
        if start < offset < end:
            _split_run(r, offset - start)
            block.refresh()
            return


def _runs_for(block: _Block, start: int, end: int) -> list:
    """Split runs so that [start, end) is covered by whole runs; return those runs."""
    if end > start:
        _split_at(block, start)
        _split_at(block, end)
        runs = [r for r, s, e in block.segments if s >= start and e <= end and e > s]
        if runs:
            return runs
    # an empty or unisolatable span: anchor on the runs that touch it
    runs = [r for r, s, e in block.segments if s < max(end, start + 1) and e > start and e > s]
    return runs or [r for r, s, e in block.segments if e > s]


@dataclass
class Anchor:
    """Where a finding's comment went: the block and the character span it covers."""

    finding: str
    block: int
    start: int
    end: int
    exact: bool  # the span is the finding's quote at its own location


def _locate(f: dict, blocks: list[_Block], by: dict, fallback: _Block | None):
    """(block, start, end, exact) for a finding, or None when the document has no text."""
    loc = f.get("location") or {}
    quote = f.get("quote") or ""
    block = None
    if loc.get("table"):
        t = loc["table"]
        block = by["cell"].get((t.get("index"), t.get("row"), t.get("col")))
    elif loc.get("paragraph") is not None:
        block = by["paragraph"].get(loc["paragraph"])
    elif loc.get("content_control") is not None:
        block = by["control"].get(loc["content_control"])
    if block is None and isinstance(loc.get("block"), int) and 0 <= loc["block"] < len(blocks):
        block = blocks[loc["block"]]
    start, end = loc.get("start"), loc.get("end")
    if quote:
        if (block is not None and isinstance(start, int) and isinstance(end, int)
                and block.text[start:end] == quote):
            return block, start, end, True
        candidates = ([block] if block is not None else []) + blocks
        for b in candidates:
            hits = _all_indices(b.text, quote)
            if hits:
                near = start if (b is block and isinstance(start, int)) else 0
                at = min(hits, key=lambda i: abs(i - near))
                return b, at, at + len(quote), False
    if block is not None and block.text.strip():
        return block, *_trimmed(block.text), False
    if fallback is not None:
        return fallback, *_trimmed(fallback.text), False
    return None


def _all_indices(text: str, quote: str) -> list[int]:
    out, i = [], text.find(quote)
    while i >= 0:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def _trimmed(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


def comment_text(f: dict, dismissal: dict | None = None) -> str:
    message = (f.get("message") or "").strip()
    suggestion = (f.get("suggestion") or "").strip()
    text = f"{message} Förslag: {suggestion}" if suggestion else message
    if dismissal is not None:  # {"user": ..., "reason": ...}
        who = f" av {dismissal['user']}" if dismissal.get("user") else ""
        return f"Avfärdad som inte relevant{who}: ”{dismissal.get('reason') or ''}”. ({text})"
    return text


def annotate_docx(content: bytes, data: dict, dismissals: dict[str, dict] | None = None,
                  omit_dismissed: bool = False) -> bytes:
    """The .docx `content` with a comment by "jamcheck" on each finding of the report `data`.
    `dismissals` (finding id -> {"user", "reason"}) are marked as dismissed in their comment,
    or left out with `omit_dismissed`."""
    dismissals = dismissals or {}
    if omit_dismissed:
        data = dict(data, findings=[f for f in data.get("findings") or []
                                    if f.get("id") not in dismissals])
    document, _anchors = annotate(content, data, dismissals)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def annotate(content: bytes, data: dict, dismissals: dict[str, dict] | None = None):
    """Add the comments; return the python-docx Document and the list of Anchors used."""
    import docx

    try:  # python-docx inflates every part: the same budget as at upload
        check_package(content, "dokumentet")
    except UnreadableDocument as err:
        raise UnreadableDocument(
            f"Dokumentet kan inte öppnas för att lägga till kommentarer: {err}") from None
    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as err:  # noqa: BLE001  (python-docx, zipfile and lxml raise many kinds)
        raise UnreadableDocument(
            "Dokumentet kan inte öppnas för att lägga till kommentarer "
            f"({type(err).__name__}). Spara om det som Word-dokument (.docx).") from None
    blocks = _walk(document.element.body)
    by: dict[str, dict] = {"paragraph": {}, "control": {}, "cell": {}}
    for b in blocks:
        if b.paragraph is not None:
            by["paragraph"][b.paragraph] = b
        elif b.control is not None:
            by["control"][b.control] = b
        elif b.cell is not None:
            by["cell"][b.cell] = b
    title = ((data.get("document") or {}).get("title") or "").strip()
    fallback = next((b for b in blocks if title and b.text.strip() == title), None)
    fallback = fallback or next((b for b in blocks if b.text.strip()), None)
    anchors: list[Anchor] = []
    for f in data.get("findings") or []:
        found = _locate(f, blocks, by, fallback)
        if found is None:
            continue
        block, start, end, exact = found
        runs = _runs_for(block, start, end)
        if not runs:
            continue
        document.add_comment([Run(runs[0], None), Run(runs[-1], None)],
                             text=comment_text(f, (dismissals or {}).get(f.get("id"))),
                             author=AUTHOR, initials=INITIALS)
        _lift_reference(runs[-1])
        anchors.append(Anchor(f.get("id", ""), block.index, start, end, exact))
    return document, anchors


def _lift_reference(last_run) -> None:
    """Move the comment-reference run that python-docx put after `last_run` to paragraph level.

    Inside a tracked insertion, a hyperlink or a content control the reference would become
    part of that element (an inserted run, link text, control content); as a direct child of
    the paragraph, right after the element, it is just the comment mark.
    """
    end = last_run.getnext()
    if end is None or end.tag != W_COMMENT_RANGE_END:
        return
    ref = end.getnext()
    if ref is None or ref.tag != W_R:
        return
    anchor = end
    while anchor.getparent() is not None and anchor.getparent().tag != W_P:
        anchor = anchor.getparent()
    if anchor is end or anchor.getparent() is None:
        return
    anchor.addnext(ref)
