"""Turns a stored report into what the report and review pages show: criteria with verdicts,
findings grouped by section with their passage split around the quote, dismissals marked."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import LEVEL_WORDS, by_section, omitted_text, where
from ..ruleset import default_ruleset
from .models import ConfirmedAssessment, Dismissal, Revision, Verdict
from .services import finding_key


def criterion_titles() -> dict[str, str]:
    """The Swedish titles of the criteria, and of the question whether a case concerns people."""
    titles = dict(default_ruleset().titles)
    titles["concerns_people"] = "Berör ärendet människor?"
    return titles


@dataclass
class FindingView:
    data: dict
    before: str = ""
    quote: str = ""
    after: str = ""
    where: str = ""
    dismissal: Dismissal | None = None

    @property
    def level_name(self) -> str:
        return LEVEL_WORDS.get(self.data["level"], self.data["level"])


@dataclass
class SectionView:
    title: str
    findings: list[FindingView] = field(default_factory=list)


def finding_views(data: dict, blocks: list[str] | None,
                  dismissed: dict[tuple[str, str], Dismissal]) -> list[SectionView]:
    """The findings by section, as report.by_section groups them, each with its passage."""
    return [SectionView(f"Avsnitt: {heading}" if kind == "section" else heading,
                        [_finding_view(f, blocks, dismissed) for f in items])
            for kind, heading, items in by_section(data["findings"])]


def _finding_view(finding: dict, blocks: list[str] | None,
                  dismissed: dict[tuple[str, str], Dismissal]) -> FindingView:
    """A finding with its paragraph split around the quote (when the text is kept)."""
    loc = finding["location"]
    view = FindingView(data=finding, where=where(loc),
                       dismissal=dismissed.get(finding_key(finding)))
    text = None
    if blocks is not None and loc.get("block") is not None and loc["block"] < len(blocks):
        text = blocks[loc["block"]]
    start, end = loc.get("start"), loc.get("end")
    if text is not None and start is not None and text[start:end] == finding["quote"]:
        view.before, view.quote, view.after = text[:start], text[start:end], text[end:]
    elif finding["quote"]:
        view.quote = finding["quote"]
    return view


def criteria_views(data: dict, verdicts: dict[str, Verdict] | None = None) -> list[dict]:
    findings = {f["id"]: f for f in data["findings"]}
    verdicts = verdicts or {}
    return [dict(c, finding_items=[findings[i] for i in c["findings"] if i in findings],
                 omitted_note=omitted_text(c["findings_omitted"]) if c.get("findings_omitted")
                 else "", verdict=verdicts.get(c["id"]),
                 css="sna" if c["score"] is None else f"s{c['score']}")
            for c in data["criteria"]]


def revision_blocks(revision: Revision) -> list[str] | None:
    return revision.blocks if revision.purged_at is None else None


def assessment_view(data: dict, assessment: ConfirmedAssessment | None) -> dict | None:
    """The confirmed assessment beside the checker's figures: per criterion both scores and
    whether the secretary changed it, and both totals."""
    if assessment is None:
        return None
    rows = [{"id": c["id"], "title": c["title"], "checker": c["score"],
             "confirmed": assessment.score(c["id"]),
             "changed": assessment.score(c["id"]) != c["score"]} for c in data["criteria"]]
    return {"total": assessment.total, "checker_total": data["total"]["percent"], "rows": rows,
            "overridden": assessment.overridden, "by": assessment.updated_by.name,
            "at": assessment.updated_at}
