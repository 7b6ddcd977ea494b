"""Statistic check: figures about people (counts, shares, rates, tables of people) and whether they are broken down by sex.

Parameters: `number` (terms for a figure or share: digits, "procent", "var tredje",
"majoriteten"), `people` (terms for people), `window` (how many tokens may separate
the two), `ignore` (terms right after a figure that make it money, a year or a date),
`breakdown` (terms that show a breakdown by sex) with `breakdown_scope`, and
`table_breakdown` (header cells such as "Kvinnor", "K", "Män"). Each statistic gives
grade 3 when it is broken down and 1 when it is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import AnalysedDocument
from .base import SCOPES, Hit, in_sections, report_filter
from .terms import TermError, Terms

PARAMS = ("number", "people", "window", "ignore", "breakdown", "breakdown_scope",
          "table_breakdown")


@dataclass
class Params:
    number: Terms
    people: Terms
    window: int
    ignore: Terms
    breakdown: Terms
    breakdown_scope: str
    table_breakdown: Terms


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    for key in ("number", "people", "breakdown"):
        if key not in data:
            raise KeyError(key)
    window = data.get("window", 4)
    if not isinstance(window, int) or window < 1:
        raise TermError("'window' ska vara ett positivt heltal")
    scope = data.get("breakdown_scope", "nearby")
    if scope not in SCOPES:
        raise TermError(f"'breakdown_scope' ska vara en av {', '.join(SCOPES)}")
    return Params(Terms.compile(data["number"], lexicons), Terms.compile(data["people"], lexicons),
                  window, Terms.compile(data.get("ignore"), lexicons),
                  Terms.compile(data["breakdown"], lexicons), scope,
                  Terms.compile(data.get("table_breakdown") or data["breakdown"], lexicons))


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    p: Params = rule.params
    people_tokens: dict[int, int] = {}  # first token of a people term -> its last token
    for first, last in p.people.matches(adoc):
        people_tokens[first] = last
    ignored = {t for first, last in p.ignore.matches(adoc) for t in range(first, last + 1)} \
        if p.ignore else set()
    broken = p.breakdown.sentence_set(adoc)
    hits: list[Hit] = []
    seen_sentences: set[int] = set()
    for first, last in p.number.matches(adoc):
        s_index = adoc.token_sentence[first]
        sentence = adoc.sentences[s_index]
        if s_index in seen_sentences or sentence.block.kind == "cell":
            continue
        if not in_sections(rule, adoc, sentence.block):
            continue
        if any(t in ignored for t in range(last + 1, min(last + 3, sentence.end_token))):
            continue
        person = _nearest_people(people_tokens, first, last, p.window, sentence)
        if person is None:
            continue
        seen_sentences.add(s_index)
        start, end = min(first, person[0]), max(last, person[1])
        grade = 3 if _broken_down(adoc, sentence, broken, p.breakdown_scope) else 1
        hits.append(Hit(rule, grade, adoc.span(start, end)))
    hits.extend(_tables(rule, adoc, p, people_tokens))
    hits.sort(key=lambda h: h.span.sentence.index)
    return report_filter(rule, hits)


def _nearest_people(people_tokens, first, last, window, sentence):
    lo = max(sentence.first_token, first - window)
    hi = min(sentence.end_token - 1, last + window)
    best = None
    for t in range(lo, hi + 1):
        if t in people_tokens and not (first <= t <= last):
            distance = t - last if t > last else first - t
            if best is None or distance < best[0]:
                best = (distance, t, people_tokens[t])
    return None if best is None else (best[1], best[2])


def _broken_down(adoc, sentence, broken: set[int], scope: str) -> bool:
    if sentence.index in broken:
        return True
    if scope == "sentence":
        return False
    if scope == "nearby":  # a breakdown often follows in the next sentence ("Av dessa är ...")
        nxt = sentence.index + 1
        return (nxt < len(adoc.sentences) and nxt in broken
                and adoc.sentences[nxt].block is sentence.block)
    if scope == "paragraph":
        return any(s.index in broken for s in adoc.by_block.get(sentence.block.index, []))
    if scope == "section":
        return any(adoc.sentences[i].block.section == sentence.block.section for i in broken)
    return bool(broken)


def _tables(rule, adoc: AnalysedDocument, p: Params, people_tokens) -> list[Hit]:
    """A table of people is one statistic; its headers (first row or column) show a breakdown."""
    tables: dict[int, list] = {}
    for s in adoc.sentences:
        cell = s.block.cell
        if cell is not None:
            tables.setdefault(cell.index, []).append(s)
    table_broken = p.table_breakdown.sentence_set(adoc) | p.breakdown.sentence_set(adoc)
    hits = []
    for sentences in tables.values():
        if not any(any(ch.isdigit() for ch in s.text) for s in sentences
                   if s.block.cell.row > 0 and s.block.cell.col > 0):
            continue
        headers = [s for s in sentences if s.block.cell.row == 0 or s.block.cell.col == 0]
        if not in_sections(rule, adoc, sentences[0].block):
            continue
        anchor = None
        for s in headers:
            for t in range(s.first_token, s.end_token):
                if t in people_tokens:
                    anchor = (t, people_tokens[t])
                    break
            if anchor:
                break
        if anchor is None:
            continue
        grade = 3 if any(s.index in table_broken for s in headers) else 1
        hits.append(Hit(rule, grade, adoc.span(*anchor), detail="table"))
    return hits
