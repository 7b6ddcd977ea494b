"""What every check kind shares: the Hit it yields, and where in a document a rule may look."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..analysis import AnalysedDocument, Sentence, Span
from ..document import ATTACHMENTS, Block
from ..terms import TermError, Terms

if TYPE_CHECKING:
    from ..ruleset import Rule

SCOPES = ("sentence", "nearby", "paragraph", "section", "document")


@dataclass(eq=False)
class Hit:
    """One place where a rule matched, with the grade it gives its criterion.

    `grade` is 1-3 for scoring, or None when the hit only makes the criterion applicable.
    A hit without a span (something missing) is anchored on a block instead.
    """

    rule: Rule
    grade: int | None
    span: Span | None = None
    anchor: Block | None = None
    message: str | None = None  # overrides the rule's message for this hit
    suggestion: str | None = None
    level: str | None = None
    shown: bool = True  # False: counts for the score, but is not shown as a finding

    @property
    def is_flag(self) -> bool:
        return self.rule.role == "flag" and self.grade is not None and self.grade < 3

    @property
    def is_finding(self) -> bool:
        return self.is_flag and self.shown

    @property
    def block(self) -> Block | None:
        return self.span.block if self.span is not None else self.anchor


def in_sections(rule: Rule, adoc: AnalysedDocument, block: Block) -> bool:
    """Whether a rule's `sections: {only, skip}` (substrings of section titles) admit a block.
    A paragraph that opens with an `only` heading run into its text counts as in it, and so
    does a table cell whose row is labelled with one (a table of consequences: "Jämställdhet |
    Ingen påverkan."); in a text without any headings (an excerpt), so does one that names
    what such a section is about (`names_section`)."""
    if not rule.sections:
        return True
    doc = adoc.document
    title = (doc.sections[block.section].title or "").lower()
    only = rule.sections.get("only")
    if only and not any(s in title for s in only) and not run_in(block.text, only) \
            and not any(s in doc.row_label(block).lower() for s in only) \
            and not (not doc.section_titles and names_section(block.text, only)):
        return False
    skip = rule.sections.get("skip", [])
    if ATTACHMENTS in skip and doc.in_attachment(block):
        return False
    # a labelled line counts as in the section its label names ("Jämställdhet: Beslutet ...")
    return not any(s in title for s in skip) and not labelled(block.text, skip)


# Words by which a paragraph of a text without headings says that it is the analysis of a
# dimension or perspective ("utifrån dessa dimensioner", "ur ett jämställdhetsperspektiv").
SECTION_WORDS = ("dimension", "perspektiv")


def names_section(text: str, headings: list[str]) -> bool:
    """Whether a paragraph names the subject of an analysis heading in its own words (a
    dimension or a perspective); only for rules limited to the analysis."""
    lower = text.lower()
    return any("dimension" in h or "jämställd" in h for h in headings) \
        and any(w in lower for w in SECTION_WORDS)


def tables(adoc: AnalysedDocument) -> dict[int, list[Sentence]]:
    """The sentences of each table (by its index), computed once per document."""
    found = adoc.cache.get("tables")
    if found is None:
        found = {}
        for s in adoc.sentences:
            if s.block.cell is not None:
                found.setdefault(s.block.cell.index, []).append(s)
        adoc.cache["tables"] = found
    return found


def is_header(sentence: Sentence) -> bool:
    """Whether a table sentence stands in a header: the first row or the first column."""
    return sentence.block.cell.row == 0 or sentence.block.cell.col == 0


FIGURE_UNITS = frozenset({"%", "procent", "st", "st.", "kr", "tkr", "mnkr", "cirka", "ca", "ca."})


def is_figure_cell(text: str) -> bool:
    """Whether a table cell gives a figure ("1 480", "61 %", "cirka 1 200 st"), not a
    sentence that mentions one ("17 medarbetare berörs."): at least half its words are
    numbers or units."""
    words = text.split()
    numeric = sum(1 for w in words if any(ch.isdigit() for ch in w) or w.lower() in FIGURE_UNITS)
    return bool(words) and any(ch.isdigit() for ch in text) and 2 * numeric >= len(words)


def counting_tables(adoc: AnalysedDocument) -> set[int]:
    """The tables (by index) that hold figures outside their headers: they count, not only
    list. A table of text whose assessments mention a sum ("Ekonomi | Intäkterna beräknas öka
    med cirka 4,2 miljoner kronor per år.") lists. Computed once per document."""
    found = adoc.cache.get("counting_tables")
    if found is None:
        found = {index for index, sentences in tables(adoc).items()
                 if any(is_figure_cell(s.block.text) for s in sentences if not is_header(s))}
        adoc.cache["counting_tables"] = found
    return found


PERCENT = frozenset({"procent", "%"})  # the unit after a share: "45 procent", "45 %"
# "45 procent av eleverna", "bland de sökande": the words that tie a figure to its group
PARTITIVE = frozenset({"av", "bland"})
COPULAS = frozenset({"vara", "utgöra"})  # "58 procent av dem ... är kvinnor"


def sex_closes_predicate(adoc, sentence, figure: int, sex_last: int) -> bool:
    """Whether a sex term ends its clause and a copula stands before the figure, so that the
    group the figure counts is said to be of that sex: "I länet är drygt hälften av de
    konstnärer som sökt stipendierna kvinnor", "var 36 procent av de musiker som ... kvinnor,
    och ..."."""
    ends = sex_last + 1 >= sentence.end_token or not adoc.token_surfaces[sex_last + 1].isalnum()
    return ends and any(adoc.token_lemmas[t] in COPULAS
                        for t in range(sentence.first_token, figure))


def figure_value(adoc: AnalysedDocument, t: int) -> float | None:
    """The number a figure token stands for; "1 480" is two tokens, so gather the groups."""
    start = t
    while start - 1 >= 0 and is_figure(adoc, start - 1) and len(adoc.token_surfaces[start]) == 3 \
            and adoc.token_sentence[start - 1] == adoc.token_sentence[t]:
        start -= 1
    end = t
    while end + 1 < len(adoc.token_surface_pos) and is_figure(adoc, end + 1) \
            and len(adoc.token_surfaces[end + 1]) == 3 and adoc.token_sentence[end + 1] == adoc.token_sentence[t]:
        end += 1
    text = "".join(adoc.token_surfaces[u] for u in range(start, end + 1)).replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


NOT_NAME_AFTER = frozenset("•–-—:;\"”'(")


def is_name(adoc: AnalysedDocument, t: int) -> bool:
    """Whether token t is capitalised inside its sentence (not first, not after a bullet, a
    colon or a quote, and not all capitals): a name rather than a common noun or a count
    ("Tre Stiftelsers ansökan")."""
    if t == adoc.sentences[adoc.token_sentence[t]].first_token:
        return False
    word = adoc.written(t)
    if not (word[:1].isupper() and any(ch.islower() for ch in word[1:])):
        return False
    return adoc.written(t - 1)[-1:] not in NOT_NAME_AFTER


def is_figure(adoc: AnalysedDocument, t: int) -> bool:
    """Whether token t is a figure such as "20", "1,5" or "10–25"."""
    token = adoc.token_surfaces[t]
    return any(ch.isdigit() for ch in token) and all(ch.isdigit() or ch in ",.:–-" for ch in token)


RUN_IN_REACH = 12  # words: how far into a paragraph a run-in heading may reach
RUN_IN_OPENERS = ("bedömning", "konsekvens", "jämställd", "social")


LABEL_WORDS = 5  # words: how long the label of a labelled line may be


def run_in(text: str, headings: list[str]) -> bool:
    """Whether a paragraph opens with one of the headings run into its text ("Bedömning ur
    ekonomisk, ekologisk och social dimension Stadsledningskontoret har inte funnit ..."): it
    starts with a heading word and the heading comes before its first full stop; or it is a
    labelled line in a list of consequences whose short label names a heading ("Jämlikhet
    och jämställdhet: Avgifterna är desamma ..."). A labelled line's heading is its label
    alone: "Jämställdhet: Insatserna riktar sig till hela klasser" is no section of measures."""
    label = line_label(text)
    if label is not None:
        return label_names(label, headings)
    opening = " ".join(text[:300].split()[:RUN_IN_REACH]).lower().split(".")[0]
    return opening.startswith(RUN_IN_OPENERS) and any(h in opening for h in headings)


def line_label(text: str, max_words: int = LABEL_WORDS, reach: int = 120) -> str | None:
    """The label of a labelled line ("Jämställdhet: Ingen påverkan." -> "Jämställdhet"): the
    text before a colon within `reach` characters, at most `max_words` words; None if none."""
    label, colon, _ = text[:reach].partition(":")
    return label if colon and len(label.split()) <= max_words else None


def labelled(text: str, headings: list[str]) -> bool:
    """Whether a paragraph is a labelled line whose short label names one of the headings
    ("Jämlikhet och jämställdhet: Avgifterna är desamma ...")."""
    label = line_label(text)
    return label is not None and label_names(label, headings)


def label_names(label: str, headings: list[str]) -> bool:
    """Whether a line's label names one of the headings (not the "@" section kinds)."""
    return any(h in label.lower() for h in headings if not h.startswith("@"))


def unit(adoc: AnalysedDocument, sentence: Sentence, scope: str) -> int:
    """The id of the sentence's unit at a scope (sentence, paragraph, section, document)."""
    if scope == "sentence":
        return sentence.index
    if scope == "paragraph":
        return sentence.block.index
    if scope == "section":
        return sentence.block.section
    return 0


class Condition:
    """Terms that must (or must not) occur in the same sentence, nearby, paragraph or section;
    `unless` (terms) leaves out the sentences that also have those terms."""

    def __init__(self, spec: dict, lexicons: dict[str, str]):
        if not isinstance(spec, dict):
            raise TermError("ett villkor ska vara en mappning med termer och 'scope'")
        spec = dict(spec)
        self.scope = spec.pop("scope", "sentence")
        if self.scope not in SCOPES:
            raise TermError(f"scope {self.scope!r} är okänt; tillåtna är {', '.join(SCOPES)}")
        unless = spec.pop("unless", None)
        self.unless = Terms.compile(unless, lexicons) if unless is not None else None
        self.terms = Terms.compile(spec, lexicons)
        if not self.terms:
            raise TermError("ett villkor saknar termer")

    def holds_at(self, adoc: AnalysedDocument, cache: dict) -> callable:
        """A predicate over sentences, precomputed once per document."""
        key = id(self)
        if key not in cache:
            sentences = self.terms.sentence_set(adoc)
            if self.unless is not None:
                sentences = sentences - self.unless.sentence_set(adoc)
            if self.scope == "nearby":
                def pred(s: Sentence, sentences=sentences) -> bool:
                    if s.index in sentences:
                        return True
                    for other in (s.index - 1, s.index + 1):
                        if other in sentences and adoc.sentences[other].block is s.block:
                            return True
                    return False
            else:
                units = {unit(adoc, adoc.sentences[i], self.scope) for i in sentences}
                def pred(s: Sentence, units=units) -> bool:
                    return unit(adoc, s, self.scope) in units
            cache[key] = pred
        return cache[key]


def conditions(value, lexicons: dict[str, str]) -> list[Condition]:
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise TermError("'with'/'without' ska vara ett villkor eller en lista av villkor")
    return [Condition(v, lexicons) for v in value]


def report_filter(rule: Rule, hits: list[Hit]) -> list[Hit]:
    """Keep one hit per sentence, and per section or document when the rule says so."""
    seen: set = set()
    out = []
    for hit in hits:
        block = hit.block
        if hit.span is not None:
            key = ("s", hit.span.sentence.index)
        else:
            key = ("b", block.index if block else None)
        if rule.report in ("first_per_section", "main_words"):
            key = ("sec", block.section if block else None)
        elif rule.report == "first_per_document":
            key = ("doc",)
        if key in seen:
            continue
        seen.add(key)
        out.append(hit)
    return out
