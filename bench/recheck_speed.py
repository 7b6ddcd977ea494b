"""Measures re-checking stored drafts with the current rules: reports per second with 1 and 2
processes (`flask --app wsgi jamcheck recheck --all-revisions --jobs N`).

Seeds a temporary SQLite database (created through the app's migrations) with 1,000 stored
revisions (250 cases with 4 revisions each; the files are the samples in rotation, each with
its report, by bulk insert), copies it once per setting and runs the `recheck` command on the
copy through Flask's CLI runner, so every setting starts from the same data. With --jobs 2 each
process has its own database engine, checks and writes its reports; a case's revisions stay in
one process. After each run the result is verified (one new current report per revision, the
same reports counted in the statistics as the single-process run). Beside it: checking the same
files without the database (1 process), the floor for re-checking.

Prints one line per figure, `name: value unit (detail)`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import case as when_then
from sqlalchemy import func, select

from jamcheck.checker import check_document
from jamcheck.ingest import read_docx
from jamcheck.ruleset import default_ruleset
from jamcheck.web import create_app, db
from jamcheck.web.models import Case, Committee, Report, Revision, User
from jamcheck.web.services import report_row

REVISIONS_PER_CASE = 4


def emit(name: str, value: float, unit: str, detail: str = "") -> None:
    print(f"{name}: {value:.4g} {unit}" + (f" ({detail})" if detail else ""), flush=True)


def app_for(path: Path, preload: bool = False):
    return create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench",
                       "PRELOAD": preload})


def seed(path: Path, n_revisions: int) -> list[tuple[str, bytes]]:
    """Bulk-insert cases, revisions (the sample files in rotation) and their reports."""
    samples = [(p.name, p.read_bytes()) for p in sorted((ROOT / "samples").glob("*.docx"))]
    ruleset = default_ruleset()
    checked = []
    for name, content in samples:
        document = read_docx(content, name)
        checked.append((name, content, [b.text for b in document.blocks],
                        check_document(document, ruleset).to_dict()))
    app = app_for(path)
    with app.app_context():
        session = db.session()
        committees = [Committee(name=f"Nämnd {i}") for i in range(3)]
        writer = User(username="writer", name="Bench Writer", role="writer", password_hash="x")
        session.add_all([*committees, writer])
        session.flush()
        start = dt.datetime(2026, 1, 5, 9)
        n_cases = -(-n_revisions // REVISIONS_PER_CASE)
        made = 0
        for c in range(n_cases):
            case = Case(diarienummer=f"RS 2026/{c}", title=f"Ärende {c}",
                        committee_id=committees[c % 3].id, owner_id=writer.id)
            session.add(case)
            session.flush()
            for number in range(1, REVISIONS_PER_CASE + 1):
                if made == n_revisions:
                    break
                name, content, blocks, data = checked[made % len(checked)]
                when = start + dt.timedelta(days=(c * 3 + number * 9) % 320)
                revision = Revision(case_id=case.id, number=number, filename=name,
                                    sha256=hashlib.sha256(content).hexdigest(), size=len(content),
                                    content=content, blocks=blocks, uploaded_by_id=writer.id,
                                    uploaded_at=when)
                session.add(revision)
                session.flush()
                session.add(report_row(revision, data, case.committee_id))
                made += 1
        session.commit()
        session.close()
        db.engine().dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return samples


def run_recheck(path: Path, jobs: int) -> tuple[float, str]:
    app = app_for(path, preload=True)
    runner = app.test_cli_runner()
    start = time.perf_counter()
    result = runner.invoke(args=["jamcheck", "recheck", "--all-revisions", "--jobs", str(jobs)])
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(f"recheck --jobs {jobs} failed: {result.output[-2000:]}"
                         + (repr(result.exception) if result.exception else ""))
    with app.app_context():
        db.engine().dispose()
    return elapsed, result.output.strip().splitlines()[-1]


def verify(path: Path, n_revisions: int) -> frozenset:
    """Every revision has two reports, one of them current; returns the ids of the revisions
    whose report counts in the statistics."""
    app = app_for(path)
    with app.app_context():
        session = db.session()
        per_revision = session.execute(
            select(Report.revision_id, func.count(), func.sum(when_then((Report.is_current, 1), else_=0)))
            .group_by(Report.revision_id)).all()
        assert len(per_revision) == n_revisions, len(per_revision)
        assert all(n == 2 and current == 1 for _r, n, current in per_revision), "reports"
        in_stats = frozenset(session.scalars(select(Report.revision_id).where(Report.in_stats)))
        session.close()
        db.engine().dispose()
    return in_stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--revisions", type=int, default=1000)
    parser.add_argument("--order", type=int, nargs="+", default=[1, 2, 2, 1],
                        help="process counts, run in this order on fresh copies")
    parser.add_argument("--floor-files", type=int, default=200,
                        help="how many files to check without the database (the floor)")
    args = parser.parse_args()
    print(f"load_average: {os.getloadavg()[0]:.2f} (1/5/15 min "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores)",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="jamcheck-recheck-") as tmp:
        base = Path(tmp) / "seeded.sqlite"
        t0 = time.perf_counter()
        samples = seed(base, args.revisions)
        emit("recheck_seed", time.perf_counter() - t0, "s",
             f"{args.revisions} revisions of {len(samples)} sample files, bulk insert")

        ruleset = default_ruleset()
        files = [samples[i % len(samples)] for i in range(args.floor_files)]
        start = time.perf_counter()
        for name, content in files:
            check_document(read_docx(content, name), ruleset).to_dict()
        floor_rate = len(files) / (time.perf_counter() - start)
        emit("recheck_floor_check_only_1proc", floor_rate, "reports/s",
             f"read + check {len(files)} files, no database")

        # ABBA order (1, 2, 2, 1 processes by default): a drift in the machine's load
        # affects both settings alike; each figure is the mean of its runs.
        runs: dict[int, list[float]] = {}
        stats = {}
        for n, jobs in enumerate(args.order):
            path = Path(tmp) / f"run{n}.sqlite"
            shutil.copy(base, path)
            elapsed, summary = run_recheck(path, jobs)
            in_stats = verify(path, args.revisions)
            stats.setdefault(jobs, in_stats)
            assert stats[jobs] == in_stats
            runs.setdefault(jobs, []).append(args.revisions / elapsed)
            print(f"  run {n + 1}: --jobs {jobs}: {args.revisions / elapsed:.1f} reports/s "
                  f"({elapsed:.1f} s, load {os.getloadavg()[0]:.2f})", flush=True)
            path.unlink()
        rates = {jobs: statistics.mean(r) for jobs, r in runs.items()}
        for jobs, r in runs.items():
            emit(f"recheck_{jobs}proc", rates[jobs], "reports/s",
                 f"{args.revisions} revisions, mean of {len(r)} runs "
                 f"{' '.join(f'{x:.1f}' for x in r)}; {summary}")
        jobs_list = list(runs)
        first = jobs_list[0]
        for jobs in jobs_list[1:]:
            emit(f"recheck_speedup_{jobs}proc", rates[jobs] / rates[first], "x",
                 f"{jobs} processes / {first}; same reports counted in the statistics: "
                 f"{'yes' if stats[jobs] == stats[first] else 'NO'}")
        emit("recheck_1proc_ratio", floor_rate / rates[first], "x",
             "time per re-check with database writes / time per check only, 1 process")
    print(f"load_average_after: {os.getloadavg()[0]:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
