"""Runs every benchmark (`make bench`), repeats it, and collects the figures.

Each script prints one line per figure, `name: value unit (detail)`. This runner runs the
scripts in rounds (every script once per round, so slow drifts of a shared machine spread over
all of them), parses their lines, and prints for every figure the median over the rounds with
the spread (min-max). Ratios are computed inside one run (by the scripts, and here across
scripts from the same round) and then summarised the same way. The load average is sampled
before and after every script and printed with the figures. Everything is written to
bench/results.json.

Scripts: check_speed, real_prose_speed, output_speed, dashboard_speed (100,000 reports; 1,000,000 with --large),
web_roundtrip, recheck_speed, memory, evaluate (agreement; deterministic, run once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results.json"
LINE = re.compile(r"^(?P<name>[A-Za-z][\w.\-]*): (?P<value>-?\d+(?:\.\d+)?(?:e[-+]?\d+)?) "
                  r"(?P<unit>[^\s(]+)(?: \((?P<detail>.*)\))?\s*$")
TEXT = re.compile(r"^(?P<name>[a-z][\w.\-]*): (?P<text>.+)$")
AGREEMENT = re.compile(r"^(?P<set>\w+): criteria agreement (?P<ok>\d+)/(?P<all>\d+) \(\d+ %\), "
                       r"concerns_people (?P<p_ok>\d+)/(?P<p_all>\d+)")


def scripts(args) -> list[dict]:
    """name, arguments, rounds it takes part in, time limit (s)."""
    r = args.rounds
    dashboard = (["--repeat", "5"] + (["--large"] if args.large else [])
                 + (["--postgres"] if args.postgres else []))
    quick = args.quick
    return [
        {"name": "check_speed", "argv": [], "rounds": r, "timeout": 600},
        {"name": "real_prose_speed", "argv": [], "rounds": r, "timeout": 600},
        {"name": "output_speed", "argv": [], "rounds": r, "timeout": 600},
        {"name": "dashboard_speed", "argv": dashboard + (["--reports", "20000"] if quick else []),
         "rounds": min(r, 2), "timeout": 3600},
        {"name": "web_roundtrip", "argv": ["--requests", "10", "--seconds", "10"] if quick
         else [], "rounds": r, "timeout": 900},
        {"name": "web_roundtrip", "label": "web_roundtrip_postgres",
         "argv": ["--postgres", "--no-sqlite"] + (["--requests", "10", "--seconds", "10"]
                                                  if quick else []),
         "rounds": 1 if args.postgres else 0, "timeout": 900},
        {"name": "recheck_speed", "argv": ["--revisions", "100", "--floor-files", "20"] if quick
         else [], "rounds": 1, "timeout": 900},  # runs 1, 2, 2, 1 processes itself
        {"name": "memory", "argv": ["--checks", "200"] if quick else [],
         "rounds": min(r, 2), "timeout": 900},
        {"name": "evaluate", "argv": [], "rounds": 1, "timeout": 600},
    ]


def parse(script: str, output: str) -> tuple[dict[str, dict], dict[str, str]]:
    numbers, texts = {}, {}
    for line in output.splitlines():
        if script == "evaluate":
            m = AGREEMENT.match(line)
            if m:
                ok, total = int(m["ok"]), int(m["all"])
                numbers[f"agreement_{m['set']}"] = {
                    "value": 100 * ok / total, "unit": "%",
                    "detail": f"criteria {ok}/{total}, concerns_people {m['p_ok']}/{m['p_all']}"}
            continue
        m = LINE.match(line)
        if m:
            numbers[m["name"]] = {"value": float(m["value"]), "unit": m["unit"],
                                  "detail": m["detail"] or ""}
            continue
        m = TEXT.match(line)
        if m and not line.startswith(" "):
            texts[m["name"]] = m["text"]
    return numbers, texts


def derived(figures: dict[str, dict]) -> dict[str, dict]:
    """Ratios across scripts, from figures of the same round."""
    out = {}

    def value(name):
        return figures.get(name, {}).get("value")

    check10 = value("check_generated_10p")
    web10 = value("roundtrip_generated10p_c1_median")
    if check10 and web10:
        out["web_vs_check_generated10p_c1"] = {
            "value": web10 / check10, "unit": "x",
            "detail": "web round trip (1 client) / check_file, 10-page case, same round"}
    recheck1, recheck2 = value("recheck_1proc"), value("recheck_2proc")
    if check10 is not None and recheck1 and recheck2:
        out["recheck_2proc_per_core_efficiency"] = {
            "value": recheck2 / (2 * recheck1), "unit": "x",
            "detail": "2-process throughput / twice the 1-process throughput"}
    return out


def loadavg() -> float:
    return os.getloadavg()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="repeats of each script")
    parser.add_argument("--large", action="store_true",
                        help="dashboard also at 1,000,000 reports (slow)")
    parser.add_argument("--postgres", action="store_true",
                        help="web round trip also on PostgreSQL (once; needs initdb)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--only", nargs="+", help="run only these scripts")
    args = parser.parse_args()
    plan = [s for s in scripts(args) if s["rounds"] and (not args.only or s["name"] in args.only)]
    started = time.time()
    loads: list[float] = [loadavg()]
    rounds: list[dict[str, dict]] = []
    texts: dict[str, list[str]] = {}
    runs = []
    failed = []
    print(f"bench: {len(plan)} scripts, {args.rounds} rounds, {os.cpu_count()} cores, "
          f"load {loads[0]:.2f}", flush=True)
    for r in range(max(s["rounds"] for s in plan)):
        figures: dict[str, dict] = {}
        for script in plan:
            if r >= script["rounds"]:
                continue
            command = [sys.executable, str(BENCH / f"{script['name']}.py"), *script["argv"]]
            before = loadavg()
            print(f"--- round {r + 1}: {script['name']} {' '.join(script['argv'])} "
                  f"(load {before:.2f})", flush=True)
            t0 = time.perf_counter()
            try:
                done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True,
                                      timeout=script["timeout"])
                output, code = done.stdout, done.returncode
                if code:
                    output += done.stderr[-3000:]
            except subprocess.TimeoutExpired as exc:
                output, code = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) \
                    else (exc.stdout or ""), "timeout"
            seconds = time.perf_counter() - t0
            after = loadavg()
            loads += [before, after]
            print(output.rstrip(), flush=True)
            if code:
                failed.append(f"{script['name']} round {r + 1}: exit {code}")
                print(f"!!! {script['name']} failed (exit {code})", flush=True)
            numbers, script_texts = parse(script["name"], output)
            for name, figure in numbers.items():
                figure["script"] = script.get("label", script["name"])
                figures[name] = figure
            for name, text in script_texts.items():
                texts.setdefault(name, []).append(text)
            runs.append({"round": r + 1, "script": script.get("label", script["name"]), "argv": script["argv"],
                         "seconds": round(seconds, 1), "exit": code, "load_before": before,
                         "load_after": after, "output": output})
        figures.update({k: dict(v, script="run_all") for k, v in derived(figures).items()})
        rounds.append(figures)

    summary: dict[str, dict] = {}
    for figures in rounds:
        for name, figure in figures.items():
            entry = summary.setdefault(name, {"unit": figure["unit"], "script": figure["script"],
                                              "values": [], "details": []})
            entry["values"].append(figure["value"])
            entry["details"].append(figure["detail"])
    print("\n=== summary: median over rounds (spread min-max, n) ===", flush=True)
    for name, entry in summary.items():
        values = entry["values"]
        entry.update(median=statistics.median(values), min=min(values), max=max(values),
                     n=len(values))
        # the detail of the run closest to the median (min/max inside it are that run's)
        closest = min(range(len(values)), key=lambda i: abs(values[i] - entry["median"]))
        entry["detail"] = entry["details"][closest]
        spread = (f"{entry['min']:.4g}-{entry['max']:.4g}, n={entry['n']}" if len(values) > 1
                  else "n=1")
        detail = f"; {entry['detail']}" if entry["detail"] else ""
        print(f"{name}: {entry['median']:.4g} {entry['unit']} ({spread}{detail})")
    for name, values in texts.items():
        if name in summary or name.startswith("load_average") or name in (
                "results", "written", "seeded", "samples", "heldout"):
            continue
        print(f"{name}: {' | '.join(dict.fromkeys(values))}")
    load = {"median": statistics.median(loads), "min": min(loads), "max": max(loads),
            "samples": loads}
    print(f"load_average_1min: {load['median']:.2f} (min {load['min']:.2f} max {load['max']:.2f}, "
          f"{len(loads)} samples around the scripts, {os.cpu_count()} cores)")
    total = time.time() - started
    print(f"bench_total_time: {total:.0f} s ({len(runs)} script runs)")
    RESULTS.write_text(json.dumps({
        "date": dt.date.today().isoformat(), "cores": os.cpu_count(), "rounds": args.rounds,
        "large": args.large, "quick": args.quick, "load_average_1min": load,
        "total_seconds": round(total, 1), "failed": failed, "figures": summary,
        "texts": texts, "runs": runs}, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written: {RESULTS.relative_to(ROOT)}")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
