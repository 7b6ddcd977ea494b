"""Statistic check: figures about people (counts, shares, rates, tables of people) and whether they are broken down by sex.

Parameters: `number` (terms for a figure or share: digits, "procent", "var tredje",
"majoriteten"), `measure` (words that name a count or share without giving it, such as
"antalet" or "andelen": a figure only in a sentence that also has a `number`), `people`
(terms for people), `window` (how many tokens may separate the two), `ignore` (terms
right after a figure that make it money, a year or a date; `range_links` such as "och",
"till" or "–" may join two figures before that unit, as in "mellan 6 och 20 år"),
`breakdown` (terms that show a breakdown by sex) with `breakdown_scope` and
`breakdown_window`, `refers_back` (terms such as "av dessa" that tie a sentence to the
statistic before it), `table_breakdown` (header cells such as "Kvinnor", "K", "Män"),
`apart` (lemmas, such as prepositions and punctuation, that may not stand between a figure
and its people; a run of dots never may) and `not_after` (lemmas right before a figure
that make it a reference or a capacity: "§ 17", "max 300"), `capacity` (words after which
"för" makes a figure a capacity: "plats för 300", "skollokaler för 380 elever") and `ratio` (lemmas right
between the people and other people that make the figure a ratio or a norm: "25
medarbetare per chef", but not "1 200 resenärer per dag"), `hedge` (lemmas such as
"cirka" or "ytterligare" that may stand between a `not_after` word and its figure: "för
ytterligare cirka 190 elever"; a figure coordinated with such a capacity is one too:
"för 380 elever i årskurs F-6 och 40 elever") and `planned` (terms that make a sentence's figures a
target or a rule rather than people counted: "antalet ska minska med 20 procent", "det ska
finnas minst 15 medlemmar") and `bodies` (terms that make a sentence's members or parties
bodies, not people: "förbundet har 46 medlemmar"), `measured` (lemma endings of what a sex
term in the genitive may own and still give a figure for that sex: "kvinnors andel",
"männens medellön"; owning anything else, "flickors och pojkars önskemål", it gives none),
and `money` (terms that make a table's
figures money: a price list or a budget whose rows are named for people, "Enkelbiljett vuxen
| 36 | 38", "Personal, 1,5 årsarbetare | 720 000 kr", counts no people, unless a header
of its first row names a count or a value per person, `counted`: "Antal", "Medellön"). With
`people_before: false` the people must follow their
figure ("180 barn", "45 procent av eleverna", "antalet deltagare ökade till 300"), unless
they are introduced by "av" or "bland" ("Av de sökande var 68 procent 75 år eller äldre")
or match the `people_before` terms ("Flickor stod för 40 procent"): any other figure after
a person word is, in real drafts, nearly always something else ("en anställd kan beställa
3 cyklar", "HME för medarbetare 79", a table row "Antal personer 1 2 3"). A `not_after`
word does not make a share a capacity ("stod för 40 procent").

A statistic is broken down when its sentence gives a figure for women or men (a figure
at most `breakdown_window` tokens from a breakdown term: "varav 730 kvinnor", "andelen
flickor"); with scope `nearby` also when the next sentence of the paragraph gives such
figures for it, that is when that sentence opens with them or refers back ("Av dessa var
58 procent flickor."). A sentence that merely mentions women or men, or that breaks down
another population ("Av de 214 företagen drevs 31 procent av kvinnor"), is no breakdown;
nor is a figure for women or men a breakdown of a group counted beside it ("52 kvinnor och
71 medföljande barn": the children are a statistic of their own, not split by sex).
A figure that refers back to people in the sentence before ("hälften av dem") is a
statistic about them. A count of people is broken down, too, when a sentence anywhere in the
case splits the same total by sex ("9 640 medarbetare" and, elsewhere, "7 570 kvinnor och 2 070
män", or "Av de 24 konstnärerna är 13 kvinnor, 10 män"), when a header cell of a table breaks
its people down by sex ("Andel heltidsanställda kvinnor | Andel heltidsanställda män"), or when
another sentence gives the same count or share for women and men ("Andelen heltidsanställda är
79,6 procent bland kvinnorna och 87,1 procent bland männen"). People beyond another figure
belong to that figure ("31 verk av 24 konstnärer"); people in the genitive after a figure own
what it measures ("36 procent av medarbetarnas arbetade tid") and are not counted. Each
statistic gives grade 3 when it is broken down and 1 when it is not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..analysis import AnalysedDocument
from ..terms import TermError, Terms
from .base import (
    COPULAS,
    PARTITIVE,
    PERCENT,
    SCOPES,
    Hit,
    counting_tables,
    figure_value,
    in_sections,
    is_figure,
    is_header,
    is_name,
    report_filter,
    sex_closes_predicate,
    tables,
)

PARAMS = ("number", "measure", "people", "window", "ignore", "range_links", "breakdown",
          "breakdown_scope", "breakdown_window", "refers_back", "table_breakdown", "apart",
          "not_after", "ratio", "hedge", "planned", "bodies", "people_before", "capacity", "size_class",
          "money", "counted", "one_sex_subject", "one_sex_people", "measured")


@dataclass
class Params:
    number: Terms
    measure: Terms
    people: Terms
    window: int
    ignore: Terms
    range_links: Terms
    breakdown: Terms
    breakdown_scope: str
    breakdown_window: int
    refers_back: Terms
    table_breakdown: Terms
    apart: frozenset[str]
    not_after: frozenset[str]
    ratio: frozenset[str]
    hedge: frozenset[str]
    planned: Terms
    bodies: Terms  # a sentence whose counted members are bodies counts no people
    people_before: Terms | None  # None: people may stand on either side of their figure
    capacity: Terms  # words after which "för" makes a figure a capacity
    size_class: frozenset[str]  # comparatives after which "med" makes a figure a size class
    money: Terms  # terms that make a table with people in its first column a table of money
    counted: Terms  # ... unless its header row names a count or a value per person
    one_sex_subject: Terms  # a title about care for one sex: its patients are of that sex
    one_sex_people: Terms  # ... the people (patients, visits) it makes one sex
    measured: tuple[str, ...]  # endings of what a sex term in the genitive may own and stay a figure


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    for key in ("number", "people", "breakdown"):
        if key not in data:
            raise KeyError(key)
    window = data.get("window", 4)
    if not isinstance(window, int) or window < 1:
        raise TermError("'window' ska vara ett positivt heltal")
    breakdown_window = data.get("breakdown_window", 6)
    if not isinstance(breakdown_window, int) or breakdown_window < 0:
        raise TermError("'breakdown_window' ska vara ett heltal, 0 eller större")
    scope = data.get("breakdown_scope", "nearby")
    if scope not in SCOPES:
        raise TermError(f"'breakdown_scope' ska vara en av {', '.join(SCOPES)}")
    return Params(Terms.compile(data["number"], lexicons), Terms.compile(data.get("measure"), lexicons),
                  Terms.compile(data["people"], lexicons),
                  window, Terms.compile(data.get("ignore"), lexicons),
                  Terms.compile(data.get("range_links"), lexicons),
                  Terms.compile(data["breakdown"], lexicons), scope, breakdown_window,
                  Terms.compile(data.get("refers_back"), lexicons),
                  Terms.compile(data.get("table_breakdown") or data["breakdown"], lexicons),
                  _lemma_set(data, "apart"), _lemma_set(data, "not_after"),
                  _lemma_set(data, "ratio"), _lemma_set(data, "hedge"),
                  Terms.compile(data.get("planned"), lexicons), Terms.compile(data.get("bodies"), lexicons),
                  Terms.compile(data["people_before"], lexicons) if "people_before" in data else None,
                  Terms.compile(data.get("capacity"), lexicons), _lemma_set(data, "size_class"),
                  Terms.compile(data.get("money"), lexicons), Terms.compile(data.get("counted"), lexicons),
                  Terms.compile(data.get("one_sex_subject"), lexicons),
                  Terms.compile(data.get("one_sex_people"), lexicons),
                  tuple(sorted(_lemma_set(data, "measured"))))


def _lemma_set(data: dict, key: str) -> frozenset[str]:
    """A parameter given as `{lemmas: [...]}`: the set of those lemmas."""
    spec = data.get(key) or {}
    if not isinstance(spec, dict) or set(spec) - {"lemmas"} or \
            not all(isinstance(x, str) for x in spec.get("lemmas", [])):
        raise TermError(f"'{key}' ska vara en mappning med 'lemmas'")
    return frozenset(x.lower() for x in spec.get("lemmas", []))


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    p: Params = rule.params
    people_tokens: dict[int, int] = {}  # first token of a people term -> its last token
    for first, last in p.people.matches(adoc):
        people_tokens[first] = last
    ignored = {t for first, last in p.ignore.matches(adoc) for t in range(first, last + 1)} \
        if p.ignore else set()
    links = {t for first, last in p.range_links.matches(adoc) for t in range(first, last + 1)} \
        if p.range_links else set()
    # sentences whose figures count no people: a target or rule, or members that are bodies
    uncounted = set().union(*(t.sentence_set(adoc) for t in (p.planned, p.bodies) if t))
    before = None if p.people_before is None else _people_before(adoc, p, people_tokens)
    capacity = {t for a, b in p.capacity.matches(adoc) for t in range(a, b + 1)} \
        if p.capacity else set()
    values, capacities = [], []
    for f, l in p.number.matches(adoc):
        # (a number word that opens a name counts nothing: "Tre Stiftelsers ansökan")
        if _is_unit(adoc, l, ignored, links) or _list_number(adoc, f, l) \
                or (not is_figure(adoc, f) and is_name(adoc, f)) \
                or adoc.token_sentence[f] in uncounted or _size_class(adoc, f, p.size_class):
            continue
        if not _share(adoc, l) and (_after(adoc, f, p.not_after, p.hedge, capacity)
                                    or _coordinated(adoc, f, capacities)):
            capacities.append(l)  # "för 380 elever i årskurs F-6 och 40 elever": both
            continue
        values.append((f, l))
    value_starts = sorted(f for f, _ in values)
    # "antalet hemtjänsttagare har ökat med 12,5 %": a count named, with its value shortly after
    measures = [(f, l) for f, l in p.measure.matches(adoc)
                if _value_after(adoc, value_starts, l, MEASURE_REACH)] if p.measure else []
    figures = sorted(set(values) | set(measures))
    breakdowns = list(p.breakdown.matches(adoc))
    sex_tokens = {t for first, last in breakdowns for t in range(first, last + 1)}
    sex_figures, first_is_sex = _sex_figures(adoc, p, figures, breakdowns)
    split_totals, sentence_totals = _split_totals(adoc, figures, sex_figures, breakdowns)
    figures_in: dict[int, list[tuple[int, int]]] = {}
    for first, last in figures:
        figures_in.setdefault(adoc.token_sentence[first], []).append((first, last))
    # sentences that open by referring back ("Av dessa var ..."); a "varav" further on refers
    # to a figure of its own sentence ("Cirka 40 handledare är aktiva, varav en majoritet är män")
    back_matches = list(p.refers_back.matches(adoc)) if p.refers_back else []
    back = {adoc.token_sentence[f] for f, _ in back_matches
            if f - adoc.sentences[adoc.token_sentence[f]].first_token < BACK_REACH}
    anaphors = dict(back_matches)
    hits: list[Hit] = []
    others: list[Hit] = []  # groups counted beside a figure for women or men, not split
    seen_sentences: set[int] = set()

    # header cells that show a breakdown by sex, for the tables and the text about their people
    table_broken = (p.table_breakdown.sentence_set(adoc) | p.breakdown.sentence_set(adoc)) \
        if tables(adoc) else set()
    table_people = _table_people(adoc, people_tokens, table_broken)
    split_measures = _split_measures(adoc, measures, people_tokens, sex_figures)
    # a case about care for one sex ("Svar på motion om vård vid förlossningsskador"): its
    # patients and their visits are of that sex, so figures about them are broken down
    one_sex_people = {t for a, b in p.one_sex_people.matches(adoc) for t in range(a, b + 1)} \
        if p.one_sex_subject and p.one_sex_people and any(
            p.one_sex_subject.in_sentence(adoc, adoc.sentences[i])
            for i in adoc.title_sentences()) else set()

    def only_people_figure(first: int, sentence) -> bool:
        """Whether no other figure of the sentence counts people, named or referred back to
        ("31 verk av 24 konstnärer": the 24 alone; "19 personer ..., och 17 av dem": not),
        unless that one too is a total split elsewhere ("96 läkare under BT och 412 under ST",
        each split by sex later)."""
        return not any(f != first and _count(adoc, f) not in split_totals
                       and not _restates(adoc, f, sentence) and any(
            _nearest_people(adoc, terms, f, l, p.window, sentence, p.apart, before) is not None
            for terms in (people_tokens, anaphors)) for f, l in figures_in[sentence.index])

    def splits_another(first: int, count: int | None, share: bool, sentence) -> bool:
        """Whether the next sentence's counts for women and men add up to another figure of
        this sentence, not to this count (a share splits the whole)."""
        sums = sentence_totals.get(sentence.index + 1)
        return bool(sums) and not share and count is not None and count not in sums \
            and any(_count(adoc, f) in sums for f, _ in figures_in[sentence.index] if f != first)

    def hit_for(first: int, last: int, people: dict[int, int], sentence) -> None:
        """A hit where a figure has people near it; graded by its breakdown by sex."""
        person = _nearest_people(adoc, people, first, last, p.window, sentence, p.apart,
                                 before)
        if person is None:
            return
        after = person[1] + 1
        if after + 1 < sentence.end_token and adoc.token_lemmas[after] in p.ratio \
                and after + 1 in people:
            return  # "25 medarbetare per chef": a ratio or a norm, not people counted
        if person[0] > last and _possessed(adoc, person[1], sentence, people):
            return  # "36 procent av medarbetarnas arbetade tid": a share of their time
        seen_sentences.add(sentence.index)
        if last + 1 < sentence.end_token and adoc.token_surfaces[last + 1] in PERCENT:
            last += 1  # quote the share whole: "68 procent"
        start, end = min(first, person[0]), max(last, person[1])
        count = _count(adoc, first)
        grade = 3 if _broken_down(adoc, sentence, sex_figures, first_is_sex, back,
                                  p.breakdown_scope,
                                  splits_another(first, count, _share(adoc, last), sentence)) \
            or adoc.token_lemmas[person[1]] in table_people \
            or (adoc.token_lemmas[first], adoc.token_lemmas[person[1]]) in split_measures \
            or (count in split_totals and only_people_figure(first, sentence)) \
            or person[1] in one_sex_people \
            else 1
        hits.append(Hit(rule, grade, adoc.span(start, end)))
        if grade == 3:  # "52 kvinnor och 71 medföljande barn": the children are not split
            # (unless the sentence's figures for girls and boys add up to them: "34 kvinnor,
            # 3 män och 21 barn, 12 flickor och 9 pojkar")
            sums = sentence_totals.get(sentence.index, set())
            others.extend(Hit(rule, 1, adoc.span(f, q)) for f, _ in figures_in[sentence.index]
                          if f > first and _count(adoc, f) not in sums
                          for q in [_another_group(adoc, f, people, sex_tokens, p)]
                          if q is not None)

    # a table of figures is one statistic (_tables); the cells of a table of text read as
    # text: "Personal | 17 medarbetare berörs."
    counting = counting_tables(adoc)

    def in_figure_table(sentence) -> bool:
        return sentence.block.kind == "cell" and sentence.block.cell.index in counting

    for first, last in figures:
        s_index = adoc.token_sentence[first]
        sentence = adoc.sentences[s_index]
        if s_index in seen_sentences or in_figure_table(sentence):
            continue
        if in_sections(rule, adoc, sentence.block):
            hit_for(first, last, people_tokens, sentence)
    if p.refers_back:  # "Drygt hälften av dem är födda utanför Europa."
        for first, last in figures:
            s_index = adoc.token_sentence[first]
            sentence = adoc.sentences[s_index]
            if s_index in seen_sentences or s_index - 1 not in seen_sentences \
                    or in_figure_table(sentence) \
                    or adoc.sentences[s_index - 1].block is not sentence.block:
                continue
            hit_for(first, last, anaphors, sentence)
    hits.extend(_tables(rule, adoc, p, people_tokens, table_broken))
    hits.sort(key=lambda h: h.span.sentence.index)
    return sorted(report_filter(rule, hits) + others, key=lambda h: h.span.sentence.index)


DETERMINERS = frozenset({"de", "denna", "den", "det", "alla", "samtliga"})


def _people_before(adoc, p: Params, people_tokens: dict[int, int]) -> set[int]:
    """People terms that may stand before their figure: the `people_before` terms, and
    people introduced by "av" or "bland" ("av de sökande var 68 procent")."""
    allowed = {first for first, _ in p.people_before.matches(adoc)}
    allowed.update(first for first in people_tokens if _partitive_before(adoc, first))
    return allowed


def _share(adoc, last: int) -> bool:
    """Whether a figure is a share: "40 procent", "40 %"."""
    token = adoc.token_surfaces[last]
    nxt = adoc.token_surfaces[last + 1] if last + 1 < len(adoc.token_surface_pos) else ""
    return token.endswith("%") or token == "procent" or nxt in PERCENT


def _size_class(adoc, first: int, comparatives: frozenset[str]) -> bool:
    """Whether a figure bounds a class of things by their size rather than counting people:
    "chefer med fler än 25 medarbetare", "skolor med över 500 elever", "band där minst hälften
    av medlemmarna är under 26 år" ("med" or "där", a comparative, perhaps "än", the figure)."""
    t = first - 1
    if t >= 0 and adoc.token_lemmas[t] == "än":
        t -= 1
    return t >= 1 and adoc.token_lemmas[t] in comparatives and adoc.token_lemmas[t - 1] in BOUNDING


BOUNDING = frozenset({"med", "där"})  # "skolor med över 500 elever", "band där minst hälften"


COORDINATORS = frozenset({"och", "samt", "respektive"})
PLURAL_NOUN = re.compile(r"\w(?:ar|er|or|en|on)$")
COORDINATION_REACH = 8


def _coordinated(adoc, first: int, capacities: list[int]) -> bool:
    """Whether a figure is coordinated ("och", "samt", a comma) with a capacity figure
    shortly before it in its sentence: "skollokaler för 380 elever och 40 elever i anpassad
    grundskola"."""
    if not capacities:
        return False
    last = capacities[-1]
    if first - last > COORDINATION_REACH or adoc.token_sentence[last] != adoc.token_sentence[first]:
        return False
    between = [adoc.token_lemmas[t] for t in range(last + 1, first)]
    return any(t in COORDINATORS for t in between) and "varav" not in between


def _after(adoc, first: int, words: frozenset[str], hedge: frozenset[str],
           capacity_tokens: set[int]) -> bool:
    """Whether one of `words` stands right before token `first`, perhaps with `hedge` words
    between, or "för" after a `capacity` word ("plats för ytterligare cirka 190 elever",
    "skollokaler för 380 elever", but not "avgiften höjs för 120 brukare")."""
    t = first - 1
    while t >= 0 and adoc.token_lemmas[t] in hedge:
        t -= 1
    if t < 0:
        return False
    if adoc.token_lemmas[t] in words:
        return True
    return adoc.token_lemmas[t] == "för" and any(u in capacity_tokens
                                                 for u in range(max(0, t - 3), t))


def _is_unit(adoc, last: int, ignored: set[int], links: set[int]) -> bool:
    """Whether a figure is money, a year or a date: an ignored term follows it, perhaps
    after a second figure of a range ("6 och 20 år", "10–25 timmar")."""
    end = adoc.sentences[adoc.token_sentence[last]].end_token
    t = last + 1
    while t < end and t - last <= 4 and (t in links or is_figure(adoc, t)):
        t += 1
    return any(u in ignored and not _year_named(adoc, u, end) for u in range(t, min(t + 2, end)))


YEAR = re.compile(r"(?:19|20)\d\d$")


def _year_named(adoc, u: int, end: int) -> bool:
    """Whether token u is "år" naming the year after it ("från 9 400 år 2018 till 5 800 år
    2024"): a date, not the unit of the figure before it."""
    return adoc.token_lemmas[u] == "år" and u + 1 < end \
        and YEAR.match(adoc.token_surfaces[u + 1]) is not None




def _sex_figures(adoc, p: Params, figures, breakdowns) -> tuple[set[int], set[int]]:
    """Sentences that give a figure for women or men, and those whose first figure is one. A
    share whose sentence ends by saying who they are ("58 procent av dem som reser med bussen
    är kvinnor") is a figure for one sex, however far the sex term stands from it."""
    terms: dict[int, list[tuple[int, int]]] = {}
    for first, last in breakdowns:
        terms.setdefault(adoc.token_sentence[first], []).append((first, last))
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for first, last in figures:
        by_sentence.setdefault(adoc.token_sentence[first], []).append((first, last))
    window = p.breakdown_window

    def close(first, last, a, b) -> bool:  # close, and not across a comma or semicolon
        if a - last > window + 1 or first - b > window + 1:
            return False
        if _owns_other(adoc, b, p.measured):  # "skillnader mellan flickors och pojkars önskemål"
            return False
        # ... unless the comma opens a relative clause about the sex term: "Kvinnor, som står
        # för 61 procent av resorna"
        return not any(adoc.token_surfaces[t] in (",", ";")
                       and not (b < t and adoc.token_surfaces[t + 1] == "som")
                       for t in range(min(last, b) + 1, max(first, a)))

    def predicate(first, last, a, b) -> bool:  # "58 procent av dem som reser ... är kvinnor"
        # a group said to be wholly of one sex: "De fyra ungdomar som bor där är samtliga pojkar"
        if last < a - 2 and adoc.token_lemmas[a - 1] in WHOLLY \
                and adoc.token_lemmas[a - 2] in COPULAS:
            return True
        # a share, in figures or in words ("drygt hälften av de konstnärer som ...")
        if not (last < a and (last + 1 < a and adoc.token_surfaces[last + 1] in PERCENT
                              or adoc.token_lemmas[last] in SHARE_WORDS)):
            return False
        if adoc.token_lemmas[a - 1] in COPULAS:
            return True
        # ... whose sex term closes the clause, the verb standing before the share: "I
        # Gävleborg är drygt hälften av de konstnärer som sökt stipendierna kvinnor", "är
        # omkring 62 procent av dem som får sömnmedel kvinnor, och andelen är högst ..."
        return sex_closes_predicate(adoc, adoc.sentences[adoc.token_sentence[a]], first, b)

    found, first_is = set(), set()
    for s_index, spans in by_sentence.items():
        near = [any(close(first, last, a, b) or predicate(first, last, a, b)
                    for a, b in terms.get(s_index, []))
                for first, last in spans]
        if any(near):
            found.add(s_index)
            if near[0]:
                first_is.add(s_index)
    return found, first_is


def _owns_other(adoc, b: int, measured: tuple[str, ...]) -> bool:
    """Whether a sex term ending at token b is a genitive that owns something other than a
    measure, a lemma ending in one of `measured` ("kvinnors andel", "männens medellön"): in
    "skillnader mellan flickors och pojkars önskemål" it tells what the sexes want or do, not
    how many of them there are."""
    if not _genitive(adoc, b):
        return False
    end = adoc.sentences[adoc.token_sentence[b]].end_token
    t = b + 1
    # past the other sex of a pair: "flickors och pojkars önskemål"
    while t < end and (adoc.token_surfaces[t] in COORDINATION
                       or adoc.token_surfaces[t - 1] in COORDINATION and _genitive(adoc, t)):
        t += 1
    if t >= end or not adoc.token_surfaces[t].isalpha():
        return False
    return not adoc.token_lemmas[t].endswith(measured)


def _partitive_before(adoc, first: int) -> bool:
    """Whether a figure is introduced by "av" or "bland", perhaps with a determiner between
    ("Av de 24 konstnärerna ...")."""
    t = first - 1
    while t >= 0 and adoc.token_lemmas[t] in DETERMINERS:
        t -= 1
    return t >= 0 and adoc.token_lemmas[t] in PARTITIVE


def _count(adoc, first: int) -> int | None:
    """The whole number a figure gives ("9 640", "19"), or None (a decimal, a range)."""
    value = figure_value(adoc, first)
    return int(value) if value is not None and value.is_integer() else None


RESTATING = frozenset({"motsvara", "motsvarande"})  # "vilket motsvarar åtta procent av ..."
RESTATING_REACH = 3  # tokens between "motsvarar" and the figure it gives ("drygt", "cirka")


def _restates(adoc: AnalysedDocument, first: int, sentence) -> bool:
    """Whether a figure restates another of its sentence ("19 200 personer ..., vilket
    motsvarar drygt åtta procent av den vuxna befolkningen"): not a group counted beside it."""
    return any(adoc.token_lemmas[t] in RESTATING
               for t in range(max(sentence.first_token, first - RESTATING_REACH), first))


def _genitive(adoc: AnalysedDocument, t: int) -> bool:
    """Whether token t is written with a genitive -s its lemma lacks ("kvinnors",
    "medarbetarnas")."""
    return adoc.token_surfaces[t].endswith("s") and not adoc.token_lemmas[t].endswith("s")


def _possessed(adoc: AnalysedDocument, t: int, sentence, people: dict[int, int]) -> bool:
    """Whether people after a figure are a genitive that owns what the figure measures
    ("36 procent av medarbetarnas arbetade tid"): a word follows that is not people."""
    nxt = t + 1
    return _genitive(adoc, t) and nxt < sentence.end_token \
        and adoc.token_surfaces[nxt].isalpha() and nxt not in people


def _split_totals(adoc, figures, sex_figures: set[int],
                  breakdowns) -> tuple[set[int], dict[int, set[int]]]:
    """Totals that a sentence splits by sex ("7 570 kvinnor och 2 070 män": 9 640), or names
    as the group it splits ("Av de 24 konstnärerna är 13 kvinnor, 10 män ..."): a count of
    people equal to one of them is broken down, wherever in the case the split stands, when
    no other figure of its sentence counts people (in "19 personer fick lägenhet, och 17 av dem
    bodde kvar" the 17 are not split). Also, by sentence, the totals its counts for women and
    men make ("112 flickor och 92 pojkar": 204)."""
    counts: dict[int, list[int]] = {}
    starts = {first for first, _ in breakdowns}
    totals = set()
    for first, last in figures:
        s_index = adoc.token_sentence[first]
        value = _count(adoc, first)
        if s_index not in sex_figures or value is None:
            continue
        if last + 1 in starts:
            counts.setdefault(s_index, []).append(value)
        elif _partitive_before(adoc, first):  # "Av de 24 konstnärerna är 13 kvinnor, 10 män ..."
            totals.add(value)
    by_sentence: dict[int, set[int]] = {}
    for s_index, values in counts.items():
        if len(values) >= 2:
            sums = {sum(values)} | {a + b for i, a in enumerate(values) for b in values[i + 1:]}
            by_sentence[s_index] = sums
            totals.update(sums)
    return totals, by_sentence


WHOLLY = frozenset({"samtliga", "alla", "enbart", "endast", "uteslutande"})  # "är samtliga pojkar"
SHARE_WORDS = frozenset({"hälft", "tredjedel", "fjärdedel"})  # not "majoritet": no figure
MEASURE_REACH = 16  # tokens from "antalet" / "andelen" to the value it is given


def _value_after(adoc, value_starts: list[int], last: int, reach: int) -> bool:
    """Whether a value starts within `reach` tokens after token `last`, in its sentence."""
    i = bisect_right(value_starts, last)
    return (i < len(value_starts) and value_starts[i] - last <= reach
            and adoc.token_sentence[value_starts[i]] == adoc.token_sentence[last])


def _apart(lemma: str, apart: frozenset[str]) -> bool:
    """Whether a token parts a figure from people: a listed word, or a run of dots."""
    return lemma in apart or (lemma[:1] == "." and lemma.strip(".") == "")


def _list_number(adoc, first: int, last: int) -> bool:
    """Whether a figure numbers a list item or a heading rather than counting something:
    "1 Ung Cancer", "2: Förstärka uppsökande arbete", "7) Maskrosbarn"."""
    if not is_figure(adoc, first):
        return False
    nxt = last + 1
    if nxt >= adoc.sentences[adoc.token_sentence[last]].end_token:
        return False
    following = adoc.token_surfaces[nxt]
    original = adoc.written(nxt)
    return following in (":", ")") or (original[:1].isupper() and original[1:2].islower())


def _nearest_people(adoc, people_tokens, first, last, window, sentence, apart=frozenset(),
                    before: set[int] | None = None):
    """The people term nearest a figure within `window` tokens, not across an `apart` token
    (a preposition or punctuation: "medarbetare i de sex stadsdelarna", "barn ..... 8") nor
    across another figure."""
    lo = max(sentence.first_token, first - window)
    hi = min(sentence.end_token - 1, last + window)
    best = None
    for t in range(lo, hi + 1):
        if t not in people_tokens or first <= t <= last or \
                (t < first and before is not None and t not in before):
            continue
        between = range(t + 1, first) if t < first else range(last + 1, t)
        # people beyond another figure are that figure's: "31 verk av 24 konstnärer"; "stå
        # för" links people to their share ("Flickor stod för 40 procent")
        if any((_apart(adoc.token_lemmas[u], apart) and not _stands_for(adoc, u))
               or is_figure(adoc, u) for u in between):
            continue
        # people coordinated with the things a figure counts are not counted by it: "två
        # maskiner och personal i beredskap" (a plural noun right after the figure; not an
        # adjective, "40 nya och befintliga medarbetare")
        if t > last and last + 1 not in people_tokens \
                and PLURAL_NOUN.search(adoc.token_surfaces[last + 1]) \
                and any(adoc.token_lemmas[u] in COORDINATORS for u in between):
            continue
        distance = t - last if t > last else first - t
        if best is None or distance < best[0]:
            best = (distance, t, people_tokens[t])
    return None if best is None else (best[1], best[2])


def _stands_for(adoc, u: int) -> bool:
    """Whether token u is the "för" of "stå för" ("Kvinnor stod för 38 procent av ...")."""
    return adoc.token_lemmas[u] == "för" and u > 0 and adoc.token_lemmas[u - 1] == "stå"


COORDINATION = frozenset({"och", "samt", ","})


def _another_group(adoc, first: int, people: dict[int, int], sex_tokens: set[int],
                   p: Params) -> int | None:
    """The last token of a group a figure counts on its own beside a figure for women or men,
    or None: "52 kvinnor och 71 medföljande barn" splits the women from the children, not the
    children into girls and boys. The figure follows a sex term over "och", "samt" or a
    comma (perhaps with a hedge between: "och cirka 20 barn"), and its people, within the
    window after it, are no sex term."""
    t = first - 1
    while t >= 0 and adoc.token_lemmas[t] in p.hedge:
        t -= 1
    if t < 1 or adoc.token_surfaces[t] not in COORDINATION or t - 1 not in sex_tokens:
        return None
    sentence_end = adoc.sentences[adoc.token_sentence[first]].end_token
    for u in range(first + 1, min(first + 1 + p.window, sentence_end)):
        if u in sex_tokens or adoc.token_lemmas[u] in p.apart:
            return None
        if u in people:
            return people[u]
    return None


def _broken_down(adoc, sentence, sex_figures: set[int], first_is_sex: set[int],
                 back: set[int], scope: str, splits_another: bool = False) -> bool:
    """Whether a statistic's sentence, or by `scope` its surroundings, gives figures for women
    and men. A next sentence whose counts for women and men add up to another figure of the
    statistic's sentence splits that one: "Sommaren 2025 sökte 251 ungdomar feriearbete och
    204 fick en placering. Av de placerade var 112 flickor och 92 pojkar." leaves the 251
    unsplit (a subgroup the next sentence names itself, "Av dessa var 17 ensamstående, varav
    15 mammor och 2 pappor", splits its figure)."""
    if sentence.index in sex_figures:
        return True
    if scope == "sentence":
        return False
    if scope == "nearby":  # a breakdown often follows in the next sentence ("Av dessa är ...")
        nxt = sentence.index + 1
        if splits_another:
            return False
        return (nxt < len(adoc.sentences) and nxt in sex_figures
                and adoc.sentences[nxt].block is sentence.block
                and (nxt in first_is_sex or nxt in back))
    if scope == "paragraph":
        return any(s.index in sex_figures for s in adoc.by_block.get(sentence.block.index, []))
    if scope == "section":
        return any(adoc.sentences[i].block.section == sentence.block.section for i in sex_figures)
    return bool(sex_figures)


BACK_REACH = 3  # tokens from a sentence's start within which it refers back: "Av dessa var"
MEASURE_PEOPLE_REACH = 2  # tokens from "andelen" to its people: "andelen heltidsanställda"


def _split_measures(adoc: AnalysedDocument, measures, people_tokens,
                    sex_figures: set[int]) -> set[tuple[str, str]]:
    """The counts and shares named for people ("andelen heltidsanställda") in a sentence that
    gives them for women and men ("Andelen heltidsanställda är 79,6 procent bland kvinnorna och
    87,1 procent bland männen"): the same count or share elsewhere is broken down there."""
    found = set()
    for first, last in measures:
        if adoc.token_sentence[first] not in sex_figures:
            continue
        for t in range(last + 1, last + 1 + MEASURE_PEOPLE_REACH):
            if t in people_tokens:
                found.add((adoc.token_lemmas[first], adoc.token_lemmas[people_tokens[t]]))
                break
    return found


def _table_people(adoc: AnalysedDocument, people_tokens, table_broken: set[int]) -> set[str]:
    """The lemmas of the people named in a cell of a table's header row that breaks them down
    by sex ("Andel heltidsanställda kvinnor | Andel heltidsanställda män"): a figure about
    them in the text is broken down in the table. (A first column by sex, "Ensamstående
    kvinnor med barn", breaks down its rows, not the children in the text.)"""
    return {adoc.token_lemmas[people_tokens[t]]
            for sentences in tables(adoc).values() for s in sentences
            if s.block.cell.row == 0 and s.index in table_broken
            for t in range(s.first_token, s.end_token) if t in people_tokens}


def _tables(rule, adoc: AnalysedDocument, p: Params, people_tokens,
            table_broken: set[int]) -> list[Hit]:
    """A table of people is one statistic; its headers (first row or column) show a breakdown
    (`table_broken`: the table sentences with a breakdown term). A table whose people stand
    only in its first column and whose figures are money (`money`) is a price list or a
    budget, not people counted."""
    if not tables(adoc):
        return []
    money = p.money.sentence_set(adoc) if p.money else set()
    counts = p.counted.sentence_set(adoc) if p.counted else set()
    hits = []
    for index, sentences in tables(adoc).items():
        if index not in counting_tables(adoc):
            continue
        headers = [s for s in sentences if is_header(s)]
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
        # (a row label that counts its people itself, "Individuella justeringar, 23
        # medarbetare", is people counted whatever the figures beside it are)
        anchor_block = adoc.sentences[adoc.token_sentence[anchor[0]]].block
        counted_itself = any(is_figure(adoc, t) for t in range(max(0, anchor[0] - 2), anchor[0])
                             if adoc.sentences[adoc.token_sentence[t]].block is anchor_block)
        if anchor_block.cell.col == 0 and not counted_itself \
                and any(s.index in money for s in sentences) \
                and not any(s.index in counts for s in headers if s.block.cell.row == 0):
            continue
        grade = 3 if any(s.index in table_broken for s in headers) else 1
        hits.append(Hit(rule, grade, adoc.span(*anchor)))
    return hits
