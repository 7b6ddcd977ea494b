"""Small server-side SVG charts: line charts and horizontal bar charts.

The output is inline SVG markup (a `Markup` string) that works under a strict
Content-Security-Policy: no scripts, no `style` attributes or elements, only SVG
presentation attributes. Every text is escaped. Each chart carries role="img", a <title> and
a <desc> referenced by aria-labelledby, so that screen readers announce it; the page shows a
table with the same numbers next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

# Colour-blind safe palette (Okabe-Ito, darkened where needed for 3:1 contrast on white),
# combined with dash patterns so that series are told apart without colour too.
PALETTE = ("#0b5394", "#b35900", "#1e6b34", "#a4161a", "#6a3d9a", "#00707a", "#7a4d00",
           "#4a5460")
DASHES = ("", "6 3", "2 3", "10 3 2 3", "10 5", "4 2 4 6", "1 2", "8 2 2 2 2 2")
MARKERS = ("circle", "square", "diamond", "triangle")
INK = "#1b1f24"
MUTED = "#4a5460"
GRID = "#d5dbe1"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"

_ids = count(1)


@dataclass
class Series:
    name: str
    values: list[float | None]  # one per x label; None leaves a gap


@dataclass
class Bar:
    label: str
    value: float
    text: str  # shown at the end of the bar, e.g. "12 (40 %)"


def _num(value: float) -> str:
    """Compact coordinate: two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(**attrs) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        out.append(f' {key.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return "".join(out)


def _el(tag: str, content: str | None = None, **attrs) -> str:
    if content is None:
        return f"<{tag}{_attrs(**attrs)}/>"
    return f"<{tag}{_attrs(**attrs)}>{content}</{tag}>"


def _text(x: float, y: float, text: str, **attrs) -> str:
    attrs.setdefault("font_size", 12)
    attrs.setdefault("fill", INK)
    return _el("text", str(escape(text)), x=_num(x), y=_num(y), **attrs)


def _open(width: int, height: int, title: str, desc: str, css_class: str) -> tuple[str, str]:
    uid = f"chart-{next(_ids)}"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" role="img" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'aria-labelledby="{uid}-title {uid}-desc" font-family="{escape(FONT)}">'
            f'<title id="{uid}-title">{escape(title)}</title>'
            f'<desc id="{uid}-desc">{escape(desc)}</desc>')
    return head, uid


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return _el("rect", x=_num(x - 3.5), y=_num(y - 3.5), width=7, height=7, fill=colour)
    if shape == "diamond":
        points = f"{_num(x)},{_num(y - 4.5)} {_num(x + 4.5)},{_num(y)} {_num(x)},{_num(y + 4.5)} {_num(x - 4.5)},{_num(y)}"
        return _el("polygon", points=points, fill=colour)
    if shape == "triangle":
        points = f"{_num(x)},{_num(y - 4.5)} {_num(x + 4.5)},{_num(y + 3.5)} {_num(x - 4.5)},{_num(y + 3.5)}"
        return _el("polygon", points=points, fill=colour)
    return _el("circle", cx=_num(x), cy=_num(y), r=3.5, fill=colour)


def _label_step(n: int, room: float, label_width: float = 48) -> int:
    """Show every k-th x label so that labels do not overlap."""
    step = 1
    while n and (room / max(1, -(-n // step))) < label_width:
        step += 1
    return step


def line_chart(labels: list[str], series: list[Series], *, title: str, desc: str,
               y_max: float = 100, unit: str = "%", width: int = 760, height: int = 320,
               legend: bool = True, css_class: str = "chart") -> Markup:
    """A line chart over the x `labels` (e.g. months) with one line per series, y from 0 to
    `y_max`. A series value of None leaves a gap; a lone point is drawn as a marker."""
    legend_rows = 0
    legend_cols = max(1, (width - 60) // 240)
    if legend and len(series) > 1:
        legend_rows = -(-len(series) // legend_cols)
    left, right, top = 48, 30, 14
    bottom = 40 + legend_rows * 20 + (8 if legend_rows else 0)
    plot_w, plot_h = width - left - right, height - top - bottom
    head, _uid = _open(width, height, title, desc, css_class)
    parts = [head]

    def x_at(i: int) -> float:
        if len(labels) <= 1:
            return left + plot_w / 2
        return left + plot_w * i / (len(labels) - 1)

    def y_at(v: float) -> float:
        return top + plot_h * (1 - min(max(v, 0), y_max) / y_max)

    # grid and y axis labels
    grid = ['<g aria-hidden="true">']
    for k in range(5):
        value = y_max * k / 4
        y = y_at(value)
        grid.append(_el("line", x1=left, x2=_num(left + plot_w), y1=_num(y), y2=_num(y),
                        stroke=GRID if k else MUTED, stroke_width=1))
        grid.append(_text(left - 6, y + 4, f"{_num(value)}{(' ' + unit) if unit else ''}",
                          text_anchor="end", fill=MUTED, font_size=11))
    step = _label_step(len(labels), plot_w)
    for i, label in enumerate(labels):
        if i % step == 0:
            grid.append(_text(x_at(i), top + plot_h + 18, label, text_anchor="middle",
                              fill=MUTED, font_size=11))
    grid.append("</g>")
    parts.extend(grid)

    # lines
    for s_index, s in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        dash = DASHES[s_index % len(DASHES)]
        shape = MARKERS[s_index % len(MARKERS)]
        group = ['<g aria-hidden="true">']
        run: list[tuple[float, float]] = []
        runs: list[list[tuple[float, float]]] = []
        for i, value in enumerate(s.values):
            if value is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append((x_at(i), y_at(value)))
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                group.append(_el("polyline", points=" ".join(f"{_num(x)},{_num(y)}"
                                                             for x, y in points),
                                 fill="none", stroke=colour, stroke_width=2.5,
                                 stroke_dasharray=dash, stroke_linejoin="round"))
            for x, y in points:
                group.append(_marker(shape, x, y, colour))
        group.append("</g>")
        parts.extend(group)

    # legend: swatch with the line's dash pattern and marker, then the name
    if legend_rows:
        col_w = (width - left - right) / legend_cols
        legend_parts = ['<g aria-hidden="true">']
        for s_index, s in enumerate(series):
            row, col = divmod(s_index, legend_cols)
            x = left + col * col_w
            y = top + plot_h + 40 + row * 20
            colour = PALETTE[s_index % len(PALETTE)]
            legend_parts.append(_el("line", x1=_num(x), x2=_num(x + 28), y1=_num(y - 4),
                                    y2=_num(y - 4), stroke=colour, stroke_width=2.5,
                                    stroke_dasharray=DASHES[s_index % len(DASHES)]))
            legend_parts.append(_marker(MARKERS[s_index % len(MARKERS)], x + 14, y - 4, colour))
            name = s.name if len(s.name) <= 32 else s.name[:31] + "…"
            legend_parts.append(_text(x + 34, y, name, font_size=12))
        legend_parts.append("</g>")
        parts.extend(legend_parts)
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(bars: list[Bar], *, title: str, desc: str, max_value: float | None = None,
              width: int = 760, label_width: int = 300, css_class: str = "chart",
              colour: str = "#a4161a") -> Markup:
    """Horizontal bars, one per row, largest first as given; the label to the left and
    `text` after the bar."""
    row_h, top, bottom = 30, 8, 8
    height = top + bottom + row_h * max(1, len(bars))
    head, _uid = _open(width, height, title, desc, css_class)
    parts = [head, '<g aria-hidden="true">']
    top_value = max_value if max_value else max([b.value for b in bars] + [1])
    bar_room = width - label_width - 110
    parts.append(_el("line", x1=label_width, x2=label_width, y1=top, y2=height - bottom,
                     stroke=MUTED, stroke_width=1))
    for i, b in enumerate(bars):
        y = top + i * row_h
        length = 0 if top_value <= 0 else bar_room * max(b.value, 0) / top_value
        label = b.label if len(b.label) <= 44 else b.label[:43] + "…"
        parts.append(_text(label_width - 8, y + row_h / 2 + 4, label, text_anchor="end",
                           font_size=12))
        parts.append(_el("rect", x=label_width, y=_num(y + 5), width=_num(max(length, 1)),
                         height=row_h - 10, fill=colour))
        parts.append(_text(label_width + length + 6, y + row_h / 2 + 4, b.text, font_size=12))
    parts.append("</g></svg>")
    return Markup("".join(parts))
