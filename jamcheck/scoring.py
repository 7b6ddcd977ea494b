"""Turns hits into the case's verdicts: whether it concerns people, each criterion's 1-3 score with rationale, and the total."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import learned
from .analysis import AnalysedDocument, Sentence
from .checks.base import Hit
from .criteria import total
from .document import Block
from .language import lemmatize
from .ruleset import GOAL_RULE_PREFIX, Criterion, RuleSet
from .words import counted

STATUS = {3: "met", 2: "partial", 1: "missing", None: "not_applicable"}
# Findings shown per criterion: a document of 59,000 short paragraphs gets the first ones and
# a count of the rest, so that every page and output of an accepted document stays small.
MAX_FINDINGS = 40
DECISION_WORDS = 2  # a shorter line of a decision section decides nothing ("1.", "Beslut")
# ... nor does one that only introduces the points: "I kommunstyrelsen och kommunfullmäktige:",
# "Kommunstyrelsen beslutar", "Förvaltningen föreslår att nämnden beslutar att"
DECISION_INTRO = re.compile(r"(?::|\b(?:beslut\w*|föreslå\w*)(?:\s+att)?)\s*$", re.IGNORECASE)


@dataclass
class CriterionResult:
    criterion: Criterion
    score: int | None
    rationale: str
    hits: list[Hit] = field(default_factory=list)  # the findings behind the score
    omitted: int = 0  # findings left out beyond MAX_FINDINGS (the report says how many)

    @property
    def status(self) -> str:
        return STATUS[self.score]


@dataclass
class Verdict:
    concerns_people: bool
    people_evidence: list[Hit]
    people_rationale: str
    criteria: list[CriterionResult]

    @property
    def total(self) -> dict:
        return total([c.score for c in self.criteria])


class _Blank(dict):
    def __missing__(self, key):
        return ""


_PARENTHESIS = re.compile(r"\s*\([^()]*\{(\w+)\}[^()]*\)")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict) -> str:
    """A rationale template filled in; a parenthesis whose placeholder has no value is left
    out ("... könsneutrala ord (t.ex. ”{flagged}”)." without a quote), and so is a part in
    square brackets ("[, men {flag_places} beskriver ...]" when there are none)."""
    template = _PARENTHESIS.sub(lambda m: m.group(0) if values.get(m.group(1)) else "", template)
    template = _OPTIONAL.sub(lambda m: m.group(1) if all(
        values.get(k) for k in _PLACEHOLDER.findall(m.group(1))) else "", template)
    return template.format_map(_Blank(values)).strip()


def decide_people(ruleset: RuleSet, hits: list[Hit],
                  adoc: AnalysedDocument) -> tuple[bool, list[Hit], str]:
    """Whether the case concerns people, judged from what it is about.

    A case concerns people when it describes women and men, girls and boys in substance
    (a strong signal), or when people or a service to them are named where the case
    states its subject (the title and the sections in `core_sections`: Sammanfattning,
    Förslag till beslut, Motionen ...) while the case names people somewhere (a rule in
    `people_rules`: a grant to political parties names no people), or often enough
    elsewhere (`min_body` distinct words) unless the decision only notes a report. A title
    that names a technical, financial or formal matter (a rules document, an annual report, a
    property purchase) outweighs everything but the strong signal: such a case decides a form,
    not what people get. A counter in `subject_counters` (a task moved between committees)
    counts only when the title, the core sections and the first section name no one but the
    organisation's own staff (`staff`). A counter of grade 3 (a list of motions) outweighs the
    strong signal too: the women and men it names are in the titles of what it lists, not in
    what it decides."""
    config = ruleset.concerns_people
    evidence = [h for h in hits if h.rule.criterion == "concerns_people" and h.rule.role == "evidence"]
    counter_all = [h for h in hits if h.rule.criterion == "concerns_people" and h.rule.role == "counter"]
    strong = [h for h in evidence if h.grade == 3]
    core = [h for h in evidence if _deciding_part(adoc, h, config["core_sections"])]
    counter = [h for h in counter_all if _in_title(adoc, h)]
    if any(h.rule.id in config["subject_counters"] for h in counter) \
            and _names_beyond_staff(adoc, core, evidence, config):
        counter = [h for h in counter if h.rule.id not in config["subject_counters"]]
    decisive = [h for h in counter if h.grade == 3]  # a formal kind of case, whatever it lists
    core_words = {h.span.quote.lower() for h in core if h.span is not None}
    all_words = {h.span.quote.lower() for h in evidence if h.span is not None}
    names_people = any(h.rule.id in config["people_rules"] for h in evidence)
    if decisive:
        concerns = False
    elif strong:
        concerns = True
    elif counter:
        concerns = False
    else:  # a grant or fee in the title concerns people only if people are named somewhere
        concerns = (len(core_words) >= config["min_core"] and names_people) \
            or (len(all_words) >= config["min_body"] and not _only_noted(adoc, config))
    model = ruleset.models.get("concerns_people")
    if model is not None and not decisive and not strong:
        # the rules' signals short of a decisive one, weighed with the case's words and the other
        # criteria's hits
        concerns = bool(model.decide(people_features(adoc, hits, config, concerns)))
    in_core = {id(h) for h in core}
    named = strong + core + [h for h in evidence if h.grade != 3 and id(h) not in in_core]
    shown = _one_per_word(named if concerns else counter, 5)
    template, quoted = ("people" if concerns else "no_people"), shown
    if not concerns and not shown and evidence:  # people named, but not in what is decided
        template, quoted = "no_people_named", _one_per_word(named, 3)
    quotes = ", ".join(f"”{h.span.quote}”" for h in quoted if h.span is not None)
    text = fill(config["rationale"][template], {"evidence": quotes, "count": len(all_words)})
    return concerns, shown, text


def _names_beyond_staff(adoc: AnalysedDocument, core: list[Hit], evidence: list[Hit],
                        config: dict) -> bool:
    """Whether the title, the core sections (`core`, their evidence) or the first section
    name people or a service other than the organisation's own staff."""
    first = next((i for i, sec in enumerate(adoc.document.sections) if sec.title), None)
    subject = core + [h for h in evidence if h.block is not None and h.block.section == first]
    return any(not _staff(h, config) for h in subject)


def _staff(hit: Hit, config: dict) -> bool:
    """Whether an evidence hit names the organisation's own staff ("Medarbetarna",
    "tillsvidareanställda": concerns_people's `staff`), not people it serves."""
    words = hit.span.quote.split() if hit.span is not None else []
    return bool(words) and lemmatize(words[-1]).endswith(tuple(config["staff"]))


def _one_per_word(hits: list[Hit], limit: int) -> list[Hit]:
    """The first `limit` hits, one per word whatever its case ("Flickor", "flickor")."""
    chosen, seen = [], set()
    for hit in hits:
        key = hit.span.quote.lower() if hit.span is not None else id(hit)
        if key not in seen and len(chosen) < limit:
            seen.add(key)
            chosen.append(hit)
    return chosen


def people_features(adoc: AnalysedDocument, hits: list[Hit], config: dict,
                    rules_decide: bool) -> dict[str, float]:
    """What the concerns_people model weighs (jamcheck.learned), from all the rules' hits: each
    concerns_people hit by rule, grade and place (the title, the parts that state the subject,
    the body), which other criteria's rules hit at which grade (a statistic about people, an
    exemption claim), the rules' own decision, whether the case only notes a report, and the
    content words of its title, of the parts that state its subject and (unless it only notes
    a report, which concerns people by its subject alone) of the rest, each part on its own."""
    noted = _only_noted(adoc, config)
    features: dict[str, float] = {"rule_cp": float(rules_decide), "only_noted": float(noted)}
    counts: dict[str, int] = defaultdict(int)
    for hit in hits:
        if hit.rule.criterion == "concerns_people":
            place = "title" if _in_title(adoc, hit) else (
                "core" if _deciding_part(adoc, hit, config["core_sections"]) else "body")
            counts[learned.hit_feature("concerns_people", hit.rule.id, hit.grade, place)] += 1
        else:
            features[learned.hit_feature(hit.rule.criterion, hit.rule.id, hit.grade)] = 1.0
    features.update({k: math.log1p(n) for k, n in counts.items()})
    title = adoc.title_sentences()
    in_core: dict[int, bool] = {}  # block index -> whether it states the subject
    for sentence in adoc.sentences:
        block = sentence.block
        if block.index not in in_core:
            in_core[block.index] = _block_in(adoc, block, config["core_sections"])
        part = "title" if sentence.index in title else "core" if in_core[block.index] else "body"
        if part != "body" or not noted:  # a noted report concerns people by its subject alone
            features.update({learned.word_feature(part, w): 1.0 for w in _content_lemmas(adoc, sentence)})
    return features


def _content_lemmas(adoc: AnalysedDocument, sentence: Sentence) -> set[str]:
    """The sentence's lemmas that can say what a case is about (learned.content_word)."""
    return {w for w in adoc.sentence_lemmas(sentence).lower().split() if learned.content_word(w)}


def _only_noted(adoc: AnalysedDocument, config: dict) -> bool:
    """Whether the case's decision only notes a report ("Rapporten antecknas", "läggs till
    handlingarna", "förklaras fullgjort"): the first section under a decision heading says
    one of `noted` in every point it decides ("1. Medborgarvittnen avvecklas ... 3.
    Redovisningen antecknas" decides more than a noting). Lines that only introduce the
    points ("I kommunstyrelsen och kommunfullmäktige:") decide nothing. Computed once per
    document (concerns_people and the scores ask)."""
    noted = adoc.cache.get("only_noted")
    if noted is None:
        noted = False
        for section in adoc.document.sections:
            title = (section.title or "").lower()
            if title and any(h in title for h in config["decision_sections"]):
                points = [s.text.lower() for b in section.blocks if b.kind != "heading"
                          for s in adoc.by_block.get(b.index, [])
                          if len(s.text.split()) >= DECISION_WORDS
                          and not DECISION_INTRO.search(s.text)]
                noted = bool(points) and all(any(n in p for n in config["noted"]) for p in points)
                break
        adoc.cache["only_noted"] = noted
    return noted


def _in_title(adoc: AnalysedDocument, hit: Hit) -> bool:
    """Whether a hit lies in the case's title (AnalysedDocument.title_sentences)."""
    if hit.span is not None:
        return hit.span.sentence.index in adoc.title_sentences()
    return hit.block is not None and any(b is hit.block for b in adoc.document.title_area)


def _deciding_part(adoc: AnalysedDocument, hit: Hit, sections: list[str]) -> bool:
    """Whether a hit lies in the title or in a section where the case states its subject
    or decision (before the first heading counts as the title area)."""
    return _block_in(adoc, hit.block, sections)


def _block_in(adoc: AnalysedDocument, block: Block | None, sections: list[str]) -> bool:
    """Whether a block is the title or lies in one of `sections` (or before any heading)."""
    if block is None:
        return True
    doc = adoc.document
    if block.kind == "title" or block is doc.title_block:
        return True
    title = (doc.sections[block.section].title or "").lower() if block.section is not None else ""
    if not title:  # before the first heading: the title area
        return True
    return any(s in title for s in sections)


def score_criterion(criterion: Criterion, hits: list[Hit], concerns_people: bool) -> tuple[int | None, dict]:
    graded = [h for h in hits if h.grade is not None]
    evidence = [h for h in graded if h.rule.role == "evidence"]
    flags = [h for h in graded if h.is_flag]
    facts = {"evidence": len(evidence), "flags": len(flags)}
    if "people" in criterion.applies and not concerns_people:
        return None, facts
    if "hits" in criterion.applies and not hits:
        return None, facts
    if "applies_hits" in criterion.applies and not any(h.rule.role == "applies" for h in hits):
        return None, facts
    if criterion.mode == "best":
        score = max((h.grade for h in evidence), default=1)
    elif criterion.mode == "coverage":
        good = sum(1 for h in graded if h.grade == 3)
        bad = len(graded) - good
        score = 3 if good and not bad else 2 if good else 1
    elif criterion.mode == "balance":
        good = sum(1 for h in evidence if h.grade == 3)
        met = any(h.grade == 3 and h.rule.id in criterion.met_by for h in evidence)
        enough = met or (criterion.enough_good is not None and good >= criterion.enough_good)
        passages = len({h.span.sentence.index if h.span is not None else id(h) for h in evidence})
        score = 3 if good and ((good >= len(flags) and passages >= criterion.min_passages)
                               or enough) else 2 if evidence else 1
    else:  # worst
        score = min((h.grade for h in graded), default=1)
    facts["good"] = sum(1 for h in graded if h.grade == 3)
    return score, facts


def judge(ruleset: RuleSet, adoc: AnalysedDocument, hits: list[Hit]) -> Verdict:
    concerns, people_evidence, people_rationale = decide_people(ruleset, hits, adoc)
    by_criterion: dict[str, list[Hit]] = defaultdict(list)
    for h in hits:
        by_criterion[h.rule.criterion].append(h)
    anchor = _anchor_block(adoc, ruleset)
    noted = _only_noted(adoc, ruleset.concerns_people)
    results = []
    for criterion in ruleset.criteria:
        own = by_criterion.get(criterion.id, [])
        score, facts = score_criterion(criterion, own, concerns)
        if noted and criterion.noted_max is not None and score is not None \
                and score > criterion.noted_max:
            score = criterion.noted_max  # a noted report's content is not the decision's
        # a met criterion shows no flags; an unmet one at least the gap. In a case that
        # concerns no people only a bare claim is worth a finding: a short reason there is
        # what the checklist asks for, even when it is thin.
        shows = score is not None and score < 3 and (concerns or score == 1)
        flags = [h for h in own if h.is_finding] if shows else []
        findings = [h for h in flags if _shown_in(adoc, h)]
        # flags outside the sections their rule shows findings in are named in the
        # rationale, not replaced by a gap finding
        # a report the committee only notes: what the report shows, not what the decision
        # changes, is what the writer can add (or nothing: `noted: {shown: false}`)
        said = criterion.gap.get("noted", {}) if noted else {}
        if shows and not flags and _gap_shown(criterion, hits) and said.get("shown", True):
            findings = [Hit(GapRule(criterion), score, span=None,
                            message=criterion.gap.get("partial") if score == 2
                            else said.get("message"), suggestion=said.get("suggestion"))]
        for hit in findings:  # something missing: point at the analysis, else the decision
            if score == 2 and hit.message is None and hit.rule.partial_message:
                hit.message = hit.rule.partial_message
            if hit.span is None and anchor is not None:
                hit.anchor = anchor
            if not concerns and criterion.technical_suggestion:
                hit.suggestion = criterion.technical_suggestion
        shown = _one_per_section(findings)[:MAX_FINDINGS]
        omitted = len(findings) - len(shown)  # the same kind again, said in the report
        findings = shown
        best = [h for h in own if h.rule.role == "evidence" and h.grade == score and h.span]
        # the organisation's own goal, named in the rationale when it earned the score
        own_goal = next((h for h in best if h.rule.id.startswith(GOAL_RULE_PREFIX)), None)
        example = (own_goal or (best[0] if best else None))
        example = example.span.quote if example is not None else ""
        goal = f" (organisationens mål ”{own_goal.rule.description}”)" if own_goal else ""
        # the rationale quotes a flag even where no finding is shown (a thin reason in a case
        # that concerns no people)
        flagged = next((h.span.quote for h in findings + flags if h.span), "") or next(
            (h.span.quote for h in own if h.is_finding and h.grade == score and h.span), "")
        good = facts.get("good", 0)
        rationale = fill(criterion.rationale[STATUS[score]], {
            "evidence": facts["evidence"], "flags": facts["flags"], "good": good,
            "evidence_total": good + facts["flags"],
            "good_places": counted(good, "ställe", "ställen"),
            "flag_places": counted(facts["flags"], "ställe", "ställen") if facts["flags"] else "",
            "example": _short(example), "flagged": _short(flagged), "goal": goal})
        results.append(CriterionResult(criterion, score, rationale, findings, omitted))
    return Verdict(concerns, people_evidence, people_rationale, results)


def _shown_in(adoc: AnalysedDocument, hit: Hit) -> bool:
    """Whether a hit lies where its rule's `show_in` headings say its findings are shown."""
    headings = getattr(hit.rule, "show_in", None)
    if not headings or hit.block is None or hit.block.section is None:
        return True
    title = (adoc.document.sections[hit.block.section].title or "").lower()
    return not title or any(h in title for h in headings)


def _short(quote: str, limit: int = 120) -> str:
    """A passage to quote inside ”…” in a rationale: one line, without its closing full stop
    (the rationale has its own) and with its own quotation marks made single."""
    quote = " ".join(quote.split()).replace("”", "’").replace('"', "’").rstrip(".")
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


class GapRule:
    """Stands in for a rule when a criterion is unmet and no rule points at a passage."""

    role = "flag"

    def __init__(self, criterion: Criterion):
        self.id = f"{criterion.id}.gap"
        self.criterion = criterion.id
        self.level = criterion.gap["level"]
        self.message = criterion.gap["message"]
        self.suggestion = criterion.gap["suggestion"]
        self.source = criterion.gap["source"]


LEVEL_RANK = {"error": 0, "warning": 1, "info": 2}


def _gap_shown(criterion: Criterion, hits: list[Hit]) -> bool:
    """Whether an unmet criterion gets its gap finding. With `gap.when_any`, only when one of
    those rules found something (intersectionality and equality goals are worth a finding
    once the case writes about women and men at all; before that, the missing analysis is
    the finding). With `gap.unless_any`, not when one of those rules has a finding that
    says the same (a bare claim in the equality section already says that the consequences
    are not described)."""
    if criterion.gap.get("shown") is False:
        return False
    needed = criterion.gap.get("when_any")
    if needed and not any(h.rule.id in needed for h in hits):
        return False
    replaced_by = criterion.gap.get("unless_any") or []
    return not any(h.rule.id in replaced_by and h.is_finding for h in hits)


def _one_per_section(findings: list[Hit]) -> list[Hit]:
    """At most one finding per section for a criterion: the most severe, then the first. A
    writer needs one pointer per part of the case, not every sentence that repeats it."""
    best: dict[int | None, Hit] = {}
    for hit in findings:
        key = hit.block.section if hit.block is not None else None
        kept = best.get(key)
        if kept is None or LEVEL_RANK.get(hit.level or hit.rule.level, 3) < \
                LEVEL_RANK.get(kept.level or kept.rule.level, 3):
            best[key] = hit
    return [h for h in findings if best.get(h.block.section if h.block is not None else None) is h]


def _anchor_block(adoc: AnalysedDocument, ruleset: RuleSet) -> Block | None:
    """Where a finding about something missing points: the first section whose heading
    holds one of the `gap_anchor` headings, in their order of preference (the equality
    analysis, else the decision), else the title."""
    doc = adoc.document
    for anchor in ruleset.gap_anchor:
        section = next((s for s in doc.sections if s.title and anchor in s.title.lower()), None)
        if section is not None:
            return section.heading
    return doc.title_block or next((b for b in doc.blocks if b.text.strip()), None)
