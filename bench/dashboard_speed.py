"""Measures the administrator dashboard over many stored reports.

Seeds a fresh temporary SQLite database (created through the app's migrations) with
100,000 reports (1,000,000 with --large) spread over six committees and 36 months, with
their cases and revisions, by bulk insert, and fills the monthly figures table from them
(web/monthly.py). Then times the aggregate over the reports (`query_*`, what the table holds),
reading the dashboard from the table (`table_*`), rebuilding one month and committee of the
table (what each upload, re-check or verdict adds), and the full page through the Flask test
client as a logged-in administrator: the default view (last twelve months), all 36 months,
one committee, and the CSV export.

Prints one line per figure, `name: value unit (detail)`, and writes the figures as JSON to
bench/results-dashboard.json (one entry per data size). Each timing is the median of several
runs with the spread (min-max) beside it; the first (cold) run is reported apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text

from jamcheck.ruleset import CRITERIA
from jamcheck.web import create_app, db, monthly
from jamcheck.web.charts import Series, line_chart
from jamcheck.web.models import Case, Committee, Report, Revision, User
from jamcheck.web.services import hash_password
from jamcheck.web.stats import (
    Filters,
    add_months,
    aggregate_query,
    build_dashboard,
    first_of_month,
    shape,
)

RESULTS = ROOT / "bench" / "results-dashboard.json"
COMMITTEES = ["Regionstyrelsen", "Hälso- och sjukvårdsnämnden", "Kollektivtrafiknämnden",
              "Kultur- och utbildningsnämnden", "Regional utvecklingsnämnd",
              "Patientnämnden"]
WEIGHTS = [3, 5, 2, 3, 2, 1]
MONTHS = 36
PASSWORD = "bench-lösenord-123"
CHUNK = 50_000


def _scores(rng: random.Random, quality: float, concerns: bool) -> dict[str, int | None]:
    scores: dict[str, int | None] = {}
    for criterion in CRITERIA:
        if criterion == "motivated_exemption":
            applies = rng.random() < 0.35
        elif criterion in ("sex_disaggregated_statistics", "measures"):
            applies = concerns and rng.random() < 0.6
        else:
            applies = concerns
        if not applies:
            scores[criterion] = None
            continue
        r = rng.random()
        scores[criterion] = 3 if r < quality * 0.6 else (2 if r < 0.35 + quality * 0.4 else 1)
    return scores


def seed(engine, n_reports: int, today: dt.date, rng: random.Random) -> dict:
    """Bulk-insert committees, two users, cases, revisions and `n_reports` reports."""
    t0 = time.perf_counter()
    end = first_of_month(today)
    first = add_months(end, -(MONTHS - 1))
    now = dt.datetime.combine(today, dt.time(12))
    with engine.begin() as conn:
        conn.execute(insert(Committee), [{"id": i + 1, "name": n} for i, n in enumerate(COMMITTEES)])
        conn.execute(insert(User), [
            {"id": 1, "username": "admin", "name": "Bench Admin", "role": "admin",
             "password_hash": hash_password(PASSWORD), "active": True, "failed_logins": 0,
             "created_at": now},
            {"id": 2, "username": "writer", "name": "Bench Writer", "role": "writer",
             "password_hash": "x", "active": True, "failed_logins": 0, "created_at": now}])
        cases, revisions, reports = [], [], []
        case_id = revision_id = 0
        n_done = 0

        def flush():
            conn.execute(insert(Case), cases)
            conn.execute(insert(Revision), revisions)
            conn.execute(insert(Report), reports)
            cases.clear()
            revisions.clear()
            reports.clear()

        while n_done < n_reports:
            case_id += 1
            committee = rng.choices(range(1, len(COMMITTEES) + 1), WEIGHTS)[0]
            start = rng.randrange(MONTHS)
            n_revisions = min(rng.choices((1, 2, 3), (6, 3, 1))[0], n_reports - n_done)
            uploaded = dt.datetime.combine(add_months(first, start), dt.time(9)) + dt.timedelta(
                days=rng.randrange(27), minutes=rng.randrange(600))
            cases.append({"id": case_id, "diarienummer": f"RS {uploaded.year}/{case_id}",
                          "title": f"Ärende {case_id}", "committee_id": committee,
                          "meeting_date": (uploaded + dt.timedelta(days=40)).date(),
                          "state": "submitted", "owner_id": 2, "created_at": uploaded,
                          "updated_at": uploaded})
            # later months score a little better: the checklist is taking hold
            quality = min(0.95, max(0.05, rng.gauss(0.3 + 0.35 * start / MONTHS, 0.18)))
            concerns = rng.random() < 0.88
            rows = []
            for number in range(1, n_revisions + 1):
                if number > 1:
                    uploaded += dt.timedelta(days=rng.randrange(3, 25))
                    quality = min(0.95, quality + 0.1)
                revision_id += 1
                revisions.append({"id": revision_id, "case_id": case_id, "number": number,
                                  "filename": "utkast.docx", "sha256": "0" * 64, "size": 20_000,
                                  "uploaded_by_id": 2, "uploaded_at": uploaded})
                scores = _scores(rng, quality, concerns)
                applicable = [s for s in scores.values() if s is not None]
                total = (round(100 * sum(s - 1 for s in applicable) / (2 * len(applicable)))
                         if applicable else None)
                month = first_of_month(uploaded.date())
                row = {"id": revision_id, "revision_id": revision_id, "case_id": case_id,
                       "committee_id": committee, "month": month, "created_at": uploaded,
                       "rules_version": "bench", "jamcheck_version": "bench", "data": None,
                       "total": total, "applicable": len(applicable),
                       "concerns_people": concerns, "is_current": True, "in_stats": True}
                row.update({f"score_{c}": s for c, s in scores.items()})
                rows.append(row)
            for i, row in enumerate(rows):  # the last revision of a month counts
                if i + 1 < len(rows) and rows[i + 1]["month"] == row["month"]:
                    row["in_stats"] = False
            reports.extend(rows)
            n_done += len(rows)
            if len(reports) >= CHUNK:
                flush()
        if reports:
            flush()
    with engine.connect() as conn:
        in_stats = conn.execute(text("SELECT count(*) FROM reports WHERE in_stats")).scalar()
    return {"reports": n_reports, "cases": case_id, "in_stats": in_stats,
            "seconds": round(time.perf_counter() - t0, 1)}


def timed(fn, repeat: int) -> dict:
    runs = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    cold, warm = runs[0], runs[1:]
    return {"median_ms": round(statistics.median(warm), 2), "min_ms": round(min(warm), 2),
            "max_ms": round(max(warm), 2), "cold_ms": round(cold, 2),
            "runs_ms": [round(r, 2) for r in warm]}


def run(n_reports: int, repeat: int, seed_value: int, url: str | None = None) -> dict:
    rng = random.Random(seed_value)
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="jamcheck-bench-") as tmp:
        app = create_app({"DATABASE_URL": url or f"sqlite:///{tmp}/bench.sqlite",
                          "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "PRELOAD": False})
        postgres = url is not None
        with app.app_context():
            seeded = seed(db.engine(), n_reports, today, rng)
            t0 = time.perf_counter()  # the reports went in by bulk insert: fill the table
            session = db.session()
            seeded["monthly_rows"] = monthly.rebuild(session)
            session.commit()
            seeded["rebuild_seconds"] = round(time.perf_counter() - t0, 1)
            if postgres:  # statistics and the visibility map, as autovacuum would have them
                with db.engine().connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE"))
        print(f"seeded: {seeded['reports']} reports ({seeded['cases']} cases, "
              f"{seeded['in_stats']} in statistics) in {seeded['seconds']} s; monthly "
              f"figures table ({seeded['monthly_rows']} rows) rebuilt in "
              f"{seeded['rebuild_seconds']} s", flush=True)
        end = first_of_month(today)
        default = Filters(start=add_months(end, -11), end=end)
        everything = Filters(start=add_months(end, -(MONTHS - 1)), end=end)
        one = Filters(start=add_months(end, -11), end=end, committee_id=2)
        names = dict(enumerate(COMMITTEES, start=1))
        figures: dict[str, dict] = {}
        plans: dict[str, list[str]] = {}
        with app.app_context():
            session = db.session()
            for label, filters in (("12_months", default), ("36_months", everything),
                                   ("one_committee", one)):
                query = aggregate_query(filters)
                figures[f"query_{label}"] = timed(lambda q=query: session.execute(q).all(),
                                                  repeat)
                compiled = query.compile(db.engine(), compile_kwargs={"literal_binds": True})
                explain = "EXPLAIN" if postgres else "EXPLAIN QUERY PLAN"
                plans[label] = [row[-1] for row in session.execute(
                    text(f"{explain} {compiled}")).all()]
                figures[f"table_{label}"] = timed(
                    lambda f=filters: build_dashboard(session, f), repeat)
            # what each upload, re-check or verdict now adds: rebuilding one month and
            # committee of the table (rolled back after each run)
            bucket = {(end, 2)}

            def refresh_once():
                monthly.refresh(session, bucket)
                session.rollback()
            figures["refresh_one_month_committee"] = timed(refresh_once, repeat)
            rows = session.execute(aggregate_query(default)).all()
            figures["shape_12_months"] = timed(lambda: shape(rows, default, names), repeat)
            board = shape(rows, default, names)
            labels = [m.isoformat()[:7] for m in board.months]
            series = [Series(n, [board.totals[c][m].average for m in board.months])
                      for c, n in board.committees]
            figures["svg_line_chart"] = timed(
                lambda: line_chart(labels, series, title="t", desc="d"), repeat)
        client = app.test_client()
        response = client.post("/logga-in", data={"username": "admin", "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        start_all = add_months(end, -(MONTHS - 1)).isoformat()[:7]
        pages = {"page_default": "/admin/",
                 "page_36_months": f"/admin/?fran={start_all}",
                 "page_one_committee": "/admin/?namnd=2",
                 "csv_export_36_months": f"/admin/export.csv?fran={start_all}"}
        for name, page_url in pages.items():
            def get(url=page_url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            figures[name] = timed(get, repeat)
    return {"seeded": seeded, "repeat": repeat, "figures": figures, "query_plans": plans}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true", help="1 000 000 rapporter")
    parser.add_argument("--reports", type=int, help="antal rapporter (ersätter standardvärdet)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--postgres", action="store_true",
                        help="också på en tillfällig PostgreSQL-server (tests/pgserver.py)")
    args = parser.parse_args()
    n_reports = args.reports or (1_000_000 if args.large else 100_000)
    report(n_reports, args, run(n_reports, args.repeat, args.seed), "")
    if args.postgres:
        sys.path.insert(0, str(ROOT / "tests"))
        from pgserver import PostgresServer

        server = PostgresServer()
        server.start()
        try:
            result = run(n_reports, args.repeat, args.seed, server.create_database("bench"))
            report(n_reports, args, result, "pg_")
        finally:
            server.stop()


def report(n_reports: int, args, result: dict, prefix: str) -> None:
    for name, f in result["figures"].items():
        print(f"{prefix}{name}: {f['median_ms']:.1f} ms (median of {args.repeat}, spread "
              f"{f['min_ms']:.1f}-{f['max_ms']:.1f} ms, cold {f['cold_ms']:.1f} ms, "
              f"{n_reports} reports)")
    budget = result["figures"]["page_default"]["median_ms"]
    print(f"{prefix}dashboard_budget: {'ok' if budget < 200 else 'MISSED'} "
          f"({budget:.1f} ms against 200 ms for the default page)")
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[prefix + str(n_reports)] = {**result, "date": dt.date.today().isoformat(),
                            "python": platform.python_version(),
                            "sqlite": sqlite3.sqlite_version, "machine": platform.machine()}
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"results: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
