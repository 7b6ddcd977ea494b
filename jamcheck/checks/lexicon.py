"""Lexicon check: terms that occur, optionally with or without other terms nearby.

Parameters: `match` (a term specification), `with` and `without` (conditions: terms plus a
scope), `quote: match | sentence`, and `names: skip`, which leaves out matches that are
names: a word capitalised inside a sentence ("Sveriges Lärare", "föreningen Maskrosbarn"),
as Swedish capitalises only names there, and `labels: skip`, which leaves out the labels of a
table of text (a short cell in its first row or column, in a table without figures) and of a
labelled line: "Barn | Ingen direkt påverkan." and "Barn: Ej aktuellt." name a template's
perspectives, not what the case is about. `in_titles: {heads, lemmas, links, reach}` leaves out
matches inside the name of a document, law, programme, committee or assignment, which the
writer cannot rewrite: within `reach` words after a head word followed by a link word
("riktlinje för familjehemsvården för barn", "lagen om kollektivtrafikresenärers
rättigheter", "nämnden för äldre"), with no punctuation between. `look_in: title` searches
only the case's title (Document.title_area), for signs that count only there. Covers "a word
is present", "X without Y in the same sentence or section" and "X together with Y".

With `report: main_words` the rule counts, like `first_per_section`, the first match of
each section towards the score, but shows as findings only the words the case keeps using
for whom it is about: the `MAIN_WORDS` most frequent matched words (by lemma) that occur at
least `MIN_USES` times and at least once in the title or in a section named in `main_in`
(where a case states its subject, decision and analysis; text before the first heading
counts as such), each once, at its first use in such a section. A word met in passing ("besökare" of a web page, "en levande person" in a
legal definition, "hyresgäster" in a background paragraph) is not the case's target group,
and the same word in every section is one finding, not five. `unshown` (conditions, like
`without`) names sentences whose matches count for the score but are never shown: a word
there is no group the writer is to write out ("data om befolkningen", "Varje individ har
rätt till sitt privatliv").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import AnalysedDocument, Span
from ..terms import TermError, Terms
from .base import (
    Condition,
    Hit,
    conditions,
    counting_tables,
    in_sections,
    is_header,
    is_name,
    line_label,
    report_filter,
    tables,
)

PARAMS = ("match", "with", "without", "quote", "names", "labels", "main_in", "in_titles",
          "look_in", "unshown")
LABEL_WORDS = 3  # a table cell this short in a header is a label
MAIN_WORDS = 2
MIN_USES = 2


@dataclass
class Params:
    match: Terms
    with_: list[Condition]
    without: list[Condition]
    quote: str
    skip_names: bool
    skip_labels: bool
    main_in: list[str]
    in_titles: tuple[Terms, frozenset[str], int] | None  # heads, links, reach
    title_only: bool  # look_in: title
    unshown: list[Condition]  # main_words: sentences whose matches count but are not shown


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    if "match" not in data:
        raise KeyError("match")
    match = Terms.compile(data["match"], lexicons)
    if not match:
        raise TermError("'match' saknar termer")
    quote = data.get("quote", "match")
    if quote not in ("match", "sentence"):
        raise TermError("'quote' ska vara match eller sentence")
    names = data.get("names", "keep")
    if names not in ("keep", "skip"):
        raise TermError("'names' ska vara keep eller skip")
    labels = data.get("labels", "keep")
    if labels not in ("keep", "skip"):
        raise TermError("'labels' ska vara keep eller skip")
    look_in = data.get("look_in", "document")
    if look_in not in ("document", "title"):
        raise TermError("'look_in' ska vara document eller title")
    return Params(match, conditions(data.get("with"), lexicons),
                  conditions(data.get("without"), lexicons), quote, names == "skip",
                  labels == "skip", data.get("main_in") or [], _in_titles(data.get("in_titles"), lexicons),
                  look_in == "title", conditions(data.get("unshown"), lexicons))


def _in_titles(spec, lexicons) -> tuple[Terms, frozenset[str], int] | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or "links" not in spec or not ({"heads", "lemmas"} & set(spec)):
        raise TermError("'in_titles' ska ha 'links' och 'heads' eller 'lemmas'")
    reach = spec.get("reach", 6)
    if not isinstance(reach, int) or reach < 1:
        raise TermError("'in_titles.reach' ska vara ett positivt heltal")
    return (Terms.compile({k: spec[k] for k in ("heads", "lemmas") if k in spec}, lexicons),
            frozenset(str(x).lower() for x in spec["links"]), reach)


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    """One hit for each sentence that has a match and that the rule's sections and
    conditions admit, quoting the sentence or its earliest match."""
    p: Params = rule.params
    cache: dict = {}
    predicates: dict[str, list] = {}  # the conditions' predicates, built at the first match
    in_block: dict[int, bool] = {}  # block index -> whether the rule looks there
    admitted: dict[int, bool] = {}  # sentence index -> whether sections and conditions admit it

    def admits(s_index: int) -> bool:
        ok = admitted.get(s_index)
        if ok is None:
            sentence = adoc.sentences[s_index]
            block = sentence.block.index
            if block not in in_block:  # per block: a run-in heading admits its paragraph
                # a heading names what a section is about; it says nothing of the case itself
                # ("Konsekvenser för flickor och pojkar" is a template's heading, no analysis)
                in_block[block] = sentence.block.kind != "heading" \
                    and not (p.skip_labels and _label(adoc, sentence)) \
                    and in_sections(rule, adoc, sentence.block)
            if not predicates:
                predicates["with"] = [c.holds_at(adoc, cache) for c in p.with_]
                predicates["without"] = [c.holds_at(adoc, cache) for c in p.without]
            ok = admitted[s_index] = (in_block[block]
                                      and all(pred(sentence) for pred in predicates["with"])
                                      and not any(pred(sentence) for pred in predicates["without"]))
        return ok

    spans: dict[int, Span] = {}  # sentence index -> what its hit quotes
    titled = _titled(adoc, p.in_titles, cache) if p.in_titles else set()
    if rule.report == "main_words":
        matches = [(first, last) for first, last in _candidates(p, adoc)
                   if not (p.skip_names and is_name(adoc, first)) and first not in titled
                   and not _in_company_name(adoc, first)
                   and admits(adoc.token_sentence[first])]
        hidden = [c.holds_at(adoc, cache) for c in p.unshown]
        return _main_words(rule, adoc, matches,
                           lambda s_index: any(pred(adoc.sentences[s_index]) for pred in hidden))
    if p.quote == "sentence":
        for s_index in _matched_sentences(p, adoc):
            if admits(s_index):
                spans[s_index] = adoc.sentence_span(adoc.sentences[s_index])
    else:
        for first, last in _candidates(p, adoc):
            s_index = adoc.token_sentence[first]
            if (p.skip_names and is_name(adoc, first)) or first in titled \
                    or (p.skip_labels and _in_line_label(adoc, first)) or _in_company_name(adoc, first):
                continue
            if admits(s_index) and (s_index not in spans
                                    or adoc.token_char[first][0] < spans[s_index].start):
                spans[s_index] = adoc.span(first, last)  # the earliest match in the sentence
    hits = [Hit(rule, rule.grade, spans[i]) for i in sorted(spans)]
    return report_filter(rule, hits)


NO_EFFECT = frozenset({"ingen", "inga", "inget", "ej", "inte", "-", "–", "—"})


def _label(adoc: AnalysedDocument, sentence) -> bool:
    """Whether a sentence is a label of a table of text that names nothing the case does: a
    short header cell of a table without figures in its body, whose row says there is no
    effect or is empty ("Barn | Ingen direkt påverkan.", "Barn | Ej aktuellt"); a row that
    says something ("Medarbetare | Omfattande utbildningsbehov") is about them."""
    cell = sentence.block.cell
    if cell is None or not is_header(sentence) or len(sentence.block.text.split()) > LABEL_WORDS:
        return False
    if cell.index in counting_tables(adoc):
        return False
    table = tables(adoc)[cell.index]
    if cell.row == 0:  # a column's label: the table's first row names its columns
        return True
    row = [s for s in table if s.block.cell.row == cell.row and s.block.cell.col > cell.col]
    return all(NO_EFFECT & set(adoc.sentence_lemmas(s).lower().split()) for s in row)


def _in_line_label(adoc: AnalysedDocument, t: int) -> bool:
    """Whether token t lies in the short label of a labelled line ("Barn: Ej aktuellt.")."""
    label = line_label(adoc.sentences[adoc.token_sentence[t]].block.text, LABEL_WORDS, 60)
    return label is not None and adoc.token_char[t][0] < len(label)


def _main_words(rule, adoc: AnalysedDocument, matches: list[tuple[int, int]],
                hidden=lambda s_index: False) -> list[Hit]:
    """Each section's first match, counted but not shown, with the words the case keeps
    using for whom it is about shown in their place (not from `hidden` sentences)."""
    matches = sorted(matches)
    per_section: dict[int, Hit] = {}
    for first, last in matches:
        span = adoc.span(first, last)
        per_section.setdefault(span.block.section, Hit(rule, rule.grade, span, shown=False))
    title = adoc.document.title_block
    main_in = rule.params.main_in
    uses: dict[str, list] = {}
    for first, last in matches:
        if not hidden(adoc.token_sentence[first]):
            uses.setdefault(adoc.token_lemmas[last].lower(), []).append(adoc.span(first, last))

    def stated(span) -> bool:  # where the case states its subject, decision or analysis
        if not main_in:
            return span.block is not title
        heading = (adoc.document.sections[span.block.section].title or "").lower()
        return span.block is not title and (not heading or any(h in heading for h in main_in))

    ranked = sorted((spans for spans in uses.values() if len(spans) >= MIN_USES
                     and any(stated(s) or s.block is title for s in spans)),
                    key=lambda spans: (-len(spans), spans[0].sentence.index))
    hits = list(per_section.values())
    shown_sentences: set[int] = set()
    for spans in ranked:
        if len(shown_sentences) == MAIN_WORDS:
            break
        span = next((s for s in spans if stated(s)), spans[0])
        if span.sentence.index in shown_sentences:
            continue  # "barn och unga": one finding for the sentence, not one per word
        shown_sentences.add(span.sentence.index)
        shown = Hit(rule, rule.grade, span)
        kept = per_section.get(span.block.section)
        if kept is not None and not kept.shown:
            hits[hits.index(kept)] = per_section[span.block.section] = shown
        else:
            hits.append(shown)
    return sorted(hits, key=lambda h: (h.span.block.index, h.span.start))


TITLE_BREAKS = frozenset(",;:.()\"”")


def _titled(adoc: AnalysedDocument, spec, cache: dict) -> set[int]:
    """Tokens inside the name of a document, law, programme or committee: up to `reach`
    tokens after a head word and its link word, not across punctuation."""
    heads, links, reach = spec
    key = ("titled", id(spec))
    if key in cache:
        return cache[key]
    out: set[int] = set()
    for first, last in heads.matches(adoc):
        link = last + 1
        if link >= len(adoc.token_lemmas) or adoc.token_lemmas[link] not in links:
            continue
        sentence = adoc.sentences[adoc.token_sentence[last]]
        for t in range(link + 1, min(sentence.end_token, link + 1 + reach)):
            if adoc.token_lemmas[t] in TITLE_BREAKS:
                break
            out.add(t)
    cache[key] = out
    return out


def _sentence_conditions(p: Params, adoc: AnalysedDocument) -> set[int] | None:
    """The sentences that all sentence-scope `with` conditions admit, and with `look_in:
    title` only those of the title (None: anywhere); the rule's terms are searched only
    there."""
    allowed = [c.terms.sentence_set(adoc) for c in p.with_ if c.scope == "sentence"]
    if p.title_only:
        allowed.append(adoc.title_sentences())
    if not allowed:
        return None
    return set.intersection(*allowed)


def _candidates(p: Params, adoc: AnalysedDocument):
    """Matches of the rule's terms, searched only in sentences that a sentence-scope `with`
    condition admits: conditions are shared and cached, the match pattern is not."""
    allowed = _sentence_conditions(p, adoc)
    if allowed is None:
        yield from p.match.matches(adoc)
        return
    for index in sorted(allowed):
        yield from p.match.sentence_matches(adoc, adoc.sentences[index])


def _matched_sentences(p: Params, adoc: AnalysedDocument) -> set[int]:
    """The sentences in which _candidates finds a match."""
    allowed = _sentence_conditions(p, adoc)
    if allowed is None:
        return p.match.sentence_set(adoc)
    return {i for i in allowed if p.match.in_sentence(adoc, adoc.sentences[i])}


COMPANY_FORMS = frozenset({"AB", "HB", "KB"})


def _in_company_name(adoc: AnalysedDocument, t: int) -> bool:
    """Whether token t is a capitalised word of a company's name ("Brogårda Bostad AB",
    "Pajala Bostäder AB:s"): it names an organisation, not people or a service they use."""
    return t in _company_tokens(adoc)


def _company_tokens(adoc: AnalysedDocument) -> set[int]:
    """The capitalised words up to two before a company form (AB, HB, KB) in their sentence,
    found once per document."""
    found = adoc.cache.get("company_tokens")
    if found is None:
        found = set()
        forms = {f.lower() for f in COMPANY_FORMS}
        for u, surface in enumerate(adoc.token_surfaces):
            if surface.split(":")[0] not in forms or adoc.written(u).split(":")[0] not in COMPANY_FORMS:
                continue
            first = adoc.sentences[adoc.token_sentence[u]].first_token
            found.update(t for t in range(max(first, u - 2), u) if adoc.written(t)[:1].isupper())
        adoc.cache["company_tokens"] = found
    return found
