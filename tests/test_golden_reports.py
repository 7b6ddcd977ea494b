"""The reports on every sample and on the evaluation set's dev drafts stay as they were.

tests/golden/reports.json holds, for each document, what a report decides: whether the case
concerns people, each criterion's score, the total, and each finding's rule, block and
offsets. A restructuring must leave them all the same; a change to the rules that changes
them on purpose updates the file (`JAMCHECK_UPDATE_GOLDEN=1 pytest tests/test_golden_reports.py`)
and the diff shows what changed. The held-out drafts are left out: their reports stay unseen.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import yaml

from jamcheck.checker import check_bytes

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "reports.json"


def _digest(report: dict) -> dict:
    return {
        "concerns_people": report["concerns_people"],
        "scores": {c["id"]: c["score"] for c in report["criteria"]},
        "total": report["total"]["percent"],
        "findings": [[f["rule"], f["location"]["block"], f["location"]["start"],
                      f["location"]["end"]] for f in report["findings"]],
    }


def _documents():
    for path in sorted((ROOT / "samples").glob("*.docx")):
        yield f"samples/{path.name}", path.name, path.read_bytes()
    sys.path.insert(0, str(ROOT / "eval" / "real"))
    from render import render

    split = yaml.safe_load((ROOT / "eval" / "real" / "split.yml").read_text(encoding="utf-8"))
    for name in split["dev"]:
        yield (f"eval/real/{name}", f"{name}.docx",
               render(ROOT / "eval" / "real" / "texts" / f"{name}.txt", "styles"))


def test_reports_are_the_same_as_recorded():
    got = {key: _digest(check_bytes(data, filename).to_dict()) for key, filename, data in _documents()}
    if os.environ.get("JAMCHECK_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                          encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(got) == set(want)
    changed = [name for name in want if got[name] != want[name]]
    assert not changed, f"{len(changed)} rapporter har ändrats, t.ex. {changed[:5]}: " \
                        f"{changed and (want[changed[0]], got[changed[0]])}"
