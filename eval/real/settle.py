"""Settles the labels of the real drafts from the readers' independent labels.

readers/A.json and readers/B.json hold two readers' labels of every draft (each reader
saw only the scoring table and the texts, never the checker or its output, nor the other
reader's labels); readers/C.json holds a third reader's labels of the judgements where
A and B differ, read just as independently. A label is A's where A and B agree, else the
majority of A, B and C, else C's. Writes labels.yml and prints the agreement between the
two first readers.

Usage: python eval/real/settle.py [FOLDER]   (default: eval/real; eval/excerpts has the same
layout: readers/A.json, B.json, C.json and labels.yml)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from jamcheck.ruleset import CRITERIA

JUDGEMENTS = ("concerns_people",) + CRITERIA


def _reader(name: str, folder: Path = HERE) -> dict[str, dict]:
    path = folder / "readers" / f"{name}.json"
    if not path.exists():
        return {}
    return {Path(k).stem: v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def _value(label: dict, judgement: str):
    if judgement == "concerns_people":
        return label["concerns_people"]
    return label["criteria"][judgement]["score"]


def settle(folder: Path = HERE) -> tuple[dict, dict]:
    a, b, c = _reader("A", folder), _reader("B", folder), _reader("C", folder)
    drafts, stats = {}, {"drafts": 0, "judgements": 0, "agree": 0, "scored": 0,
                         "scored_agree": 0, "people_agree": 0, "third": 0, "third_missing": []}
    for name in sorted(set(a) & set(b)):
        settled = {}
        for j in JUDGEMENTS:
            x, y = _value(a[name], j), _value(b[name], j)
            if j == "concerns_people":
                stats["people_agree"] += x == y
            else:
                stats["judgements"] += 1
                stats["agree"] += x == y
                if x is not None or y is not None:
                    stats["scored"] += 1
                    stats["scored_agree"] += x == y
            if x == y:
                settled[j] = x
                continue
            stats["third"] += 1
            if name not in c:
                stats["third_missing"].append(f"{name}:{j}")
                settled[j] = x
                continue
            z = _value(c[name], j)
            settled[j] = x if z == x else y if z == y else z
        # a case that does not concern people scores null on all but motivated_exemption
        if not settled["concerns_people"]:
            for j in CRITERIA[:-1]:
                settled[j] = None
        drafts[name] = {"concerns_people": settled["concerns_people"],
                        "criteria": {j: settled[j] for j in CRITERIA}}
        stats["drafts"] += 1
    return drafts, stats


def main() -> None:
    folder = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    drafts, s = settle(folder)
    header = ("# Settled labels of the texts in this folder (written by eval/real/settle.py from\n"
              "# readers/*.json; do not edit by hand). Scores follow the scoring table: 3 met,\n"
              "# 2 partly, 1 missing, null not applicable.\n")
    with open(folder / "labels.yml", "w", encoding="utf-8") as fh:
        fh.write(header)
        yaml.safe_dump({"drafts": drafts}, fh, allow_unicode=True, sort_keys=True,
                       default_flow_style=None, width=120)
    pct = lambda x, y: f"{100 * x / y:.1f} %" if y else "-"
    print(f"{s['drafts']} utkast. Läsare A och B: exakt lika {s['agree']}/{s['judgements']} "
          f"({pct(s['agree'], s['judgements'])}); där någon satt en poäng "
          f"{s['scored_agree']}/{s['scored']} ({pct(s['scored_agree'], s['scored'])}); "
          f"concerns_people {s['people_agree']}/{s['drafts']}. Avgjorda av en tredje läsning: "
          f"{s['third']}; utan tredje läsning: {len(s['third_missing'])}.")


if __name__ == "__main__":
    main()
