"""How well the settled labels' concerns_people reproduces, and how the checker compares.

Two new readers (D.json, E.json; session 6, 2026-12-03) judged only concerns_people on 50
drafts drawn at random from the set (seed 2026123), each alone, from the scoring table and
the texts, never seeing the checker, its output, the other reader or the settled labels.
This prints their agreement with each other and with the settled labels (labels.yml), and
the checker's agreement with the same.

Usage: python eval/real/recheck/recheck.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from evaluate import real_reports  # bench/evaluate.py


def main() -> int:
    readers = {name: {k: v["concerns_people"] for k, v in
                      json.loads((HERE / f"{name}.json").read_text(encoding="utf-8")).items()}
               for name in ("D", "E")}
    names = sorted(readers["D"])
    settled = yaml.safe_load((HERE.parent / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    checker = {name: report["concerns_people"]
               for (name, _), report in real_reports(names, ("styles",)).items()}
    judges = {**readers, "settled": {n: settled[n]["concerns_people"] for n in names},
              "checker": checker}
    pairs = [("D", "E"), ("D", "settled"), ("E", "settled"),
             ("checker", "settled"), ("checker", "D"), ("checker", "E")]
    for a, b in pairs:
        same = sum(judges[a][n] == judges[b][n] for n in names)
        print(f"{a} ~ {b}: {same} av {len(names)} ({100 * same / len(names):.0f} %)")
    for n in names:
        if len({judges[j][n] for j in judges}) > 1:
            print(f"  {n}: " + ", ".join(f"{j} {judges[j][n]}" for j in judges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
