"""The administrators' dashboard: scores over time per committee and criterion, as charts
with tables, and the same figures as CSV. Requires the admin role."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, render_template, request

from ..criteria import CRITERIA
from . import db
from .auth import role_required
from .charts import Bar, Series, bar_chart, line_chart
from .presenter import criterion_titles
from .services import committees_by_name
from .stats import (
    BASES,
    build_dashboard,
    csv_safe,
    export_rows,
    month_iso,
    month_name,
    month_short,
    parse_filters,
    percent,
)

bp = Blueprint("dashboard", __name__, url_prefix="/admin")

EMPTY = "Inga granskade ärenden under perioden."


def _dashboard_data():
    session = db.session()
    committees = committees_by_name(session)
    filters = parse_filters(request.args, {c.id for c in committees})
    return committees, filters, build_dashboard(session, filters)


def _figures(board, titles):
    labels = [month_short(m) for m in board.months]
    period = f"{month_name(board.months[0])} – {month_name(board.months[-1])}"
    figures = {}
    if board.totals[None] and any(c.n for c in board.totals[None].values()):
        series = [Series(name, [board.totals[cid][m].average if m in board.totals[cid] else None
                                for m in board.months])
                  for cid, name in board.committees]
        if len(board.committees) > 1:
            series.append(Series("Samtliga nämnder",
                                 [board.totals[None][m].average for m in board.months]))
        figures["totals"] = line_chart(
            labels, series, title="Genomsnittligt resultat per månad och nämnd",
            desc=(f"Linjediagram, {period}: genomsnittligt resultat i procent (0–100) per månad "
                  f"för {len(board.committees)} nämnder. Samma siffror finns i tabellen."))
    if any(cell.n for cell in board.met_period.values()):
        figures["met"] = []
        for criterion in CRITERIA:
            values = [board.met[criterion][m].share for m in board.months]
            figures["met"].append((criterion, line_chart(
                labels, [Series(titles[criterion], values)], width=380, height=210,
                legend=False, css_class="chart chart-small",
                title=f"Andel som uppfyller: {titles[criterion]}",
                desc=(f"Linjediagram, {period}: andel ärenden i procent där kriteriet gäller "
                      f"och har poäng 3, per månad. Samma siffror finns i tabellen."))))
        bars = [Bar(titles[c], cell.share or 0,
                    f"{cell.count} av {cell.n} ({percent(cell.share)})")
                for c, cell in board.missing if cell.n]
        figures["missing"] = bar_chart(
            bars, max_value=100, title="Kriterier som oftast saknas",
            desc=(f"Liggande stapeldiagram, {period}: andel ärenden där kriteriet gäller men "
                  f"saknas (poäng 1), störst först. Samma siffror finns i tabellen."))
    return figures


@bp.route("/")
@role_required("admin")
def show():
    committees, filters, board = _dashboard_data()
    titles = criterion_titles()
    status = 400 if filters.errors else 200
    return render_template(
        "admin/dashboard.html", title="Statistik", committees=committees, filters=filters,
        board=board, figures=_figures(board, titles), titles=titles, criteria=CRITERIA,
        month_iso=month_iso, month_name=month_name, percent=percent, empty=EMPTY, bases=BASES,
        export_args=filters.args(), args=request.args), status


@bp.route("/export.csv")
@role_required("admin")
def export_csv():
    _committees_list, filters, board = _dashboard_data()
    if filters.errors:
        return Response("Felaktigt filter: " + " ".join(filters.errors.values()) + "\n",
                        status=400, mimetype="text/plain")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in export_rows(board, criterion_titles()):
        writer.writerow([csv_safe(cell) for cell in row])
    filename = f"jamcheck-statistik-{month_iso(filters.start)}-{month_iso(filters.end)}"
    if filters.committee_id:
        filename += f"-namnd-{filters.committee_id}"
    if filters.basis == "checker":
        filename += "-jamcheck"
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
