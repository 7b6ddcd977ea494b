"""Dashboard statistics: checklist scores over time, per committee and criterion.

The figures are defined by one aggregate query over the reports that count in the statistics
(`in_stats`: the current report of a case's last revision in a month), grouped by month and
committee (`aggregate_query`). Its rows are kept in the monthly figures table
(web/monthly.py), which the dashboard reads, so a view costs a few hundred rows however many
reports there are; Python only reshapes them. A case that was checked in several months
counts once in each month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..criteria import CRITERIA
from .models import Committee, ConfirmedAssessment, Dismissal, MonthlyFigures, Report

MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")
DEFAULT_MONTHS = 12
MAX_MONTHS = 120
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
FIRST_YEAR, LAST_YEAR = 2000, 2100  # months outside these are no report months


# --- months and formatting ------------------------------------------------------------------

def first_of_month(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(start: dt.date, end: dt.date) -> list[dt.date]:
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_iso(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_name(month: dt.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def month_short(month: dt.date) -> str:
    return f"{MONTH_NAMES[month.month - 1][:3]} {month.year}"


def decimal(value: float | None, digits: int = 1) -> str:
    """Swedish decimal comma: 58.25 -> '58,3'; None -> ''."""
    if value is None:
        return ""
    return f"{value:.{digits}f}".replace(".", ",")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{decimal(value)} %"


# --- filters -------------------------------------------------------------------------------

@dataclass
class Filters:
    start: dt.date
    end: dt.date
    committee_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    # "confirmed": the secretary's confirmed assessment where a case has one, else the
    # checker's; "checker": the checker's own scores only
    basis: str = "confirmed"

    @property
    def months(self) -> list[dt.date]:
        return month_range(self.start, self.end)

    def args(self) -> dict[str, str]:
        """Query-string arguments that reproduce these filters (for links and the export)."""
        out = {"fran": month_iso(self.start), "till": month_iso(self.end)}
        if self.committee_id:
            out["namnd"] = str(self.committee_id)
        if self.basis != "confirmed":
            out["underlag"] = BASES[self.basis][0]
        return out


# basis -> (query-string value, Swedish name)
BASES = {"confirmed": ("faststalld", "Fastställd bedömning där den finns, annars jamchecks"),
         "checker": ("jamcheck", "Bara jamchecks bedömning")}


def _parse_month(text: str) -> dt.date | None:
    match = _MONTH_RE.match(text.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        return None
    return dt.date(year, month, 1)


def parse_filters(args, committee_ids: set[int], today: dt.date | None = None) -> Filters:
    """Filters from the query string (`namnd`, `fran`, `till` as ÅÅÅÅ-MM); the default is the
    last twelve months, all committees. Bad values give Swedish messages in `errors` and fall
    back to the defaults."""
    today = today or dt.date.today()
    end = first_of_month(today)
    start = add_months(end, -(DEFAULT_MONTHS - 1))
    errors: dict[str, str] = {}
    committee_id = None
    raw = (args.get("namnd") or "").strip()
    if raw:
        if raw.isdigit() and int(raw) in committee_ids:
            committee_id = int(raw)
        else:
            errors["namnd"] = "Nämnden finns inte. Välj en nämnd i listan."
    given = {}
    for key, label in (("fran", "Från"), ("till", "Till")):
        raw = (args.get(key) or "").strip()
        if not raw:
            continue
        month = _parse_month(raw)
        if month is None:
            errors[key] = (f"{label}-månaden ska skrivas som ÅÅÅÅ-MM, till exempel 2025-03, "
                           f"mellan {FIRST_YEAR} och {LAST_YEAR}.")
        else:
            given[key] = month
    new_start, new_end = given.get("fran", start), given.get("till", end)
    if "fran" in given and "till" not in given and new_start > new_end:
        new_end = add_months(new_start, DEFAULT_MONTHS - 1)
    if "till" in given and "fran" not in given:
        new_start = add_months(new_end, -(DEFAULT_MONTHS - 1))
    if new_start > new_end:
        errors["till"] = "Till-månaden får inte vara före från-månaden."
    elif len(month_range(new_start, new_end)) > MAX_MONTHS:
        errors["till"] = f"Perioden får vara högst {MAX_MONTHS // 12} år lång."
    else:
        start, end = new_start, new_end
    basis = "confirmed"
    raw = (args.get("underlag") or "").strip()
    if raw:
        basis = next((b for b, (value, _) in BASES.items() if value == raw), "")
        if not basis:
            errors["underlag"] = "Välj underlag i listan."
            basis = "confirmed"
    return Filters(start=start, end=end, committee_id=committee_id, errors=errors, basis=basis)


# --- the aggregate query -------------------------------------------------------------------

def aggregate_query(filters: Filters):
    """One row per (month, committee): number of cases, the sum and count of totals, and per
    criterion the number applicable (score not null), met (3) and missing (1). On the
    confirmed basis a case's confirmed assessment, where it has one, stands for the
    checker's figures."""
    confirmed = filters.basis == "confirmed"

    def figure(name: str):
        if not confirmed:
            return getattr(Report, name)
        return case((ConfirmedAssessment.id.isnot(None), getattr(ConfirmedAssessment, name)),
                    else_=getattr(Report, name))

    total = figure("total")
    columns = [Report.month, Report.committee_id, func.count().label("cases"),
               func.count(total).label("n_total"), func.sum(total).label("sum_total")]
    for criterion in CRITERIA:
        score = figure(f"score_{criterion}")
        columns += [func.count(score).label(f"{criterion}__n"),
                    func.sum(case((score == 3, 1), else_=0)).label(f"{criterion}__met"),
                    func.sum(case((score == 1, 1), else_=0)).label(f"{criterion}__missing")]
    query = select(*columns).select_from(Report)
    if confirmed:
        query = query.outerjoin(ConfirmedAssessment,
                                ConfirmedAssessment.revision_id == Report.revision_id)
    query = (query.where(Report.in_stats == True,
                         Report.month >= filters.start, Report.month <= filters.end)
             .group_by(Report.month, Report.committee_id))
    if filters.committee_id:
        query = query.where(Report.committee_id == filters.committee_id)
    return query


@dataclass
class Cell:
    """A count and the value computed from it (an average or a share in percent)."""
    n: int = 0  # cases behind the value
    count: int = 0  # met or missing (shares); unused for averages
    total: float = 0.0  # sum of totals (averages)

    @property
    def average(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def share(self) -> float | None:
        return 100 * self.count / self.n if self.n else None


@dataclass
class Dashboard:
    filters: Filters
    months: list[dt.date]
    committees: list[tuple[int, str]]  # committees with data in the period, by name
    committee_name: str  # the filter's committee, or "Alla nämnder"
    cases: int  # in_stats reports in the period (case-months)
    # (a) monthly average total: committee id (None = all selected) -> month -> Cell
    totals: dict[int | None, dict[dt.date, Cell]]
    # (b) share meeting each criterion: criterion -> month -> Cell (n applicable, count met)
    met: dict[str, dict[dt.date, Cell]]
    met_period: dict[str, Cell]
    # (c) missing (score 1) over the whole period, most often missing first
    missing: list[tuple[str, Cell]]

    @property
    def cases_with_total(self) -> int:
        return sum(c.n for c in self.totals[None].values())


def build_dashboard(db: Session, filters: Filters) -> Dashboard:
    """The dashboard from the monthly figures table, which holds what `aggregate_query`
    gives, kept up to date by web/monthly.py (a few rows per month and committee)."""
    names = dict(db.execute(select(Committee.id, Committee.name)).all())
    query = select(MonthlyFigures).where(
        MonthlyFigures.basis == filters.basis, MonthlyFigures.cases > 0,
        MonthlyFigures.month >= filters.start, MonthlyFigures.month <= filters.end)
    if filters.committee_id:
        query = query.where(MonthlyFigures.committee_id == filters.committee_id)
    return shape(db.scalars(query).all(), filters, names)


def shape(rows, filters: Filters, names: dict[int, str]) -> Dashboard:
    """Reshape the aggregate rows into the three figures."""
    months = filters.months
    totals: dict[int | None, dict[dt.date, Cell]] = {None: {m: Cell() for m in months}}
    met = {c: {m: Cell() for m in months} for c in CRITERIA}
    met_period = {c: Cell() for c in CRITERIA}
    missing = {c: Cell() for c in CRITERIA}
    cases = 0
    for row in rows:
        month = row.month if isinstance(row.month, dt.date) else dt.date.fromisoformat(
            str(row.month)[:10])
        month = first_of_month(month)
        cases += row.cases
        n_total, sum_total = row.n_total or 0, float(row.sum_total or 0)
        per_committee = totals.setdefault(row.committee_id, {m: Cell() for m in months})
        for target in (per_committee, totals[None]):
            cell = target.setdefault(month, Cell())
            cell.n += n_total
            cell.total += sum_total
        for criterion in CRITERIA:
            n = getattr(row, f"{criterion}__n") or 0
            n_met = int(getattr(row, f"{criterion}__met") or 0)
            n_missing = int(getattr(row, f"{criterion}__missing") or 0)
            cell = met[criterion].setdefault(month, Cell())
            cell.n += n
            cell.count += n_met
            met_period[criterion].n += n
            met_period[criterion].count += n_met
            missing[criterion].n += n
            missing[criterion].count += n_missing
    committees = sorted(((cid, names.get(cid, f"Nämnd {cid}")) for cid in totals if cid),
                        key=lambda item: item[1].lower())
    ranking = sorted(missing.items(), key=lambda item: (-item[1].count, -(item[1].share or 0),
                                                        CRITERIA.index(item[0])))
    committee_name = (names.get(filters.committee_id, "") if filters.committee_id
                      else "Alla nämnder")
    return Dashboard(filters=filters, months=months, committees=committees,
                     committee_name=committee_name, cases=cases, totals=totals, met=met,
                     met_period=met_period, missing=ranking)


# --- CSV export ----------------------------------------------------------------------------

CSV_HEADER = ["Diagram", "Period", "Nämnd", "Kriterium", "Antal ärenden", "Antal",
              "Värde (%)", "Underlag"]


def export_rows(board: Dashboard, titles: dict[str, str]) -> list[list[str]]:
    """The tables of the dashboard as rows for a CSV file (pivot-friendly long format):
    figure, month or period, committee, criterion, cases behind the value, the count
    (met / missing), the value in percent with a decimal comma, and the basis (the confirmed
    assessment where there is one, or the checker's scores only)."""
    rows = [CSV_HEADER]
    selected = board.committee_name
    for month in board.months:
        for cid, name in board.committees:
            cell = board.totals[cid].get(month)
            if cell and cell.n:
                rows.append(["Genomsnittligt resultat", month_iso(month), name, "", str(cell.n),
                             "", decimal(cell.average)])
        cell = board.totals[None][month]
        if cell.n and (len(board.committees) > 1 or not board.committees):
            rows.append(["Genomsnittligt resultat", month_iso(month), f"Samtliga ({selected})",
                         "", str(cell.n), "", decimal(cell.average)])
    for criterion in CRITERIA:
        for month in board.months:
            cell = board.met[criterion][month]
            if cell.n:
                rows.append(["Andel som uppfyller kriteriet", month_iso(month), selected,
                             titles.get(criterion, criterion), str(cell.n), str(cell.count),
                             decimal(cell.share)])
    period = f"{month_iso(board.filters.start)}–{month_iso(board.filters.end)}"
    for criterion, cell in board.missing:
        if cell.n:
            rows.append(["Kriteriet saknas (poäng 1)", period, selected,
                         titles.get(criterion, criterion), str(cell.n), str(cell.count),
                         decimal(cell.share)])
    basis = BASES[board.filters.basis][1]
    return [rows[0]] + [row + [basis] for row in rows[1:]]


def csv_safe(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection)."""
    if value and value[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- dismissals: the false-alarm signal ----------------------------------------------------

@dataclass
class DismissedRule:
    rule_id: str
    criterion: str
    count: int
    cases: int
    latest: dt.datetime
    reasons: list[tuple[str, dt.datetime]]


def dismissal_ranking(db: Session, limit: int = 50, reasons: int = 3) -> list[DismissedRule]:
    """The rules writers dismiss most: how often, in how many cases, and the latest reasons."""
    top = db.execute(
        select(Dismissal.rule_id, func.min(Dismissal.criterion).label("criterion"),
               func.count().label("count"),
               func.count(func.distinct(Dismissal.case_id)).label("cases"),
               func.max(Dismissal.created_at).label("latest"))
        .group_by(Dismissal.rule_id)
        .order_by(func.count().desc(), func.max(Dismissal.created_at).desc(), Dismissal.rule_id)
        .limit(limit)).all()
    if not top:
        return []
    ranked = (select(Dismissal.rule_id, Dismissal.reason, Dismissal.created_at,
                     func.row_number().over(partition_by=Dismissal.rule_id,
                                            order_by=(Dismissal.created_at.desc(),
                                                      Dismissal.id.desc())).label("rn"))
              .where(Dismissal.rule_id.in_([r.rule_id for r in top])).subquery())
    latest: dict[str, list[tuple[str, dt.datetime]]] = {}
    for row in db.execute(select(ranked.c.rule_id, ranked.c.reason, ranked.c.created_at)
                          .where(ranked.c.rn <= reasons)
                          .order_by(ranked.c.rule_id, ranked.c.rn)):
        latest.setdefault(row.rule_id, []).append((row.reason, row.created_at))
    return [DismissedRule(rule_id=r.rule_id, criterion=r.criterion, count=r.count,
                          cases=r.cases, latest=r.latest, reasons=latest.get(r.rule_id, []))
            for r in top]


def dismissal_counts(db: Session) -> dict[str, int]:
    return dict(db.execute(select(Dismissal.rule_id, func.count())
                           .group_by(Dismissal.rule_id)).all())
