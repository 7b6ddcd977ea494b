"""Contrast check: differences between the sexes in figures. A sentence that gives a figure
for women (girls) and one for men (boys) whose larger value is at least `min_ratio` times
the smaller ("38 procent av kvinnorna mot 54 procent av männen"), but not a near-even
breakdown ("770 kvinnor och 710 män").

Parameters: `female` and `male` (terms for each sex), `min_ratio` (default 1.2),
`min_split_ratio` (default: min_ratio) and `shares` (default false): with it, a share given
for one sex alone ("varav 61 procent kvinnor", "Kvinnor utgör 63 procent") is compared with
the rest, the other sex, and so is a count of one sex out of a total ("214
specialistsjuksköterskor, varav 186 kvinnor"); a rate within one sex ("20 % av dagens unga
killar") is no part of a group. `min_ratio` holds for rates within each sex ("38 procent av
kvinnorna mot 54 procent av männen"); a split of one group into women and men ("13 kvinnor
och 10 män", "56 procent kvinnor") differs only from `min_split_ratio` on (1.5: outside the
40-60 band of an even distribution). Each hit has the rule's grade (None for role
`applies`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import AnalysedDocument
from ..terms import TermError, Terms
from .base import (
    COPULAS,
    PARTITIVE,
    PERCENT,
    Hit,
    figure_value,
    in_sections,
    is_figure,
    report_filter,
    sex_closes_predicate,
)

PARAMS = ("female", "male", "min_ratio", "min_split_ratio", "shares")


@dataclass
class Params:
    female: Terms
    male: Terms
    min_ratio: float
    min_split_ratio: float
    shares: bool = False


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    for key in ("female", "male"):
        if key not in data:
            raise KeyError(key)
    ratio = data.get("min_ratio", 1.2)
    split = data.get("min_split_ratio", ratio)
    for key, value in (("min_ratio", ratio), ("min_split_ratio", split)):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 1:
            raise TermError(f"'{key}' ska vara ett tal, 1 eller större")
    return Params(Terms.compile(data["female"], lexicons), Terms.compile(data["male"], lexicons),
                  float(ratio), float(split), bool(data.get("shares", False)))


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    return _contrasts(rule, adoc, rule.params)


def _contrasts(rule, adoc: AnalysedDocument, p: Params) -> list[Hit]:
    """Sentences whose figures for women and for men differ by at least p.min_ratio."""
    values: dict[str, dict[int, list[tuple[float, bool]]]] = {"female": {}, "male": {}}
    shares: dict[str, dict[int, list[float]]] = {"female": {}, "male": {}}
    for side, terms in (("female", p.female), ("male", p.male)):
        for first, last in terms.matches(adoc):
            found = _figure_near(adoc, first, last)
            # "38 procent av kvinnorna", "20 % av dagens unga killar": a rate within one sex,
            # not its part of a group; but "71 procent av besökarna var kvinnor" is a share
            # of the visitors, the sex term closing the clause
            rate = found is not None and any(adoc.token_lemmas[t] in PARTITIVE
                                             for t in range(found[2] + 1, first))
            predicate = _predicate_share(adoc, first, last) if found is None or rate else None
            if predicate is not None:  # "var 36 procent av de musiker som ... kvinnor"
                found = None
                values[side].setdefault(adoc.token_sentence[first], []).append((predicate, False))
                shares[side].setdefault(adoc.token_sentence[first], []).append(predicate)
            if found is not None:
                value, percent, at = found
                values[side].setdefault(adoc.token_sentence[first], []).append((value, rate))
                share = value if percent else _share_of_total(adoc, at, value)
                if share is not None and 0 < share < 100 and not rate:
                    shares[side].setdefault(adoc.token_sentence[first], []).append(share)
    hits = []
    both = set(values["female"]) & set(values["male"])
    one_sided = (set(shares["female"]) ^ set(shares["male"])) - both if p.shares else set()
    for s_index in sorted(both | one_sided):
        sentence = adoc.sentences[s_index]
        if not in_sections(rule, adoc, sentence.block):
            continue
        if s_index in both:  # a rate within each sex ("av kvinnorna") or a split of one group
            pairs = [(f, m, p.min_ratio if f_rate or m_rate else p.min_split_ratio)
                     for f, f_rate in values["female"][s_index]
                     for m, m_rate in values["male"][s_index]]
        else:  # "varav 61 procent kvinnor": the rest are men
            pairs = [(x, 100 - x, p.min_split_ratio)
                     for x in shares["female"].get(s_index, shares["male"].get(s_index, []))]
        if any(max(f, m) >= ratio * min(f, m) and max(f, m) > 0 for f, m, ratio in pairs):
            hits.append(Hit(rule, rule.grade, adoc.sentence_span(sentence)))
    return report_filter(rule, hits)


TOTAL_LINKS = frozenset({"varav", "därav"})


def _share_of_total(adoc, at: int, count: float) -> float | None:
    """A count for one sex as a share of the total it is part of: "214
    specialistsjuksköterskor, varav 186 kvinnor" is 87 percent women. The total is the
    nearest figure before "varav" in the sentence."""
    if at == 0 or adoc.token_lemmas[at - 1] not in TOTAL_LINKS:
        return None
    sentence = adoc.sentences[adoc.token_sentence[at]]
    for t in range(at - 2, sentence.first_token - 1, -1):
        if is_figure(adoc, t):
            total = figure_value(adoc, t)
            return 100 * count / total if total and total > count else None
    return None


BEFORE_PREDICATE = frozenset({"av", "bland", "för", "hos", "till", "med", "i", "på", "om", "och"})


def _predicate_share(adoc, first: int, last: int) -> float | None:
    """A share whose group is said, at the end of its clause, to be of one sex, the verb
    standing before the share: "Under 2024 var 36 procent av de musiker som engagerades av
    föreningen kvinnor" is 36 percent women, however far the sex term stands from its figure.
    Not a sex term after a preposition ("... bland kvinnor": a rate within one sex)."""
    sentence = adoc.sentences[adoc.token_sentence[first]]
    if first == sentence.first_token or adoc.token_lemmas[first - 1] in BEFORE_PREDICATE:
        return None
    for t in range(first - 2, sentence.first_token, -1):
        if adoc.token_surfaces[t] in (",", ";", ":"):
            return None
        if is_figure(adoc, t) and adoc.token_surfaces[t + 1] in PERCENT:
            # ... or the copula right before the sex term: "att 71 procent av festivalens
            # besökare var kvinnor, vilket ..."
            if not (sex_closes_predicate(adoc, sentence, t, last)
                    or (adoc.token_lemmas[first - 1] in COPULAS
                        and sex_closes_predicate(adoc, sentence, first, last))):
                return None
            value = figure_value(adoc, t)
            return value if value is not None and 0 < value < 100 else None
    return None


NEAR, FAR = 3, 5  # tokens from a sex term to its figure: first within NEAR, then up to FAR
COORDINATORS = frozenset({"och", "samt", "respektive", "medan"})  # the next group begins


def _figure_near(adoc, first: int, last: int) -> tuple[float, bool, int] | None:
    """The value of the figure closest before a sex term ("770 kvinnor", "38 procent av
    kvinnorna"), else closest after it ("män för 39 procent"), within NEAR tokens; failing
    both, the same again up to FAR tokens ("5,1 dagar per medarbetare bland kvinnor",
    "Kvinnor står för cirka 60 procent"). Never across a comma, nor after the sex term across
    "och" (there the next group's figure begins). Also whether the figure is a
    percentage, and where it stands."""
    sentence = adoc.sentences[adoc.token_sentence[first]]
    for low, high in ((1, NEAR), (NEAR + 1, FAR)):
        for step in (-1, 1):
            for distance in range(1, high + 1):
                t = first - distance if step < 0 else last + distance
                if not sentence.first_token <= t < sentence.end_token \
                        or adoc.token_surfaces[t] in (",", ";", ":") \
                        or (step > 0 and adoc.token_lemmas[t] in COORDINATORS):
                    break  # after "och" a figure is the next group's: "kvinnor och 3,2 ..."
                if distance >= low and is_figure(adoc, t):
                    value = figure_value(adoc, t)
                    following = adoc.token_surfaces[t + 1] if t + 1 < len(adoc.token_surfaces) else ""
                    return None if value is None else (value, following in PERCENT, t)
    return None
