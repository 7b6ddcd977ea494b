"""Draws findings at random from the checker's reports on a folder of real drafts (.txt, as in
the corpus), with the paragraph each points at, for a reader who judges their precision
(OK / wrong / pointless) without seeing the code.

    python bench/findings_sample.py FOLDER OUT.json [--seed N] [--size 50]

Prints how many findings there were in all and by rule; writes the sample as JSON (n, draft,
title, criterion, criterion_score, message, suggestion, quote, section, paragraph_text).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval" / "real"))

from render import heldout_names, render

from jamcheck.checker import check_document
from jamcheck.ingest import read_docx


def findings(folder: Path) -> list[dict]:
    out = []
    unseen = heldout_names()  # never run on the held-out drafts
    for path in sorted(p for p in folder.glob("*.txt") if p.stem not in unseen):
        document = read_docx(render(path, "styles"), f"{path.stem}.docx")
        report = check_document(document).to_dict()
        scores = {c["id"]: c["score"] for c in report["criteria"]}
        for f in report["findings"]:
            block = f["location"]["block"]
            out.append({"draft": path.stem, "title": (report["document"]["title"] or "")[:150],
                        "rule": f["rule"], "criterion": f["criterion"],
                        "criterion_score": scores[f["criterion"]], "message": f["message"],
                        "suggestion": f["suggestion"], "quote": f["quote"],
                        "section": f["location"]["section"],
                        "paragraph_text": document.blocks[block].text[:1200]
                        if block is not None else ""})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=50)
    args = parser.parse_args(argv)
    found = findings(args.folder)
    print(f"{len(found)} findings in all")
    for rule, n in Counter(f["rule"] for f in found).most_common():
        print(f"  {rule}: {n}")
    random.Random(args.seed).shuffle(found)
    sample = found[:args.size]
    for i, f in enumerate(sample, start=1):
        f["n"] = i
        del f["rule"]  # the reader judges the finding, not the rule that made it
    args.out.write_text(json.dumps(sample, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
