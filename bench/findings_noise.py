"""Noise of the findings on real drafts: how many findings a draft gets, and how many repeat
a paragraph and criterion that already has one.

Usage: python bench/findings_noise.py [FOLDER_OF_TXT_DRAFTS] (default: eval/real/texts)
Each .txt draft is rendered to .docx with Word heading styles (eval/real/render.py). Drafts in
the evaluation set's held-out part (eval/real/split.yml) are left out, whatever the folder:
nobody looks at the checker's results on them before their one measurement.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval" / "real"))

from render import heldout_names, render

from jamcheck.checker import check_bytes


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "eval" / "real" / "texts"
    counts, repeats, per_rule = [], 0, Counter()
    elapsed = 0.0
    unseen = heldout_names()
    texts = [p for p in sorted(folder.glob("*.txt")) if p.stem not in unseen]
    for path in texts:
        data = render(path, "styles")
        start = time.perf_counter()
        report = check_bytes(data, path.stem + ".docx").to_dict()
        elapsed += time.perf_counter() - start
        findings = report["findings"]
        counts.append(len(findings))
        seen = set()
        for f in findings:
            per_rule[f["rule"]] += 1
            key = (f["location"]["block"], f["criterion"])
            repeats += key in seen
            seen.add(key)
    q = statistics.quantiles(counts, n=10)
    print(f"{len(texts)} utkast: anmärkningar per utkast median {statistics.median(counts):g}, "
          f"p90 {q[-1]:g}, max {max(counts)}; upprepningar (samma stycke och kriterium) {repeats}; "
          f"kontrolltid {1000 * elapsed / len(texts):.0f} ms per utkast")
    for rule, n in per_rule.most_common(8):
        print(f"  {rule}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
