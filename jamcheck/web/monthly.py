"""The monthly figures table (models.MonthlyFigures), kept in step with the reports.

The dashboard reads a few rows per month and committee instead of aggregating every stored
report on each view. Every change to what counts in the statistics (an upload, a re-check, a
confirmed assessment, a deleted draft case) calls `refresh` with the months and committees it
touched, in the same transaction: each such row is rebuilt from the reports with the same
aggregate query the figures are defined by (stats.aggregate_query), never adjusted by
increments, so a row is right whatever happened before. Concurrent writers to one row take
its lock first and rebuild it in turn. `rebuild` recomputes the whole table (after a bulk
load, or to check it: `flask --app wsgi jamcheck rebuild-statistics`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from .models import MONTHLY_COUNTS, MonthlyFigures, Report
from .stats import BASES, Filters, aggregate_query

Bucket = tuple[dt.date, int]  # (month, committee id)


def buckets_of_case(db: Session, case_id: int, month: dt.date | None = None) -> set[Bucket]:
    """The months and committees of a case's reports (in one month, if given)."""
    query = select(Report.month, Report.committee_id).where(Report.case_id == case_id)
    if month is not None:
        query = query.where(Report.month == month)
    return {(row.month, row.committee_id) for row in db.execute(query.distinct())}


def buckets_of_revision(db: Session, revision_id: int) -> set[Bucket]:
    return {(row.month, row.committee_id) for row in db.execute(
        select(Report.month, Report.committee_id).where(Report.revision_id == revision_id)
        .distinct())}


def refresh(db: Session, buckets: set[Bucket]) -> None:
    """Rebuild the rows of these months and committees, both bases, from the reports."""
    for month, committee_id in sorted(buckets):
        _lock(db, month, committee_id)
        for basis in BASES:
            filters = Filters(start=month, end=month, committee_id=committee_id, basis=basis)
            row = db.execute(aggregate_query(filters)).first()
            values = {name: int(getattr(row, name) or 0) if row is not None else 0
                      for name in MONTHLY_COUNTS}
            db.execute(update(MonthlyFigures).where(
                MonthlyFigures.month == month, MonthlyFigures.committee_id == committee_id,
                MonthlyFigures.basis == basis).values(**values))


def _lock(db: Session, month: dt.date, committee_id: int) -> None:
    """Make sure the rows exist, then hold their write lock until the transaction ends, so
    that a concurrent writer rebuilds them only after this one's reports are committed."""
    insert = _dialect_insert(db)
    db.execute(insert(MonthlyFigures).values(
        [{"month": month, "committee_id": committee_id, "basis": basis,
          **{name: 0 for name in MONTHLY_COUNTS}} for basis in BASES])
        .on_conflict_do_nothing(index_elements=["month", "committee_id", "basis"]))
    db.execute(update(MonthlyFigures).where(
        MonthlyFigures.month == month, MonthlyFigures.committee_id == committee_id)
        .values(cases=MonthlyFigures.cases))


def _dialect_insert(db: Session):
    if db.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def rebuild(db: Session) -> int:
    """Recompute the whole table from the reports; returns the number of rows. The caller
    commits."""
    db.execute(delete(MonthlyFigures))
    buckets = {(row.month, row.committee_id) for row in db.execute(
        select(Report.month, Report.committee_id).where(Report.in_stats == True)
        .distinct())}
    refresh(db, buckets)
    return 2 * len(buckets)


def differences(db: Session) -> list[str]:
    """Where the table differs from the figures computed from the reports (empty: in step)."""
    stored = {(r.month, r.committee_id, r.basis): {n: getattr(r, n) for n in MONTHLY_COUNTS}
              for r in db.scalars(select(MonthlyFigures)) if r.cases}
    live = {}
    for basis in BASES:
        filters = Filters(start=dt.date(1, 1, 1), end=dt.date(9999, 12, 1), basis=basis)
        for row in db.execute(aggregate_query(filters)):
            live[(row.month, row.committee_id, basis)] = {
                n: int(getattr(row, n) or 0) for n in MONTHLY_COUNTS}
    return [f"{key}: {stored.get(key)} != {live.get(key)}"
            for key in sorted(set(stored) | set(live), key=str) if stored.get(key) != live.get(key)]
