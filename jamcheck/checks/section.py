"""Section check: a section the checklist expects is missing, or present but (nearly) empty.

Parameters: `headings` (substrings of section titles, lower case, any of which names the
section) and `min_words` (fewer words than this under the heading count as empty; 0
means only a missing section is flagged). A paragraph that opens with such a heading and
goes on as its text (a run-in heading: "Bedömning ur ekonomisk, ekologisk och social
dimension Stadsledningskontoret har inte funnit ...") counts as the section too. With
`mentions` (terms) and `mention_headings`, a broader section ("Konsekvenser",
"Konsekvensanalys", "Förvaltningens bedömning") whose text has one of the terms stands for
the section, and so does any paragraph of a text without headings (an excerpt).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import AnalysedDocument
from ..terms import TermError, Terms
from .base import Hit, run_in

PARAMS = ("headings", "min_words", "mentions", "mention_headings")


@dataclass
class Params:
    headings: list[str]
    min_words: int
    mentions: Terms | None = None
    mention_headings: tuple[str, ...] = ()


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    headings = data.get("headings")
    if not isinstance(headings, list) or not headings or not all(isinstance(h, str) for h in headings):
        raise TermError("'headings' ska vara en lista med rubriktexter")
    min_words = data.get("min_words", 0)
    if not isinstance(min_words, int) or min_words < 0:
        raise TermError("'min_words' ska vara ett heltal, 0 eller större")
    mention_headings = data.get("mention_headings") or []
    if not isinstance(mention_headings, list) or not all(isinstance(h, str) for h in mention_headings):
        raise TermError("'mention_headings' ska vara en lista med rubriktexter")
    mentions = data.get("mentions")
    return Params([h.lower() for h in headings], min_words,
                  Terms.compile(mentions, lexicons) if mentions is not None else None,
                  tuple(h.lower() for h in mention_headings))


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    p: Params = rule.params
    doc = adoc.document
    found = [s for s in doc.sections
             if s.title and any(h in s.title.lower() for h in p.headings)]
    if not found and not any(run_in(b.text, p.headings) for b in doc.blocks) \
            and not _mentioned(adoc, p):
        anchor = doc.title_block or next((b for b in doc.blocks if b.text.strip()), None)
        return [Hit(rule, rule.grade, span=None, anchor=anchor)]
    hits = []
    if p.min_words:
        for section in found:
            if section.words < p.min_words:
                heading_sentences = adoc.by_block.get(section.heading.index, [])
                span = adoc.sentence_span(heading_sentences[0]) if heading_sentences else None
                hits.append(Hit(rule, rule.grade, span=span, anchor=section.heading))
    return hits


def _mentioned(adoc: AnalysedDocument, p: Params) -> bool:
    """Whether a broader section (or, without headings, any paragraph) has the terms."""
    if p.mentions is None:
        return False
    doc = adoc.document
    sentences = p.mentions.sentence_set(adoc)
    if not doc.section_titles:
        return bool(sentences)
    return any(any(h in (doc.sections[adoc.sentences[i].block.section].title or "").lower()
                   for h in p.mention_headings) for i in sentences)
