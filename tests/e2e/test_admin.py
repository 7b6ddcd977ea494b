"""The administrator's journey: a re-check with the current rules from the maintenance page,
then the dashboard filtered by committee and period, its charts and their table alternatives
against the seeded data, and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3

from playwright.sync_api import expect

from jamcheck.ruleset import CRITERIA

from .steps import login, percent

COMMITTEE = "Hälso- och sjukvårdsnämnden"
MONTHS = 4  # the period: the last four months, so that some seeded cases fall outside it


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def iso(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def seeded_figures(database, committee: str, start: dt.date, end: dt.date) -> dict:
    """What the dashboard should show, straight from the database: per case and month the
    last revision uploaded that month, scored by its current (latest) report."""
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        scores = ", ".join(f"r.score_{c}" for c in CRITERIA)
        rows = con.execute(f"""
            SELECT substr(v.uploaded_at, 1, 7) AS month, r.total, {scores}
            FROM revisions v JOIN cases c ON c.id = v.case_id
            JOIN committees k ON k.id = c.committee_id
            JOIN reports r ON r.id = (SELECT max(id) FROM reports WHERE revision_id = v.id)
            WHERE k.name = ? AND v.number = (
                SELECT max(w.number) FROM revisions w WHERE w.case_id = v.case_id
                AND substr(w.uploaded_at, 1, 7) = substr(v.uploaded_at, 1, 7))""",
                           (committee,)).fetchall()
    finally:
        con.close()
    inside = [r for r in rows if iso(start) <= r[0] <= iso(end)]
    totals: dict[str, list[int]] = {}
    for month, total, *_ in inside:
        if total is not None:
            totals.setdefault(month, []).append(total)
    met, missing = {}, {}
    for i, criterion in enumerate(CRITERIA):
        values = [r[2 + i] for r in inside if r[2 + i] is not None]
        met[criterion] = (sum(v == 3 for v in values), len(values))
        missing[criterion] = (sum(v == 1 for v in values), len(values))
    return {"cases": len(inside), "all_months": len(rows),
            "averages": {m: (sum(v) / len(v), len(v)) for m, v in totals.items()},
            "met": met, "missing": missing}


def swedish(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def check_dashboard(page, expected: dict, start: dt.date) -> dict:
    """The figures, the charts and the table alternatives agree with `expected`; returns the
    criterion titles by id."""
    expect(page.locator("#cases-total")).to_have_text(str(expected["cases"]))

    # (a) Monthly average total: the table, and the line chart's points on its own axis.
    section = page.locator("section[aria-labelledby=fig-totals]")
    chart = section.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator("title")).to_have_text("Genomsnittligt resultat per månad och nämnd")
    table = section.locator("#table-totals")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(MONTHS)
    shown = {}
    for i in range(MONTHS):
        month = iso(add_months(start, i))
        cell = rows.nth(i).locator("td").first.inner_text()
        if month in expected["averages"]:
            average, n = expected["averages"][month]
            assert cell == f"{swedish(average)} % ({n})", (month, cell, average, n)
            shown[i] = average
        else:
            assert cell == "–", (month, cell)
    gridlines = chart.locator("line").evaluate_all(
        "ls => ls.filter(l => l.getAttribute('y1') === l.getAttribute('y2'))"
        ".map(l => parseFloat(l.getAttribute('y1')))")
    zero, hundred = max(gridlines), min(gridlines)
    points = chart.locator("circle").evaluate_all(
        "cs => cs.map(c => [parseFloat(c.getAttribute('cx')), parseFloat(c.getAttribute('cy'))])")
    assert len(points) == len(shown), (points, shown)
    for (_x, y), average in zip(sorted(points), [shown[i] for i in sorted(shown)]):
        assert abs(100 * (zero - y) / (zero - hundred) - average) < 1, (y, average)

    # (b) Share meeting each criterion: a small chart per criterion, and the table.
    section = page.locator("section[aria-labelledby=fig-met]")
    items = section.locator("ul.chart-grid > li")
    expect(items).to_have_count(len(CRITERIA))
    table_rows = section.locator("#table-met tbody tr")
    expect(table_rows).to_have_count(len(CRITERIA))
    titles = {}
    for i, criterion in enumerate(CRITERIA):
        count, n = expected["met"][criterion]
        titles[criterion] = table_rows.nth(i).locator("th").inner_text()
        whole = table_rows.nth(i).locator("td").last.inner_text()
        item = items.nth(i)
        expect(item.locator("h3")).to_have_text(titles[criterion])
        expect(item.locator("svg[role=img]")).to_have_count(1)
        if n:
            share = swedish(100 * count / n)
            assert whole == f"{share} % ({count}/{n})", (criterion, whole)
            expect(item.locator("p")).to_have_text(f"{count} av {n} ärenden ({share} %)")
        else:
            assert whole == "–", (criterion, whole)

    # (c) Criteria most often missing: the bar chart's labels and the table, in one order.
    section = page.locator("section[aria-labelledby=fig-missing]")
    table_rows = section.locator("#table-missing tbody tr")
    by_title = {title: criterion for criterion, title in titles.items()}
    listed = []
    for row in table_rows.all():
        criterion = by_title[row.locator("th").inner_text()]
        cells = row.locator("td").all_inner_texts()
        count, n = expected["missing"][criterion]
        assert cells[:2] == [str(count), str(n)], (criterion, cells, count, n)
        if n:
            assert cells[2] == f"{swedish(100 * count / n)} %"
            listed.append(f"{count} av {n} ({cells[2]})")
    shares = [percent(t) for t in listed]
    assert shares == sorted(shares, reverse=True), listed
    labels = section.locator("svg[role=img] text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert [t for t in labels if re.fullmatch(r"\d+ av \d+ \(.*\)", t)] == listed
    return titles


def age_reports(database, committee: str) -> list[int]:
    """Mark the current reports of a committee's latest drafts as made with older rules (as
    after a rule change); returns their revision ids."""
    con = sqlite3.connect(database, timeout=30)
    try:
        with con:
            ids = [r[0] for r in con.execute("""
                SELECT v.id FROM revisions v JOIN cases c ON c.id = v.case_id
                JOIN committees k ON k.id = c.committee_id WHERE k.name = ?
                AND v.number = (SELECT max(number) FROM revisions WHERE case_id = v.case_id)""",
                                             (committee,))]
            con.executemany("UPDATE reports SET rules_version = 'äldre regler' "
                            "WHERE revision_id = ? AND is_current", [(i,) for i in ids])
        return ids
    finally:
        con.close()


def report_counts(database, revision_ids: list[int]) -> list[int]:
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return [con.execute("SELECT count(*) FROM reports WHERE revision_id = ?", (i,))
                .fetchone()[0] for i in revision_ids]
    finally:
        con.close()


def test_admin_rechecks_follows_scores_and_exports(page, server, a11y, shoot, tmp_path):
    base = server.url
    aged = age_reports(server.database, COMMITTEE)
    before = report_counts(server.database, aged)
    assert aged
    login(page, base, "admin")
    page.get_by_role("link", name="Statistik och administration").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    a11y.check(page, "statistik, alla nämnder")
    shoot(page, "dashboard")
    admin_nav = page.get_by_role("navigation", name="Administration")
    for name in ("Användare", "Nämnder", "Regler", "Avfärdade anmärkningar"):
        admin_nav.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        a11y.check(page, f"administration: {name.lower()}")

    # Re-check with the current rules: the drafts checked with older rules get new reports,
    # and the old reports are kept.
    admin_nav.get_by_role("link", name="Underhåll").click()
    expect(page.locator("main")).to_contain_text(
        f"{len(aged)} ärenden har ett senaste utkast som granskades med äldre regler")
    a11y.check(page, "underhåll, före omgranskning")
    page.get_by_role("button", name=f"Granska om {len(aged)} utkast").click()
    expect(page.locator(".flash-success")).to_contain_text(
        f"{len(aged)} utkast är granskade igen")
    expect(page.locator("main")).to_contain_text(
        "Alla ärendens senaste utkast är granskade med de nuvarande reglerna")
    assert report_counts(server.database, aged) == [n + 1 for n in before]
    admin_nav.get_by_role("link", name="Händelselogg").click()
    log = page.locator("#table-log tbody th")
    expect(log.filter(has_text="Utkast granskat igen")).to_have_count(len(aged))
    expect(log.filter(has_text="Omgranskning körd")).to_have_count(1)
    a11y.check(page, "händelseloggen")

    # The dashboard filtered by committee and period, against the database.
    admin_nav.get_by_role("link", name="Statistik").click()
    end = dt.date.today().replace(day=1)
    start = add_months(end, -(MONTHS - 1))
    page.get_by_label("Nämnd", exact=True).select_option(label=COMMITTEE)
    page.get_by_label("Från månad").fill(iso(start))
    page.get_by_label("Till och med månad").fill(iso(end))
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"namnd=\d+"))
    expect(page.locator(".summary")).to_contain_text(COMMITTEE)
    expected = seeded_figures(server.database, COMMITTEE, start, end)
    assert expected["cases"] >= 1 and expected["all_months"] > expected["cases"], expected
    titles = check_dashboard(page, expected, start)
    a11y.check(page, "statistik, filtrerad på nämnd och period")

    # CSV export of the same figures.
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    averages = {r[1]: (r[6], r[4]) for r in rows if r[0] == "Genomsnittligt resultat"}
    assert averages == {m: (swedish(a), str(n)) for m, (a, n) in expected["averages"].items()}
    missing = {r[3]: (r[5], r[4]) for r in rows if r[0] == "Kriteriet saknas (poäng 1)"}
    assert missing == {titles[c]: (str(k), str(n)) for c, (k, n) in expected["missing"].items()
                       if n}
    assert all(r[2] == COMMITTEE for r in rows if r[0] == "Andel som uppfyller kriteriet")
