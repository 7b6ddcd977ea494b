"""Lexicon check: terms that occur, optionally with or without other terms nearby.

Parameters: `match` (a term specification), `with` and `without` (conditions: terms plus a
scope), and `quote: match | sentence`. Covers "a word is present", "X without Y in the
same sentence or section" and "X together with Y".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import AnalysedDocument, Span
from .base import Condition, Hit, conditions, in_sections, report_filter
from .terms import TermError, Terms

PARAMS = ("match", "with", "without", "quote")


@dataclass
class Params:
    match: Terms
    with_: list[Condition]
    without: list[Condition]
    quote: str


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    if "match" not in data:
        raise KeyError("match")
    match = Terms.compile(data["match"], lexicons)
    if not match:
        raise TermError("'match' saknar termer")
    quote = data.get("quote", "match")
    if quote not in ("match", "sentence"):
        raise TermError("'quote' ska vara match eller sentence")
    return Params(match, conditions(data.get("with"), lexicons),
                  conditions(data.get("without"), lexicons), quote)


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    p: Params = rule.params
    cache: dict = {}
    required = [c.holds_at(adoc, cache) for c in p.with_]
    forbidden = [c.holds_at(adoc, cache) for c in p.without]
    admitted: dict[int, bool] = {}  # sentence index -> whether sections and conditions admit it
    first_span: dict[int, Span] = {}  # sentence index -> its earliest match (one hit a sentence)
    for first, last in _candidates(p, adoc):
        s_index = adoc.token_sentence[first]
        ok = admitted.get(s_index)
        if ok is None:
            sentence = adoc.sentences[s_index]
            ok = admitted[s_index] = (in_sections(rule, adoc, sentence.block)
                                      and all(pred(sentence) for pred in required)
                                      and not any(pred(sentence) for pred in forbidden))
        if not ok:
            continue
        if p.quote == "sentence":
            if s_index not in first_span:
                first_span[s_index] = adoc.sentence_span(adoc.sentences[s_index])
        elif s_index not in first_span or adoc.token_char[first][0] < first_span[s_index].start:
            first_span[s_index] = adoc.span(first, last)
    hits = [Hit(rule, rule.grade, first_span[i]) for i in sorted(first_span)]
    return report_filter(rule, hits)


def _candidates(p: Params, adoc: AnalysedDocument):
    """Matches of the rule's terms, searched only in sentences that a sentence-scope `with`
    condition admits: conditions are shared and cached, the match pattern is not."""
    sentence_conditions = [c for c in p.with_ if c.scope == "sentence"]
    if not sentence_conditions:
        yield from p.match.matches(adoc)
        return
    allowed = set.intersection(*(c.terms.sentence_set(adoc) for c in sentence_conditions))
    for index in sorted(allowed):
        yield from p.match.sentence_matches(adoc, adoc.sentences[index])
