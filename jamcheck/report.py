"""The Report: findings with locations, criterion scores and total, as the JSON of docs/checklist.md and as text for a terminal."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from . import __version__
from .checks.base import Hit
from .document import Block, Document
from .scoring import Verdict
from .words import counted

SCORE_WORDS = {3: "finns", 2: "behöver utvecklas", 1: "saknas", None: "ej tillämpligt"}
# The Swedish names of a finding's level, the same in the text report, the PDF and the pages.
LEVEL_WORDS = {"error": "Fel", "warning": "Varning", "info": "Tips"}


def location(document: Document, block: Block | None, start: int | None, end: int | None) -> dict:
    if block is None:
        return {"section": None, "paragraph": None, "table": None, "content_control": None,
                "block": None, "start": None, "end": None, "lead": None}
    return {
        "section": document.sections[block.section].title,
        "paragraph": block.paragraph,
        "table": block.cell.to_dict() if block.cell is not None else None,
        "content_control": block.control,
        "block": block.index,
        "start": start,
        "end": end,
        "lead": _lead(block.text),
    }


def _lead(text: str, words: int = 6) -> str:
    """The first words of a paragraph, by which a writer finds it in Word."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def finding_dict(document: Document, fid: str, hit: Hit) -> dict:
    rule = hit.rule
    span = hit.span
    return {
        "id": fid,
        "rule": rule.id,
        "criterion": rule.criterion,
        "level": hit.level or rule.level,
        "message": hit.message or rule.message,
        "suggestion": _fit(hit.suggestion or rule.suggestion, span.quote if span else None),
        "source": rule.source,
        "location": location(document, hit.block, span.start if span else None,
                             span.end if span else None),
        "quote": span.quote if span else None,
    }


def _fit(suggestion: str, quote: str | None) -> str:
    """A suggestion made to fit the case: "{quote}" in a rule's suggestion stands for the
    passage the finding quotes ("hur många av ”540 elever” som är kvinnor och män")."""
    return suggestion.replace("{quote}", " ".join(quote.split()) if quote else "…")


@dataclass
class Report:
    document: Document
    verdict: Verdict
    rules_version: str

    def to_dict(self) -> dict:
        doc = self.document
        hits: list[Hit] = list({id(h): h for r in self.verdict.criteria for h in r.hits}.values())
        hits.sort(key=lambda h: (h.block.index if h.block else -1,
                                 h.span.start if h.span else -1, h.rule.id))
        ids = {id(h): f"f{i + 1}" for i, h in enumerate(hits)}
        return {
            "jamcheck_version": __version__,
            "rules_version": self.rules_version,
            "document": {"filename": doc.filename, "sha256": doc.sha256, "title": doc.title,
                         "words": doc.words, "sections": doc.section_titles},
            "concerns_people": self.verdict.concerns_people,
            "concerns_people_rationale": self.verdict.people_rationale,
            "concerns_people_evidence": [
                {"rule": h.rule.id, "quote": h.span.quote if h.span else None,
                 "location": location(doc, h.block, h.span.start if h.span else None,
                                      h.span.end if h.span else None)}
                for h in self.verdict.people_evidence],
            "criteria": [
                {"id": r.criterion.id, "title": r.criterion.title, "score": r.score,
                 "status": r.status, "rationale": r.rationale,
                 "findings": [ids[id(h)] for h in r.hits], "findings_omitted": r.omitted}
                for r in self.verdict.criteria],
            "total": self.verdict.total,
            "findings": [finding_dict(doc, ids[id(h)], h) for h in hits],
        }


def to_text(data: dict, width: int = 100) -> str:
    """A report dict as text a case writer can read in a terminal."""
    doc = data["document"]
    total = data["total"]
    lines = [f"{doc['filename']}: {doc['title'] or '(utan rubrik)'}"]
    pct = "ej tillämpligt" if total["percent"] is None else f"{total['percent']} %"
    lines.append(f"Totalt: {pct} ({total['applicable']} tillämpliga kriterier)")
    people = "ja" if data["concerns_people"] else "nej"
    lines.append(f"Berör ärendet människor? {people}. {data.get('concerns_people_rationale', '')}")
    lines.append("")
    lines.append("Kriterier")
    for c in data["criteria"]:
        score = "–" if c["score"] is None else str(c["score"])
        lines.append(f"  [{score}] {c['title']} ({SCORE_WORDS[c['score']]})")
        lines.extend(textwrap.wrap(c["rationale"], width, initial_indent="      ",
                                   subsequent_indent="      "))
        if c.get("findings_omitted"):
            lines.append(f"      ({omitted_text(c['findings_omitted'])})")
    findings = data["findings"]
    lines.append("")
    lines.append(f"Anmärkningar ({len(findings)})" if findings else "Inga anmärkningar.")
    section = object()
    for f in findings:
        loc = f["location"]
        if loc["section"] != section:
            section = loc["section"]
            lines.append(f"  Avsnitt: {section or '(före första rubriken)'}")
        place = f"({where(loc)})" if where(loc) else ""
        lines.append(f"    {f['id']} {LEVEL_WORDS.get(f['level'], f['level'])} {place}: {f['message']}")
        if f["quote"]:
            lines.extend(textwrap.wrap(f"”{f['quote']}”", width, initial_indent="        ",
                                       subsequent_indent="         "))
        lines.extend(textwrap.wrap(f"Förslag: {f['suggestion']}", width,
                                   initial_indent="        ", subsequent_indent="        "))
    lines.append("")
    lines.append(f"jamcheck {data['jamcheck_version']}, regler {data['rules_version']}")
    return "\n".join(lines)


BEFORE_FIRST_HEADING = "Före första rubriken"
WHOLE_DOCUMENT = "Hela dokumentet"


def by_section(findings: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """Findings in document order, grouped where the section changes, as (kind, heading,
    findings); kind is "section", "before" (before the first heading) or "document" (no
    place). Two sections with the same heading stay apart. The pages and the PDF both
    group this way."""
    groups: list[tuple[str, str, list[dict]]] = []
    for f in findings:
        loc = f.get("location") or {}
        if loc.get("section"):
            key = ("section", loc["section"])
        elif loc.get("block") is not None or where(loc):
            key = ("before", BEFORE_FIRST_HEADING)
        else:
            key = ("document", WHOLE_DOCUMENT)
        if not groups or groups[-1][:2] != key:
            groups.append((*key, []))
        groups[-1][2].append(f)
    return groups


def omitted_text(count: int) -> str:
    """The note on findings left out: "ytterligare 12 anmärkningar visas inte"."""
    return f"ytterligare {counted(count, 'anmärkning', 'anmärkningar')} av samma slag visas inte"


def where(loc: dict | None) -> str:
    """A finding's place in words, as a writer finds it in Word: "tabell 1, rad 2, kolumn 3",
    or the paragraph by its first words ("stycket ”Stadsledningskontoret har inte …”"), since
    a count of paragraphs would include letterhead lines and empty paragraphs; "stycke 4"
    only for reports stored before the first words were recorded."""
    loc = loc or {}
    if loc.get("table"):
        t = loc["table"]
        return f"tabell {t['index'] + 1}, rad {t['row'] + 1}, kolumn {t['col'] + 1}"
    if loc.get("lead"):
        return f"stycket ”{loc['lead']}”"
    if loc.get("paragraph") is not None:
        return f"stycke {loc['paragraph'] + 1}"
    if loc.get("content_control") is not None:
        return f"innehållskontroll {loc['content_control'] + 1}"
    return ""
