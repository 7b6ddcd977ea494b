"""Table check: a table of people whose headers name both sexes (and, optionally, another
factor): people written out by sex in a table ("Ålder | Kvinnor | Män").

Parameters: `female` and `male` (terms one header cell each must match) and `factor`
(optional terms another header cell must match: "Ålder", "Kommun"). Headers are the cells of
the first row and the first column; the table must hold figures outside them, so that it
counts people rather than listing names. One hit per table, quoting its female header.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import AnalysedDocument
from ..terms import Terms
from .base import Hit, counting_tables, in_sections, is_header, tables

PARAMS = ("female", "male", "factor")


@dataclass
class Params:
    female: Terms
    male: Terms
    factor: Terms | None


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    for key in ("female", "male"):
        if key not in data:
            raise KeyError(key)
    factor = data.get("factor")
    return Params(Terms.compile(data["female"], lexicons), Terms.compile(data["male"], lexicons),
                  Terms.compile(factor, lexicons) if factor is not None else None)


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    p: Params = rule.params
    hits = []
    for index, sentences in tables(adoc).items():
        if not in_sections(rule, adoc, sentences[0].block) or index not in counting_tables(adoc):
            continue
        headers = [s for s in sentences if is_header(s)]
        female = [s for s in headers if p.female.in_sentence(adoc, s)]
        male = [s for s in headers if p.male.in_sentence(adoc, s) and s not in female]
        if not female or not male:
            continue
        if p.factor is not None and not any(
                p.factor.in_sentence(adoc, s) for s in headers if s not in female + male):
            continue
        hits.append(Hit(rule, rule.grade, adoc.sentence_span(female[0])))
    return hits
