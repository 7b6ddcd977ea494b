"""Checking speed on real prose: a 10-page draft of about 5,000 words made of whole real
Göteborg drafts from eval/real (varied text, no repeated paragraphs), checked with the
built-in rules and with the demo organisation's settings, against python-docx's open and
walk of the same file (the floor).

Prints `name: value unit (detail)`; each figure is the median of RUNS runs with min-max.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval" / "real"))

import docx
from floor import python_docx_walk
from render import blocks

from jamcheck.checker import check_bytes
from jamcheck.ruleset import default_ruleset, ruleset_with
from jamcheck.settings import OrgSettings
from jamcheck.web.seed import DEMO_SETTINGS

TARGET_WORDS = 5000
RUNS = 15


def draft() -> tuple[bytes, int]:
    """Whole drafts, in name order, until about TARGET_WORDS words, as one .docx."""
    doc = docx.Document()
    words = 0
    for path in sorted((ROOT / "eval" / "real" / "texts").glob("*.txt")):
        for kind, text in blocks(path):
            if kind == "text":
                doc.add_paragraph(text)
            else:
                doc.add_heading(text, level=1 if kind == "title" else 2)
            words += len(text.split())
        if words >= TARGET_WORDS:
            break
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), words


def timed(fn) -> tuple[float, float, float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def main() -> int:
    content, words = draft()
    builtin = default_ruleset()
    own = ruleset_with(OrgSettings.from_dict(DEMO_SETTINGS, version=1))
    check_bytes(content, "utkast.docx", builtin)  # warm the pipeline and caches
    check_bytes(content, "utkast.docx", own)
    figures = [
        ("real_prose_python_docx_floor", timed(lambda: python_docx_walk(io.BytesIO(content)))),
        ("real_prose_check", timed(lambda: check_bytes(content, "utkast.docx", builtin))),
        ("real_prose_check_with_settings", timed(lambda: check_bytes(content, "utkast.docx", own))),
    ]
    print(f"draft: {words} words, {len(content)} bytes")
    for name, (median, low, high) in figures:
        print(f"{name}: {median:.1f} ms (min {low:.1f}, max {high:.1f}, {RUNS} runs)")
    floor = figures[0][1][0]
    print(f"real_prose_check_over_floor: {figures[1][1][0] / floor:.1f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
