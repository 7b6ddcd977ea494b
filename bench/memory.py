"""Measures the memory of one web worker: gunicorn with 1 worker in production mode; 500 checks
through POST /api/v1/check (the sample files and generated 1- and 10-page cases in rotation);
the worker's resident memory (VmRSS) and peak (VmHWM) from /proc/<pid>/status after the
warm-up and after the 100th and the 500th check. Goal: peak under 300 MB and no growth between
the 100th and the 500th check.

With --trace it also runs the same checks in this process under tracemalloc and prints the
allocations that grew between the 100th and the 500th check, and the fill of the lru caches,
to tell a plateauing cache from a leak.

Prints one line per figure, `name: value unit (detail)`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import requests
from web_roundtrip import Server, emit, load_line, prepare_database

GOAL_MB = 300
GROWTH_MB = 5  # what "no growth" tolerates (allocator noise)


def status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    rollup = Path(f"/proc/{pid}/smaps_rollup")
    if rollup.exists():  # private = not shared with the master and the other workers
        fields = {}
        for line in rollup.read_text().splitlines()[1:]:
            key, _, rest = line.partition(":")
            fields[key] = int(rest.split()[0]) / 1024
        values["Private"] = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        values["Pss"] = fields.get("Pss", 0)
    return values


def files() -> list[tuple[str, bytes]]:
    from check_speed import make_case

    out = [(p.name, p.read_bytes()) for p in sorted((ROOT / "samples").glob("*.docx"))]
    out += [("generated_1p.docx", make_case(1)), ("generated_10p.docx", make_case(10))]
    return out


def served(n_checks: int, marks: list[int]) -> None:
    docs = files()
    with tempfile.TemporaryDirectory(prefix="jamcheck-mem-") as tmp:
        url = f"sqlite:///{tmp}/jamcheck.sqlite"
        token, _cases = prepare_database(url, 0)
        server = Server(url, Path(tmp), workers=1, bench_floor=False, max_requests=0)
        try:
            (pid,) = server.worker_pids()
            emit("memory_worker_start_rss", status(pid)["VmRSS"], "MB",
                 "gunicorn worker forked from the preloaded master, before any check")
            http = requests.Session()
            http.headers["Authorization"] = f"Bearer {token}"
            samples = {}
            for i in range(1, n_checks + 1):
                name, content = docs[i % len(docs)]
                response = http.post(server.base + "/api/v1/check",
                                     files={"file": (name, content)}, timeout=120)
                if response.status_code != 200:
                    raise SystemExit(f"check {i} failed: {response.status_code} "
                                     f"{response.text[:300]}")
                if i == 1 or i in marks:
                    samples[i] = status(pid)
                    emit(f"memory_rss_after_{i}_checks", samples[i]["VmRSS"], "MB",
                         f"VmHWM {samples[i]['VmHWM']:.1f} MB, private "
                         f"{samples[i].get('Private', 0):.1f} MB, PSS "
                         f"{samples[i].get('Pss', 0):.1f} MB")
            assert server.worker_pids() == [pid], "the worker was replaced during the run"
        finally:
            server.stop()
    first, last = marks[0], marks[-1]
    peak = samples[last]["VmHWM"]
    growth = samples[last]["VmRSS"] - samples[first]["VmRSS"]
    emit("memory_peak_rss", peak, "MB",
         f"VmHWM after {last} checks, goal < {GOAL_MB} MB: {'ok' if peak < GOAL_MB else 'MISSED'}")
    if "Private" in samples[last]:
        emit("memory_worker_private", samples[last]["Private"], "MB",
             f"after {last} checks; the rest of the RSS is shared with the preloaded master")
    emit(f"memory_growth_{first}_to_{last}", growth, "MB",
         f"VmRSS, goal no growth (< {GROWTH_MB} MB): "
         f"{'ok' if growth < GROWTH_MB else 'MISSED'}")


def traced(n_checks: int, marks: list[int]) -> None:
    """The same checks in this process under tracemalloc; what grew between the marks."""
    import gc
    import tracemalloc

    from jamcheck import language
    from jamcheck.checker import check_bytes

    docs = files()
    check_bytes(docs[0][1], docs[0][0]).to_dict()
    tracemalloc.start(12)
    snapshots = {}
    for i in range(1, n_checks + 1):
        name, content = docs[i % len(docs)]
        check_bytes(content, name).to_dict()
        if i in marks:
            gc.collect()
            snapshots[i] = tracemalloc.take_snapshot()
            current, _peak = tracemalloc.get_traced_memory()
            emit(f"memory_traced_after_{i}_checks", current / 2**20, "MB",
                 f"tracemalloc, lemmatize cache {language.lemmatize.cache_info().currsize}")
    first, last = marks[0], marks[-1]
    diff = snapshots[last].compare_to(snapshots[first], "traceback")
    grown = sum(d.size_diff for d in diff)
    emit(f"memory_traced_growth_{first}_to_{last}", grown / 2**20, "MB", "tracemalloc")
    for d in sorted(diff, key=lambda d: -d.size_diff)[:5]:
        if d.size_diff <= 0:
            break
        frames = [f for f in d.traceback if "jamcheck" in f.filename] or list(d.traceback)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        print(f"  grew {d.size_diff / 1024:.1f} KiB in {d.count_diff:+d} blocks at {where}")
    tracemalloc.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checks", type=int, default=500)
    parser.add_argument("--mark", type=int, default=100)
    parser.add_argument("--trace", action="store_true",
                        help="also trace allocations in-process with tracemalloc")
    args = parser.parse_args()
    marks = [args.mark, args.checks]
    load_line()
    served(args.checks, sorted({args.mark, 200, 300, 400, args.checks} & set(
        range(1, args.checks + 1))))
    if args.trace:
        traced(args.checks, marks)
    load_line("load_average_after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
