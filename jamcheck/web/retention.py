"""Retention of personal data: stored draft files older than the administrator's period are
deleted, with the passages quoted from them. Scores, verdicts and the reports' figures stay for
the statistics. Every deletion is logged (ids and counts only)."""

from __future__ import annotations

import copy
import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Report, Revision, Setting, User, utcnow
from .services import audit

KEY = "retention_days"
REMOVED = "[borttaget enligt gallringsregeln]"
_QUOTED = re.compile(r"”[^”]*”")


def retention_days(session: Session) -> int | None:
    row = session.get(Setting, KEY)
    return int(row.value) if row is not None and row.value.isdigit() else None


def set_retention_days(session: Session, days: int | None, user: User | None) -> None:
    row = session.get(Setting, KEY)
    if days is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=KEY, value=str(days)))
    else:
        row.value = str(days)
    audit(session, user, "retention_set", days=days)
    session.commit()


def strip_quotes(data: dict) -> dict:
    """The report without any text taken from the document: passages, the document's title
    and headings, the first words of paragraphs."""
    data = copy.deepcopy(data)
    document = data.get("document") or {}
    if document.get("title"):
        document["title"] = REMOVED
    document["sections"] = []
    for item in data.get("findings", []) + data.get("concerns_people_evidence", []):
        quote = " ".join((item.get("quote") or "").split())
        if quote and quote in (item.get("suggestion") or ""):  # a suggestion fitted to the case
            item["suggestion"] = item["suggestion"].replace(quote, REMOVED)
        item["quote"] = None
        location = item.get("location") or {}
        for key in ("lead", "section"):  # a paragraph's first words, a heading
            if location.get(key):
                location[key] = None
    for criterion in data.get("criteria", []):
        criterion["rationale"] = _QUOTED.sub(f"”{REMOVED}”", criterion["rationale"])
    if "concerns_people_rationale" in data:
        data["concerns_people_rationale"] = _QUOTED.sub(f"”{REMOVED}”",
                                                        data["concerns_people_rationale"])
    return data


def purge(session: Session, days: int, user: User | None = None,
          now: dt.datetime | None = None) -> int:
    """Delete the files of revisions uploaded more than `days` days ago; returns how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    revisions = session.scalars(select(Revision).where(
        Revision.uploaded_at < cutoff, Revision.purged_at.is_(None))).all()
    for revision in revisions:
        revision.content = None
        revision.blocks = None
        revision.purged_at = utcnow()
        for report in session.scalars(select(Report).where(Report.revision_id == revision.id)):
            report.data = strip_quotes(report.data)
        audit(session, user, "file_purged", revision.case, revision=revision.number,
              retention_days=days)
        session.commit()  # one revision at a time: an interruption leaves nothing half-done
    audit(session, user, "retention_run", retention_days=days, purged=len(revisions),
          cutoff=cutoff.isoformat(timespec="seconds"))
    session.commit()
    return len(revisions)
