"""Measures producing the outputs of a check: the PDF report and the annotated .docx.

Generates cases with bench/check_speed.py's generator (10 pages is the target size; 1 and 50
pages show how it grows), checks each once, then times `render_pdf` and `annotate_docx` as the
median of several runs, with min-max beside it. Goal: under 0.5 s each for a 10-page case.
Prints one line per figure, `name: value unit (detail)`.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from check_speed import make_case
from pypdf import PdfReader

GOAL_S = 0.5
META = {"organisation": "Region Norrbotten", "diarienummer": "RS 2025/123",
        "title": "Ärende om kollektivtrafik", "committee": "Kollektivtrafiknämnden",
        "meeting_date": "2025-03-14", "revision": 3, "uploaded_at": "2025-02-28T09:12:00",
        "checked_at": "2025-02-28T09:12:30",
        "verdicts": {"consequences": {"agree": False, "score": 2, "comment": "Se bilaga 2.",
                                      "user": "Karin", "at": "2025-03-01T10:00:00"}}}


def timed(fn, repeat: int) -> tuple[float, float, float, float]:
    """Median, min and max wall time, and median CPU time of this process (which a busy
    shared machine does not inflate)."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), min(times), max(times), statistics.median(cpu)


def main() -> int:
    from jamcheck.checker import check_bytes
    from jamcheck.outputs import annotate_docx, render_pdf

    def emit(name, value, unit, detail=""):
        print(f"{name}: {value:.4g} {unit}" + (f" ({detail})" if detail else ""), flush=True)

    failures = []
    for pages in (1, 10, 50):
        content = make_case(pages)
        data = check_bytes(content, f"generated_{pages}p.docx").to_dict()
        render_pdf(data, META)  # warm: fonts registered once per process
        annotate_docx(content, data)
        repeat = 5 if pages >= 50 else 15
        pdf = render_pdf(data, META)
        pdf_pages = len(PdfReader(io.BytesIO(pdf)).pages)
        detail = (f"{len(data['findings'])} findings, {pdf_pages} PDF pages, "
                  f"{len(pdf) // 1024} KiB")
        med, lo, hi, cpu = timed(lambda data=data: render_pdf(data, META), repeat)
        emit(f"render_pdf_{pages}p", med * 1000, "ms",
             f"{detail}, min {lo * 1000:.1f} max {hi * 1000:.1f}, cpu {cpu * 1000:.1f}, "
             f"n={repeat}")
        if pages == 10 and med >= GOAL_S:
            failures.append(f"render_pdf {med:.3f} s")
        med, lo, hi, cpu = timed(lambda c=content, d=data: annotate_docx(c, d), repeat)
        emit(f"annotate_docx_{pages}p", med * 1000, "ms",
             f"{len(data['findings'])} comments, {len(content) // 1024} KiB in, "
             f"min {lo * 1000:.1f} max {hi * 1000:.1f}, cpu {cpu * 1000:.1f}, n={repeat}")
        if pages == 10 and med >= GOAL_S:
            failures.append(f"annotate_docx {med:.3f} s")
    emit("goal_10p", GOAL_S * 1000, "ms", "each of render_pdf and annotate_docx, median")
    if failures:
        print("over the goal: " + ", ".join(failures), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
