"""Agreement of the checker with expert scores: samples/expected.yml and eval/heldout/expected.yml.

Prints per case the checker's score / the expert's score per criterion (* marks a
difference), then per set and per criterion the share of agreeing scores.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jamcheck.checker import check_document  # noqa: E402
from jamcheck.ingest import read_docx, read_text  # noqa: E402
from jamcheck.ruleset import CRITERIA  # noqa: E402

SETS = {"samples": (ROOT / "samples", "samples"), "heldout": (ROOT / "eval" / "heldout", "cases"),
        # written blind to the checker after the rules were last tuned (2026-11-23, session 2)
        "heldout2": (ROOT / "eval" / "heldout2", "cases")}


def expert_score(entry) -> int | None:
    return entry["score"] if isinstance(entry, dict) else entry


def main() -> int:
    for name, (folder, key) in SETS.items():
        expected_path = folder / "expected.yml"
        if not expected_path.exists():
            continue
        cases = yaml.safe_load(expected_path.read_text(encoding="utf-8"))[key]
        agree, per_criterion, people_agree = 0, Counter(), 0
        for file, exp in cases.items():
            path = folder / file
            document = (read_docx(path) if path.suffix == ".docx"
                        else read_text(path.read_text(encoding="utf-8"), file))
            report = check_document(document).to_dict()
            got = {c["id"]: c["score"] for c in report["criteria"]}
            cells = []
            for cid in CRITERIA:
                want = expert_score(exp["criteria"][cid])
                same = want == got[cid]
                agree += same
                per_criterion[cid] += same
                cells.append(f"{got[cid]}/{want}{'' if same else '*'}")
            people_agree += report["concerns_people"] == exp["concerns_people"]
            print(f"{name} {file:40} people {report['concerns_people']!s:5}/{exp['concerns_people']!s:5} "
                  + " ".join(cells))
        n = len(cases)
        print(f"{name}: criteria agreement {agree}/{n * 7} ({100 * agree / (n * 7):.0f} %), "
              f"concerns_people {people_agree}/{n}")
        for cid in CRITERIA:
            print(f"  {cid}: {per_criterion[cid]}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
