"""Measures checking speed: cold start, and check_file against the python-docx floor for 1-200 page cases.

Prints one line per figure, `name: value unit (detail)`, and writes the same figures as
JSON to bench/results-check.json. The floor is what python-docx alone needs to open the
same file and walk every paragraph and table cell. Each timing is the median of several
runs, with the spread (min-max) beside it, so a noisy shared machine shows as noise.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx
from floor import python_docx_walk

PAGE_PARAGRAPHS = [
    ("Förändringen berör cirka 1 200 resenärer per dag, varav 730 kvinnor och 470 män. "
    "Kvinnor reser oftare med kollektivtrafiken än män, och äldre kvinnor på landsbygden saknar "
    "oftare körkort."),
    ("Linjen trafikerar Råneå, Gäddvik och centrum. Resenärerna får längre restid till vårdcentralen "
    "och till arbetsplatserna i centrum, särskilt under morgonen."),
    ("Förslaget innebär att 45 procent av eleverna i årskurs 7–9 får längre skolväg. Var tredje "
    "elev byter buss vid resecentrum."),
    ("Ärendet bedöms inte påverka jämställdheten eftersom avgiften är densamma för alla brukare och "
    "andelen kvinnor och män bland brukarna motsvarar befolkningen i åldersgruppen."),
    ("För att minska skillnaden föreslås en riktad insats för kvinnor som pendlar. Förslaget bidrar "
    "till det jämställdhetspolitiska delmålet om ekonomisk jämställdhet."),
    ("Kostnaden beräknas till 2,4 miljoner kronor per år och ryms inom trafiknämndens budget för "
    "2025. Upphandlingen sker enligt lagen om offentlig upphandling."),
]
HEADINGS = ["Sammanfattning", "Ärendet", "Konsekvenser", "Jämställdhet", "Ekonomi"]


def make_case(pages: int) -> bytes:
    """A case of about `pages` A4 pages (~500 words a page) with headings and a table a page."""
    doc = docx.Document()
    doc.add_paragraph(f"Ärende om kollektivtrafik ({pages} sidor)", style="Title")
    for page in range(pages):
        doc.add_paragraph(HEADINGS[page % len(HEADINGS)], style="Heading 1")
        for i in range(7):
            doc.add_paragraph(PAGE_PARAGRAPHS[(page + i) % len(PAGE_PARAGRAPHS)])
        table = doc.add_table(rows=4, cols=3)
        for r, row in enumerate([["Åldersgrupp", "Kvinnor", "Män"], ["0–17", "120", "131"],
                                 ["18–64", "300", "280"], ["65–", "410", "220"]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def floor(path: Path) -> None:
    """python-docx opens the file and walks every paragraph and every table cell."""
    python_docx_walk(str(path))


def timed(fn, repeat: int) -> tuple[float, float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def cold_start(sample: Path, repeat: int = 5) -> tuple[float, float, float]:
    code = ("import time; t=time.perf_counter(); from jamcheck import check_file; "
            f"check_file({str(sample)!r}).to_dict(); print(time.perf_counter()-t)")
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> int:
    figures: list[dict] = []

    def emit(name, value, unit, detail=""):
        figures.append({"name": name, "value": round(value, 4), "unit": unit, "detail": detail})
        print(f"{name}: {value:.4g} {unit}" + (f" ({detail})" if detail else ""), flush=True)

    samples = sorted((ROOT / "samples").glob("*.docx"))
    med, lo, hi = cold_start(samples[0])
    emit("cold_start_first_check", med, "s",
         f"new process to first finished check of {samples[0].name}, min {lo:.3f} max {hi:.3f}")

    from jamcheck.checker import check_file
    from jamcheck.language import pipeline
    from jamcheck.ruleset import default_ruleset

    start = time.perf_counter()
    pipeline()
    default_ruleset()
    emit("pipeline_and_rules_load", time.perf_counter() - start, "s", "in-process, after imports")
    check_file(samples[0])  # warm caches once

    with tempfile.TemporaryDirectory() as tmp:
        cases = [(p.name, p) for p in samples]
        for pages in (1, 10, 50, 200):
            path = Path(tmp) / f"generated_{pages}p.docx"
            path.write_bytes(make_case(pages))
            cases.append((f"generated_{pages}p", path))
        per_page = {}
        for name, path in cases:
            repeat = 3 if "200p" in name else 5 if "50p" in name else 15
            c_med, c_lo, c_hi = timed(lambda path=path: check_file(path).to_dict(), repeat)
            f_med, f_lo, f_hi = timed(lambda path=path: floor(path), repeat)
            emit(f"check_{name}", c_med * 1000, "ms", f"min {c_lo*1000:.1f} max {c_hi*1000:.1f}, n={repeat}")
            emit(f"floor_{name}", f_med * 1000, "ms", f"python-docx open + walk, min {f_lo*1000:.1f} max {f_hi*1000:.1f}")
            emit(f"ratio_{name}", c_med / f_med, "x", "check / floor")
            if name.startswith("generated_"):
                per_page[int(name.split("_")[1].rstrip("p"))] = c_med
        for pages, t in sorted(per_page.items()):
            emit(f"check_per_page_{pages}p", t * 1000 / pages, "ms/page", "linear growth keeps this flat")
    out = ROOT / "bench" / "results-check.json"
    out.write_text(json.dumps({"machine_cores": os.cpu_count(), "figures": figures}, indent=2,
                              ensure_ascii=False), encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
