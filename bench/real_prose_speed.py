"""Checking speed on real prose: drafts of 10 and 50 pages (about 500 words a page) made of
whole real Göteborg drafts from eval/real (varied text, no repeated paragraphs), checked with
the built-in rules and with the demo organisation's settings, against python-docx's open and
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

# Whole drafts from eval/real, in this order, until the page count's words are reached: a
# fixed list, so that the figures stay comparable as the evaluation set grows (13 drafts,
# 25,104 words; all in its dev part)
DRAFTS = ("gbg001", "gbg002", "gbg006", "gbg007", "gbg010", "gbg011", "gbg012", "gbg013",
          "gbg018", "gbg019", "gbg020", "gbg024", "gbg025")
WORDS_PER_PAGE = 500
PAGES = (10, 50)
RUNS = 15


def draft(target_words: int = 10 * WORDS_PER_PAGE) -> tuple[bytes, int]:
    """Whole drafts (DRAFTS) until about `target_words` words, as one .docx."""
    doc = docx.Document()
    words = 0
    for path in (ROOT / "eval" / "real" / "texts" / f"{name}.txt" for name in DRAFTS):
        for kind, text in blocks(path):
            if kind == "text":
                doc.add_paragraph(text)
            else:
                doc.add_heading(text, level=1 if kind == "title" else 2)
            words += len(text.split())
        if words >= target_words:
            break
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), words


def timed(fn, runs: int = RUNS) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


def main() -> int:
    builtin = default_ruleset()
    own = ruleset_with(OrgSettings.from_dict(DEMO_SETTINGS, version=1))
    for pages in PAGES:
        content, words = draft(pages * WORDS_PER_PAGE)
        runs = RUNS if pages <= 10 else 5
        check_bytes(content, "utkast.docx", builtin)  # warm the pipeline and caches
        check_bytes(content, "utkast.docx", own)
        figures = [
            ("python_docx_floor", timed(lambda c=content: python_docx_walk(io.BytesIO(c)), runs)),
            ("check", timed(lambda c=content: check_bytes(c, "utkast.docx", builtin), runs)),
            ("check_with_settings", timed(lambda c=content: check_bytes(c, "utkast.docx", own), runs)),
        ]
        print(f"draft of {pages} pages: {words} words, {len(content)} bytes")
        for name, (median, low, high) in figures:
            print(f"real_prose_{pages}p_{name}: {median:.1f} ms (min {low:.1f}, max {high:.1f}, "
                  f"{runs} runs)")
        floor = figures[0][1][0]
        print(f"real_prose_{pages}p_check_over_floor: {figures[1][1][0] / floor:.1f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
