"""The report as a PDF a case writer attaches to the case (bilaga), built with reportlab platypus.

`render_pdf(data, meta)` takes the report dict of docs/checklist.md and optional case facts and
reviewer verdicts, and returns the PDF bytes: a heading, a table of case facts, the total and
the seven criteria, then the findings grouped by section, with the jamcheck and rule versions,
the file's SHA-256 and "Sida X av Y" at the foot of every page.

Fonts: DejaVu Sans from /usr/share/fonts/truetype/dejavu (Debian packages fonts-dejavu-core for
regular and bold, fonts-dejavu-extra for the obliques); any style missing there falls back to
reportlab's bundled Bitstream Vera, which DejaVu is derived from (same metrics and look) and
which covers å ä ö ” “ – — but fewer symbols. Characters the font lacks are replaced by a close
ASCII equivalent so that nothing renders as an empty box.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import threading
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..localtime import local_text
from ..report import LEVEL_WORDS, by_section, omitted_text, where
from ..words import counted

FAMILY = "JamcheckSans"
DEJAVU_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
STYLE_FILES = {  # style -> (DejaVu file, bundled Vera file)
    "regular": ("DejaVuSans.ttf", "Vera.ttf"),
    "bold": ("DejaVuSans-Bold.ttf", "VeraBd.ttf"),
    "italic": ("DejaVuSans-Oblique.ttf", "VeraIt.ttf"),
    "bolditalic": ("DejaVuSans-BoldOblique.ttf", "VeraBI.ttf"),
}
SCORE_TEXT = {3: "3 – finns", 2: "2 – behöver utvecklas", 1: "1 – saknas", None: "Ej tillämpligt"}
SCORE_FILL = {3: colors.HexColor("#dcefdc"), 2: colors.HexColor("#fbeccb"),
              1: colors.HexColor("#f7d9d6"), None: colors.HexColor("#ececec")}
# Replacements for characters the chosen font may lack (checked against its cmap first).
FALLBACK_CHARS = {
    "\u2011": "-", "\u2010": "-", "\u2212": "-", "\u2192": "->", "\u2190": "<-", "\u2264": "<=",
    "\u2265": ">=", "\u2248": "~", "\u2260": "!=", "\u00ad": "", "\u200b": "", "\u2009": " ",
    "\u202f": " ", "\u00a0": " ", "\u2026": "...", "\u201d": '"', "\u201c": '"', "\u201e": '"',
    "\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u2022": "*",
}
# Text in a table cell is cut here so that a row always fits on a page; the full text then
# follows below the table ("Fullständig text"), so nothing is lost.
MAX_CELL_CHARS = {"wide": 1500, "medium": 900, "narrow": 600}
MAX_KEEP_HEIGHT = 220  # points: a finding taller than this may start near the foot of a page
PAGE_MARGIN = 18 * mm
FOOTER_HEIGHT = 14 * mm

_fonts_lock = threading.Lock()
_fonts: dict | None = None


def _register_fonts() -> dict:
    """Register the font family once per process; returns {"files": ..., "cmap": ...}."""
    global _fonts
    with _fonts_lock:
        if _fonts is not None:
            return _fonts
        import reportlab

        vera_dir = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
        files = {}
        for style, (dejavu, vera) in STYLE_FILES.items():
            path = next((os.path.join(d, dejavu) for d in DEJAVU_DIRS
                         if os.path.isfile(os.path.join(d, dejavu))), None)
            files[style] = path or os.path.join(vera_dir, vera)
        names = {style: f"{FAMILY}-{style}" for style in files}
        cmap: set[int] | None = None
        for style, path in files.items():
            font = TTFont(names[style], path)
            pdfmetrics.registerFont(font)
            chars = set(font.face.charToGlyph)
            cmap = chars if cmap is None else cmap & chars
        pdfmetrics.registerFontFamily(FAMILY, normal=names["regular"], bold=names["bold"],
                                      italic=names["italic"], boldItalic=names["bolditalic"])
        _fonts = {"files": files, "names": names, "cmap": frozenset(cmap or ())}
        return _fonts


class _Text:
    """Makes arbitrary text safe for the font and for reportlab's paragraph mini-markup."""

    def __init__(self, cmap: frozenset[int]):
        self.cmap = cmap
        self.cache: dict[str, str] = {}

    def char(self, c: str) -> str:
        if c in self.cache:
            return self.cache[c]
        if c in "\n\t" or ord(c) in self.cmap:
            out = c
        elif c in FALLBACK_CHARS and all(ord(x) in self.cmap for x in FALLBACK_CHARS[c]):
            out = FALLBACK_CHARS[c]
        elif unicodedata.category(c).startswith("C"):
            out = ""
        else:
            decomposed = unicodedata.normalize("NFKD", c)
            out = "".join(x for x in decomposed if ord(x) in self.cmap) or "?"
        self.cache[c] = out
        return out

    def plain(self, text) -> str:
        text = "" if text is None else str(text)
        return "".join(self.char(c) for c in text)

    def __call__(self, text, limit: int | None = None) -> str:
        """Escaped markup for a Paragraph: newlines become line breaks, tabs spaces."""
        text = self.plain(text)
        if limit is not None and len(text) > limit:
            text = text[:limit].rstrip() + self.char("…")
        return escape(text).replace("\t", " ").replace("\n", "<br/>")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=f"{FAMILY}-regular", fontSize=9, leading=11.5,
                          alignment=TA_LEFT)

    def style(name, **kw):
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "org": style("org", fontName=f"{FAMILY}-bold", fontSize=10, leading=13,
                     textColor=colors.HexColor("#333333")),
        "h1": style("h1", fontName=f"{FAMILY}-bold", fontSize=17, leading=21, spaceBefore=2,
                    spaceAfter=3),
        "title": style("title", fontSize=12, leading=15, spaceAfter=8),
        "h2": style("h2", fontName=f"{FAMILY}-bold", fontSize=11.5, leading=14, spaceBefore=9,
                    spaceAfter=4),
        "h3": style("h3", fontName=f"{FAMILY}-bold", fontSize=9.5, leading=12, spaceBefore=7,
                    spaceAfter=2, textColor=colors.HexColor("#1f3a5f")),
        "body": base,
        "cell": style("cell", fontSize=8.5, leading=10.5),
        "cellbold": style("cellbold", fontName=f"{FAMILY}-bold", fontSize=8.5, leading=10.5),
        "small": style("small", fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")),
        "total": style("total", fontName=f"{FAMILY}-bold", fontSize=11, leading=14,
                       spaceAfter=2),
        "fhead": style("fhead", fontSize=8.5, leading=10.5),
        "quote": style("quote", fontName=f"{FAMILY}-italic", fontSize=8.5, leading=10.5,
                       leftIndent=10, spaceBefore=1, spaceAfter=1),
        "suggestion": style("suggestion", fontSize=8.5, leading=10.5, leftIndent=10),
        "dismissed": style("dismissed", fontSize=8, leading=10, leftIndent=10,
                           textColor=colors.HexColor("#555555")),
    }


def _when(value) -> str:
    """A time for the facts table: a datetime (stored as UTC) in Swedish local time; text as
    given, to the minute (converted when it carries an offset)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return local_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:  # ISO timestamps from the database or JSON: show them to the minute
        parsed = dt.datetime.fromisoformat(text)
        if "T" in text or " " in text.strip():  # with an offset: in Swedish time; else as given
            return local_text(parsed) if parsed.tzinfo else parsed.strftime("%Y-%m-%d %H:%M")
    except ValueError:
        pass
    return text


class _FooterCanvas(rl_canvas.Canvas):
    """Draws the footer after the last page so that it can say "Sida X av Y"."""

    footer_text = ""
    footer_font = f"{FAMILY}-regular"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        y = PAGE_MARGIN - 9 * mm
        self.setStrokeColor(colors.HexColor("#999999"))
        self.setLineWidth(0.4)
        self.line(PAGE_MARGIN, y + 8.5 * mm, width - PAGE_MARGIN, y + 8.5 * mm)
        self.setFillColor(colors.HexColor("#333333"))
        self.setFont(self.footer_font, 7)
        lines = self.footer_text.split("\n")
        for i, line in enumerate(lines):
            self.drawString(PAGE_MARGIN, y + 5 * mm - i * 3.4 * mm, line)
        self.setFont(self.footer_font, 8)
        self.drawRightString(width - PAGE_MARGIN, y + 5 * mm, f"Sida {number} av {total}")


@dataclass
class _Build:
    """What the builders of one PDF share: the report, its case facts, text and styles, the
    usable width and the cells cut for length (given in full after their table)."""
    data: dict
    meta: dict
    t: _Text
    st: dict
    usable: float = A4[0] - 2 * PAGE_MARGIN
    overflow: list = field(default_factory=list)  # (what, full text)

    def cell(self, text, width: str, what: str) -> Paragraph:
        return _cell(text, width, what, self.overflow, self.t, self.st)

    def flush_overflow(self, story: list) -> None:
        _append_overflow(story, self.overflow, self.t, self.st)


def render_pdf(data: dict, meta: dict | None = None) -> bytes:
    """Render the report dict (docs/checklist.md) as a PDF attachment and return its bytes.

    `meta` (every key optional): organisation, diarienummer, title, committee, meeting_date,
    revision, uploaded_at, checked_at (datetime or str), verdicts {criterion_id: {agree, score,
    comment, user, at}}, confirmed {percent, applicable, overridden, user, at} (the
    secretary's confirmed assessment) and dismissals {finding_id: {reason, user}}.
    """
    fonts = _register_fonts()
    b = _Build(data, dict(meta or {}), _Text(fonts["cmap"]), _styles())
    doc_info = data.get("document") or {}
    title = b.meta.get("title") or doc_info.get("title") or doc_info.get("filename") or ""
    story: list = []
    if b.meta.get("organisation"):
        story.append(Paragraph(b.t(b.meta["organisation"]), b.st["org"]))
    story.append(Paragraph("Jämställdhetsgranskning", b.st["h1"]))
    if title:
        story.append(Paragraph(b.t(title), b.st["title"]))
    _facts(b, story)
    _results(b, story)
    _findings(b, story)
    out = io.BytesIO()
    footer_text = (f"Jämställdhetsgranskning med jamcheck {data.get('jamcheck_version', '')}, "
                   f"regelversion {data.get('rules_version', '')}\n"
                   f"Granskad fil: SHA-256 {doc_info.get('sha256', '')}")
    canvas_class = type("_Footer", (_FooterCanvas,), {"footer_text": b.t.plain(footer_text)})
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN, bottomMargin=PAGE_MARGIN + FOOTER_HEIGHT - 6 * mm,
        title=b.t.plain(f"Jämställdhetsgranskning: {title}" if title else "Jämställdhetsgranskning"),
        author="jamcheck", subject="Jämställdhetsgranskning av beslutsunderlag",
        creator=f"jamcheck {data.get('jamcheck_version', '')}", lang="sv-SE")
    template.build(story, canvasmaker=canvas_class)
    return out.getvalue()


def _facts(b: _Build, story: list) -> None:
    """The case facts: diarienummer, committee, meeting, state, the file, whether it
    concerns people."""
    meta, doc_info = b.meta, b.data.get("document") or {}
    facts: list[tuple[str, str]] = []
    for key, label in (("diarienummer", "Diarienummer"), ("committee", "Nämnd"),
                       ("meeting_date", "Sammanträde"), ("state", "Status")):
        if meta.get(key) not in (None, ""):
            facts.append((label, _when(meta[key])))
    if meta.get("title") and doc_info.get("title") and doc_info["title"] != meta["title"]:
        facts.append(("Dokumentets rubrik", doc_info["title"]))
    file_line = doc_info.get("filename") or ""
    if meta.get("revision") not in (None, ""):
        file_line = f"version {meta['revision']}" + (f", {file_line}" if file_line else "")
    if file_line:
        facts.append(("Granskat dokument", file_line))
    if meta.get("uploaded_at"):
        facts.append(("Uppladdat", _when(meta["uploaded_at"])))
    facts.append(("Granskat", _when(meta.get("checked_at"))
                  or local_text(dt.datetime.now(dt.UTC))))
    if doc_info.get("words") is not None:
        facts.append(("Omfattning", f"{doc_info['words']} ord"))
    people_text = "Ja" if b.data.get("concerns_people") else "Nej"
    if b.data.get("concerns_people_rationale"):
        people_text += ". " + str(b.data["concerns_people_rationale"])
    facts.append(("Berör ärendet kvinnor och män, flickor och pojkar?", people_text))
    rows = [[Paragraph(b.t(label), b.st["cellbold"]), b.cell(value, "wide", label)]
            for label, value in facts]
    table = Table(rows, colWidths=[0.3 * b.usable, 0.7 * b.usable], splitByRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]))
    story.append(table)
    b.flush_overflow(story)


def _results(b: _Build, story: list) -> None:
    """The totals (the confirmed assessment first, when there is one) and the criteria table
    with the secretary's verdicts."""
    story.append(Paragraph("Resultat", b.st["h2"]))
    total = b.data.get("total") or {}
    criteria = b.data.get("criteria") or []
    if total.get("percent") is None:
        total_text = "Totalt: ej tillämpligt (inget kriterium är tillämpligt)"
    else:
        total_text = (f"Totalt: {total['percent']} % "
                      f"({total.get('applicable', 0)} av {len(criteria) or 7} kriterier tillämpliga)")
    confirmed = b.meta.get("confirmed")
    if confirmed:
        percent = confirmed.get("percent")
        story.append(Paragraph(b.t(
            f"Fastställd bedömning: {'ej tillämpligt' if percent is None else f'{percent} %'} "
            f"({confirmed.get('applicable', 0)} av {len(criteria) or 7} kriterier tillämpliga; "
            f"nämndsekreteraren {confirmed.get('user', '')}, {confirmed.get('at', '')}, "
            f"{counted(confirmed.get('overridden', 0), 'ändrat kriterium', 'ändrade kriterier')})"),
            b.st["total"]))
        total_text = "Enligt jamcheck: " + total_text[len("Totalt: "):]
    story.append(Paragraph(b.t(total_text), b.st["total"]))
    story.append(Paragraph(
        "Bedömningsskala: 3 – finns, 2 – behöver utvecklas, 1 – saknas. Totalen är andelen av "
        "möjliga poäng på de tillämpliga kriterierna.", b.st["small"]))
    story.append(Spacer(1, 4))
    verdicts = b.meta.get("verdicts") or {}
    with_verdicts = bool(verdicts)
    header = ["Kriterium", "Bedömning", "Motivering"] + (["Nämndsekreterarens bedömning"]
                                                         if with_verdicts else [])
    widths = ([0.24, 0.15, 0.35, 0.26] if with_verdicts else [0.3, 0.17, 0.53])
    rows = [[Paragraph(b.t(h), b.st["cellbold"]) for h in header]]
    table_style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8ef")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for i, c in enumerate(criteria, start=1):
        score = c.get("score")
        name = c.get("title") or c.get("id")
        n = len(c.get("findings") or [])
        rationale = c.get("rationale") or ""
        if n:
            rationale += f" ({counted(n, 'anmärkning', 'anmärkningar')})"
        if c.get("findings_omitted"):
            rationale += f" ({omitted_text(c['findings_omitted'])})"
        row = [Paragraph(b.t(name), b.st["cell"]),
               Paragraph(b.t(SCORE_TEXT.get(score, str(score))), b.st["cellbold"]),
               b.cell(rationale, "narrow" if with_verdicts else "medium", f"Motivering, {name}")]
        table_style.append(("BACKGROUND", (1, i), (1, i), SCORE_FILL.get(score, colors.white)))
        if with_verdicts:
            row.append(_verdict_cell(verdicts.get(c.get("id")), name, b.overflow, b.t, b.st))
        rows.append(row)
    table = Table(rows, colWidths=[w * b.usable for w in widths], repeatRows=1, splitByRow=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle(table_style))
    story.append(table)
    b.flush_overflow(story)


def _findings(b: _Build, story: list) -> None:
    """The findings by section (report.by_section), each kept on one page where it fits."""
    findings = b.data.get("findings") or []
    dismissals = b.meta.get("dismissals") or {}
    titles = {c.get("id"): c.get("title") for c in b.data.get("criteria") or []}
    story.append(Paragraph(f"Anmärkningar ({len(findings)})" if findings
                           else "Anmärkningar", b.st["h2"]))
    if not findings:
        story.append(Paragraph("Inga anmärkningar.", b.st["body"]))
    for kind, heading, items in by_section(findings):
        head = Paragraph(b.t(f"Avsnitt: {heading}" if kind == "section" else heading), b.st["h3"])
        for k, f in enumerate(items):
            block = _finding_block(f, titles, dismissals.get(f.get("id")), b.t, b.st)
            if k == 0:  # the section heading stays with its first finding
                block.insert(0, head)
            # A finding starts on a new page when the rest of this one cannot hold it (a
            # cheap estimate instead of KeepTogether, which lays every paragraph out twice);
            # one longer than a page starts where it is and splits.
            need = min(_estimate_height(block, b.usable), MAX_KEEP_HEIGHT)
            story.append(CondPageBreak(need))
            story.extend(block)


def _cell(text, width: str, what: str, overflow: list, t: _Text, st: dict) -> Paragraph:
    """A table cell paragraph; text longer than the cell's limit is cut and kept in `overflow`."""
    limit = MAX_CELL_CHARS[width]
    text = "" if text is None else str(text)
    if len(text) <= limit:
        return Paragraph(t(text), st["cell"])
    overflow.append((what, text))
    return Paragraph(t(text, limit) + " <i>(fullständig text under tabellen)</i>", st["cell"])


def _append_overflow(story: list, overflow: list, t: _Text, st: dict) -> None:
    for what, text in overflow:
        story.append(Paragraph(f"<b>Fullständig text – {t(what)}:</b> {t(text)}", st["cell"]))
    overflow.clear()


def _estimate_height(flowables: list, width: float) -> float:
    """Roughly the height the paragraphs will take: their text width over the line width."""
    total = 0.0
    for fl in flowables:
        if isinstance(fl, Spacer):
            total += fl.height
            continue
        style = fl.style
        text = fl.getPlainText()
        line = max(width - style.leftIndent - style.rightIndent, 1.0)
        lines = sum(max(1, math.ceil(1.08 * pdfmetrics.stringWidth(part, style.fontName,
                                                                  style.fontSize) / line))
                    for part in text.split("\n"))
        total += lines * style.leading + style.spaceBefore + style.spaceAfter
    return total


def _verdict_cell(verdict: dict | None, title: str, overflow: list, t: _Text, st: dict) -> list:
    if not verdict:
        return [Paragraph("–", st["cell"])]
    parts = []
    if verdict.get("agree"):
        parts.append(Paragraph("Instämmer", st["cellbold"]))
    else:
        score = verdict.get("score")
        parts.append(Paragraph(t(f"Ändrad till {SCORE_TEXT.get(score, str(score))}"),
                               st["cellbold"]))
    if verdict.get("comment"):
        parts.append(_cell(verdict["comment"], "narrow", f"Nämndsekreterarens kommentar, {title}",
                           overflow, t, st))
    who = ", ".join(x for x in (str(verdict.get("user") or ""), _when(verdict.get("at"))) if x)
    if who:
        parts.append(Paragraph(t(who), st["small"]))
    return parts


def _finding_block(f: dict, titles: dict, dismissal: dict | None, t: _Text, st: dict) -> list:
    place = where(f.get("location"))
    level = LEVEL_WORDS.get(f.get("level"), f.get("level") or "")
    label = " · ".join(x for x in (str(f.get("id") or ""), level, place) if x)
    criterion = titles.get(f.get("criterion")) or f.get("criterion") or ""
    head = f"<b>{t(label)}</b>: {t(f.get('message'))}"
    if criterion:
        head += f' <font size="7" color="#555555">[{t(criterion)}]</font>'
    block = [Paragraph(head, st["fhead"])]
    if f.get("quote"):
        block.append(Paragraph(t(f"”{f['quote']}”"), st["quote"]))
    if f.get("suggestion"):
        block.append(Paragraph(f"<b>Förslag:</b> {t(f['suggestion'])}", st["suggestion"]))
    if dismissal:
        who = f" ({t(dismissal.get('user'))})" if dismissal.get("user") else ""
        reason = t(dismissal.get("reason")) if dismissal.get("reason") else "utan motivering"
        block.append(Paragraph(f"<b>Avfärdad{who}:</b> {reason}", st["dismissed"]))
    block.append(Spacer(1, 4))
    return block
