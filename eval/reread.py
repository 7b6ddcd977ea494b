"""Do the settled labels reproduce? Agreement of further independent readers with them.

Two further readers labelled a part of a set anew, each alone, from the scoring table and the
texts only, as the first readers did (never the checker, its output, the other reader or any
labels): `eval/blind/reread/D.json`, `E.json` (session 11: the 40 texts of batch 1) and
`eval/real/reread/F.json`, `G.json` (session 11: 30 real drafts drawn at random, seed 2026,
all criteria; eval/real/recheck/ holds an earlier check of concerns_people alone).
This prints how well each agrees with the settled labels (labels.yml), with the same figures
the checker is judged by (exact, where the settled label is a score, false passes,
concerns_people), how well they agree with each other, and the checker's figures on the same
texts. If careful readers reach the bar and the checker does not, the gap is the checker's.

Usage: python eval/reread.py [blind|real]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))

from evaluate import CRITERIA, Tally, figures_line, renderings, reports  # bench/evaluate.py


def as_report(entry: dict) -> dict:
    """A reader's labels in the shape of a report, to be tallied like the checker's."""
    return {"concerns_people": entry["concerns_people"],
            "criteria": [{"id": c, "score": entry["criteria"][c]["score"]} for c in CRITERIA]}


def as_label(entry: dict) -> dict:
    """A reader's labels in the shape of a settled label, to tally another reader against."""
    return {"concerns_people": entry["concerns_people"],
            "criteria": {c: entry["criteria"][c]["score"] for c in CRITERIA}}


def line(name: str, tally: Tally) -> str:
    return f"{name}: {figures_line(tally.figures())}"


def main(argv=None) -> int:
    which = (argv or sys.argv[1:] or ["blind"])[0]
    folder = HERE / which
    readers = {p.stem: {k.removesuffix(".txt"): v for k, v in
                        json.loads(p.read_text(encoding="utf-8")).items()}
               for p in sorted((folder / "reread").glob("*.json"))}
    settled = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    names = sorted(next(iter(readers.values())))
    for reader, labels in readers.items():
        tally = Tally()
        for n in names:
            tally.add(n, settled[n], as_report(labels[n]))
        print(line(f"{reader} mot de avgjorda etiketterna", tally))
    first, *others = readers
    for other in others:
        tally = Tally()
        for n in names:
            tally.add(n, as_label(readers[first][n]), as_report(readers[other][n]))
        print(line(f"{other} mot {first}", tally))
    tally = Tally()
    for n, _, report in reports(folder, names, renderings(("styles",))):
        tally.add(n, settled[n], report)
    print(line("checkern mot de avgjorda etiketterna", tally))
    return 0


if __name__ == "__main__":
    sys.exit(main())
