"""The administrator area: role boundaries, dashboard figures and CSV export against reports this
module seeds itself, users, committees, rules, dismissals and the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from websupport import create_case, make_app, make_org, sample, upload

from jamcheck.ruleset import CRITERIA, default_ruleset
from jamcheck.web import create_app, db, monthly
from jamcheck.web.models import AuditEvent, Case, Committee, Dismissal, Report, Revision, User
from jamcheck.web.services import hash_password
from jamcheck.web.stats import add_months, first_of_month, month_iso, month_name

PASSWORD = "admin-test-lösenord"
THIS = first_of_month(dt.date.today())
LAST = add_months(THIS, -1)
OLD = add_months(THIS, -24)
EVIL = "=HYPERLINK(\"http://x\")"

GET_PAGES = ["/admin/", "/admin/export.csv", "/admin/anvandare", "/admin/anvandare/ny",
             "/admin/anvandare/1", "/admin/namnder", "/admin/regler", "/admin/avfardanden",
             "/admin/logg", "/admin/underhall", "/admin/installningar/", "/admin/inloggning/"]
POST_PAGES = ["/admin/anvandare/ny", "/admin/anvandare/1", "/admin/namnder", "/admin/underhall",
              "/admin/underhall/granska-om", "/admin/underhall/gallra", "/admin/installningar/",
              "/admin/installningar/granska-om", "/admin/installningar/importera",
              "/admin/inloggning/"]


# --- fixtures --------------------------------------------------------------------------------

def _scores(**given):
    return {c: given.get(c) for c in CRITERIA}


# (committee, month, total, scores, in_stats)
REPORTS = [
    ("A", LAST, 50, _scores(gendered_target_groups=3, consequences=1, equality_goals=3,
                            intersectionality=1), True),
    ("A", LAST, 100, _scores(gendered_target_groups=3, consequences=3, equality_goals=3,
                             intersectionality=3), True),
    ("A", THIS, 0, _scores(gendered_target_groups=1, consequences=1, equality_goals=1,
                           intersectionality=1), True),
    ("B", THIS, 50, _scores(gendered_target_groups=2, sex_disaggregated_statistics=1,
                            consequences=2, measures=3, equality_goals=2,
                            intersectionality=2), True),
    ("B", THIS, 100, _scores(gendered_target_groups=3), False),  # superseded: not counted
    ("EVIL", OLD, 80, _scores(gendered_target_groups=3, consequences=3), True),
]


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("admin")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/x.sqlite", "SECRET_KEY": "test",
                      "WTF_CSRF_ENABLED": False})
    hashed = hash_password(PASSWORD)
    with app.app_context():
        session = db.session()
        committees = {"A": Committee(name="Nämnd A"), "B": Committee(name="Nämnd B"),
                      "EVIL": Committee(name=EVIL)}
        session.add_all(committees.values())
        users = {name: User(username=name, name=name.title(), role=role, password_hash=hashed)
                 for name, role in (("ada", "admin"), ("wera", "writer"),
                                    ("sam", "secretary"))}
        users["sam"].committees.append(committees["A"])
        session.add_all(users.values())
        session.flush()
        cases = []
        for i, (key, month, total, scores, in_stats) in enumerate(REPORTS):
            when = dt.datetime.combine(month, dt.time(10)) + dt.timedelta(days=i % 3)
            case = Case(diarienummer=f"RS {i}", title=f"Ärende {i}",
                        committee_id=committees[key].id, owner_id=users["wera"].id,
                        created_at=when, updated_at=when)
            session.add(case)
            session.flush()
            revision = Revision(case_id=case.id, number=1, filename="a.docx", sha256="0" * 64,
                                size=1, uploaded_by_id=users["wera"].id, uploaded_at=when)
            session.add(revision)
            session.flush()
            report = Report(revision_id=revision.id, case_id=case.id,
                            committee_id=committees[key].id, month=month, rules_version="t",
                            jamcheck_version="t", data={}, total=total,
                            applicable=sum(s is not None for s in scores.values()),
                            concerns_people=True, is_current=True, in_stats=in_stats)
            for criterion, score in scores.items():
                setattr(report, f"score_{criterion}", score)
            session.add(report)
            cases.append(case.id)
        session.flush()
        monthly.rebuild(session)  # reports inserted directly, not through the services
        session.commit()
        ids = {"committees": {k: c.id for k, c in committees.items()},
               "users": {k: u.id for k, u in users.items()}, "cases": cases}
    return app, ids


def client_for(app, username=None):
    client = app.test_client()
    if username:
        response = client.post("/logga-in", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


@pytest.fixture(scope="module")
def admin(org):
    return client_for(org[0], "ada")


class Tables(HTMLParser):
    """Collects the text of every cell of every <table id=...> in a page."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.current = self.tables.setdefault(attrs.get("id", f"t{len(self.tables)}"), [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def row(table: list[list[str]], first: str) -> list[str]:
    return next(r for r in table if r and r[0] == first)


TITLES = {c.id: c.title for c in default_ruleset().criteria}


# --- roles -----------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["wera", "sam"])
def test_writers_and_secretaries_get_403_on_every_admin_page(org, username):
    client = client_for(org[0], username)
    for url in GET_PAGES:
        assert client.get(url).status_code == 403, url
    for url in POST_PAGES:
        assert client.post(url, data={"name": "X"}).status_code == 403, url


def test_anonymous_is_sent_to_login(org):
    client = client_for(org[0])
    for url in GET_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in" in response.location, url


def test_every_admin_page_has_title_h1_and_subnav(admin):
    for url in GET_PAGES:
        if url.endswith(".csv"):
            continue
        html = admin.get(url).get_data(as_text=True)
        assert re.search(r"<title>[^<]+ – jamcheck</title>", html), url
        assert "<h1>" in html and 'aria-label="Administration"' in html, url
        assert 'aria-current="page"' in html, url
        assert "<script" not in html and " style=" not in html, url


# --- dashboard -------------------------------------------------------------------------------

def test_dashboard_average_total_per_committee_and_month(admin):
    response = admin.get("/admin/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    t = tables(html)["table-totals"]
    assert t[0] == ["Månad", "Nämnd A", "Nämnd B", "Samtliga nämnder"]
    assert row(t, month_name(LAST)) == [month_name(LAST), "75,0 % (2)", "–", "75,0 % (2)"]
    assert row(t, month_name(THIS)) == [month_name(THIS), "0,0 % (1)", "50,0 % (1)",
                                        "25,0 % (2)"]
    assert len(t) == 1 + 12  # the default period: the last twelve months
    assert re.search(r'id="cases-total">4<', html)  # the superseded and the old one excluded
    assert "Bygger på <strong>4</strong> ärenden med ett resultat" in html
    # the default view draws every committee's line, and the line of all together
    chart = html[html.index('<div class="chart-box"'):html.index("</svg>")]
    assert all(name in chart for name in ("Nämnd A", "Nämnd B", "Samtliga nämnder"))


def test_dashboard_share_meeting_each_criterion(admin):
    t = tables(admin.get("/admin/").get_data(as_text=True))["table-met"]
    header = t[0]
    gtg = row(t, TITLES["gendered_target_groups"])
    assert gtg[header.index(month_name(LAST))] == "100,0 % (2/2)"
    assert gtg[header.index(month_name(THIS))] == "0,0 % (0/2)"
    assert gtg[-1] == "50,0 % (2/4)"
    measures = row(t, TITLES["measures"])
    assert measures[-1] == "100,0 % (1/1)"
    assert row(t, TITLES["motivated_exemption"])[-1] == "–"


def test_dashboard_criteria_most_often_missing(admin):
    t = tables(admin.get("/admin/").get_data(as_text=True))["table-missing"]
    assert [r[0] for r in t[1:]] == [TITLES[c] for c in (
        "consequences", "intersectionality", "sex_disaggregated_statistics",
        "gendered_target_groups", "equality_goals", "measures", "motivated_exemption")]
    assert t[1][1:] == ["2", "4", "50,0 %"]
    assert t[3][1:] == ["1", "1", "100,0 %"]
    assert t[-1][1:] == ["0", "0", "–"]


def test_dashboard_charts_are_accessible_inline_svg(admin):
    html = admin.get("/admin/").get_data(as_text=True)
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 1 + len(CRITERIA) + 1
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby=" in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for element_id in ids:
            assert f'id="{element_id}"' in html
    assert html.count("<title id=") == len(svgs)
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    csp = admin.get("/admin/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_dashboard_committee_filter(org, admin):
    committee_b = org[1]["committees"]["B"]
    html = admin.get(f"/admin/?namnd={committee_b}").get_data(as_text=True)
    t = tables(html)["table-totals"]
    assert t[0] == ["Månad", "Nämnd B"]
    assert row(t, month_name(THIS)) == [month_name(THIS), "50,0 % (1)"]
    assert re.search(r'id="cases-total">1<', html)
    assert f'<option value="{committee_b}" selected>' in html


def test_dashboard_period_filter(admin):
    html = admin.get(f"/admin/?fran={month_iso(OLD)}&till={month_iso(OLD)}").get_data(
        as_text=True)
    t = tables(html)["table-totals"]
    assert len(t) == 2
    assert row(t, month_name(OLD))[1] == "80,0 % (1)"
    assert "&#34;http://x&#34;" in html or "&quot;http://x&quot;" in html  # escaped name
    assert EVIL not in html


def test_dashboard_empty_period(admin):
    response = admin.get("/admin/?fran=2001-01&till=2001-06")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("Inga granskade ärenden under perioden.") == 3
    assert "<svg" not in html


@pytest.mark.parametrize("query", ["fran=2025-13", "till=x", "fran=2026-05&till=2026-01",
                                   "namnd=999", "namnd=abc", "fran=1990-01&till=2026-01"])
def test_dashboard_bad_filters_give_400_with_swedish_message(admin, query):
    response = admin.get(f"/admin/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and 'class="error"' in html
    assert admin.get(f"/admin/export.csv?{query}").status_code == 400


# --- CSV -------------------------------------------------------------------------------------

BASIS = "Fastställd bedömning där den finns, annars jamchecks"


def _csv(response):
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_has_the_dashboard_figures(admin):
    response = admin.get("/admin/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="jamcheck-statistik-\d{4}-\d{2}-\d{4}-\d{2}\.csv"',
                        disposition)
    rows = _csv(response)
    assert rows[0] == ["Diagram", "Period", "Nämnd", "Kriterium", "Antal ärenden", "Antal",
                       "Värde (%)", "Underlag"]
    basis = BASIS
    assert ["Genomsnittligt resultat", month_iso(LAST), "Nämnd A", "", "2", "", "75,0",
            basis] in rows
    assert ["Genomsnittligt resultat", month_iso(THIS), "Samtliga (Alla nämnder)", "", "2", "",
            "25,0", basis] in rows
    assert ["Andel som uppfyller kriteriet", month_iso(LAST), "Alla nämnder",
            TITLES["gendered_target_groups"], "2", "2", "100,0", basis] in rows
    period = f"{month_iso(add_months(THIS, -11))}–{month_iso(THIS)}"
    missing = [r for r in rows if r[0] == "Kriteriet saknas (poäng 1)"]
    assert missing[0] == ["Kriteriet saknas (poäng 1)", period, "Alla nämnder",
                          TITLES["consequences"], "4", "2", "50,0", basis]
    assert all(len(r) == 8 for r in rows)


def test_csv_export_follows_filters_and_blocks_formula_injection(org, admin):
    committee = org[1]["committees"]["EVIL"]
    rows = _csv(admin.get(f"/admin/export.csv?fran={month_iso(OLD)}&till={month_iso(OLD)}"))
    totals = [r for r in rows if r[0] == "Genomsnittligt resultat"]
    assert totals == [["Genomsnittligt resultat", month_iso(OLD), "'" + EVIL, "", "1", "",
                       "80,0", BASIS]]
    rows = _csv(admin.get(f"/admin/export.csv?namnd={committee}&fran={month_iso(OLD)}"))
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert any(r[2] == "'" + EVIL for r in rows)


# --- users and committees --------------------------------------------------------------------

def test_create_user_hashes_password_and_user_can_log_in(org, admin):
    app, ids = org
    response = admin.post("/admin/anvandare/ny", data={
        "username": "nils", "name": "Nils Nilsson", "role": "secretary",
        "password": "nytt-lösenord-42", "committees": [ids["committees"]["B"]],
        "active": "y"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session().scalar(select(User).where(User.username == "nils"))
        assert user.password_hash.startswith("scrypt:")
        assert "nytt-lösenord-42" not in user.password_hash
        assert [c.name for c in user.committees] == ["Nämnd B"]
        event = db.session().scalar(select(AuditEvent).where(AuditEvent.action == "user_created")
                                    .order_by(AuditEvent.id.desc()))
        assert event.user_id == ids["users"]["ada"] and event.detail["user_id"] == user.id
        assert "nytt-lösenord-42" not in str(event.detail) and "password" not in event.detail
    html = admin.get("/admin/anvandare").get_data(as_text=True)
    assert "Nils Nilsson" in html and "scrypt" not in html and "Nämnd B" in html
    client = app.test_client()
    assert client.post("/logga-in", data={"username": "nils",
                                          "password": "nytt-lösenord-42"}).status_code == 302


@pytest.mark.parametrize("data, message", [
    ({"username": "ada", "name": "Dubbel", "role": "writer", "password": "långt-lösenord-1"},
     "redan upptaget"),
    ({"username": "utan", "name": "Utan lösenord", "role": "writer"}, "Ange ett lösenord"),
    ({"username": "kort", "name": "Kort", "role": "writer", "password": "kort"}, "minst 10"),
    ({"username": "fel namn!", "name": "X", "role": "writer", "password": "långt-lösenord-1"},
     "Använd bokstäver"),
])
def test_create_user_errors(admin, data, message):
    response = admin.post("/admin/anvandare/ny", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_edit_user_role_password_and_active(org, admin):
    app, ids = org
    response = admin.post("/admin/anvandare/ny", data={
        "username": "olle", "name": "Olle", "role": "writer", "password": "första-lösenordet",
        "active": "y"})
    assert response.status_code == 302
    with app.app_context():
        olle = db.session().scalar(select(User).where(User.username == "olle"))
    page = admin.get(f"/admin/anvandare/{olle.id}").get_data(as_text=True)
    assert 'name="username"' not in page and olle.password_hash not in page
    response = admin.post(f"/admin/anvandare/{olle.id}", data={
        "name": "Olle Olsson", "role": "secretary", "password": "andra-lösenordet",
        "committees": [ids["committees"]["A"]], "active": "y"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        olle = session.get(User, olle.id)
        assert (olle.name, olle.role) == ("Olle Olsson", "secretary")
        assert [c.name for c in olle.committees] == ["Nämnd A"]
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user_updated")
                               .order_by(AuditEvent.id.desc()))
        assert set(event.detail["changed"]) == {"name", "role", "committees", "password"}
        assert "andra-lösenordet" not in str(event.detail)
    assert app.test_client().post("/logga-in", data={
        "username": "olle", "password": "andra-lösenordet"}).status_code == 302
    # deactivated: cannot log in any more
    admin.post(f"/admin/anvandare/{olle.id}", data={"name": "Olle Olsson", "role": "writer"})
    assert app.test_client().post("/logga-in", data={
        "username": "olle", "password": "andra-lösenordet"}).status_code == 401
    assert admin.get("/admin/anvandare/99999").status_code == 404


def test_admin_cannot_demote_or_deactivate_themself(org, admin):
    ada = org[1]["users"]["ada"]
    response = admin.post(f"/admin/anvandare/{ada}", data={"name": "Ada", "role": "writer",
                                                           "active": "y"})
    assert response.status_code == 400
    assert "minst en aktiv administratör" in response.get_data(as_text=True)
    assert admin.get("/admin/").status_code == 200


def test_committees_page_lists_case_counts_and_adds_committee(org, admin):
    t = tables(admin.get("/admin/namnder").get_data(as_text=True))
    table = next(iter(t.values()))
    assert row(table, "Nämnd A")[1] == "3"
    assert row(table, "Nämnd B")[1] == "2"
    response = admin.post("/admin/namnder", data={"name": "  Miljönämnden "})
    assert response.status_code == 302
    html = admin.get("/admin/namnder").get_data(as_text=True)
    assert "Miljönämnden" in html
    response = admin.post("/admin/namnder", data={"name": "miljönämnden"})
    assert response.status_code == 400
    assert "finns redan" in response.get_data(as_text=True)
    assert admin.post("/admin/namnder", data={"name": ""}).status_code == 400
    with org[0].app_context():
        assert db.session().scalar(select(AuditEvent.id).where(
            AuditEvent.action == "committee_created"))


def test_admin_forms_require_csrf(org):
    app, _ids = org
    strict = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "test"})
    client = strict.test_client()
    page = client.get("/logga-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/logga-in", data={"username": "ada", "password": PASSWORD,
                                          "csrf_token": token}).status_code == 302
    for url in POST_PAGES:
        assert client.post(url, data={"name": "Utan token"}).status_code == 400, url
    page = client.get("/admin/namnder").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/admin/namnder", data={"name": "Med token",
                                               "csrf_token": token}).status_code == 302


# --- rules, dismissals and the log -----------------------------------------------------------

def test_rules_page_lists_every_rule(admin):
    ruleset = default_ruleset()
    html = admin.get("/admin/regler").get_data(as_text=True)
    assert ruleset.version in html
    for rule in ruleset.rules:
        assert f'id="rule-{rule.id}"' in html
    first = ruleset.rules[0]
    assert first.examples["flag"][0].replace('"', "&#34;")[:40] in html or \
        first.examples["flag"][0][:40] in html
    assert "Regeln slår till på" in html and "Regeln slår inte till på" in html
    # the passage a rule must quote is shown marked, never as the raw <marker> tag
    assert "berör främst <mark>resenärer</mark> i Råneå" in html and "&lt;marker&gt;" not in html


def test_dismissal_ranking(org, admin):
    app, ids = org
    assert "Inga anmärkningar har avfärdats ännu." in admin.get("/admin/avfardanden").get_data(
        as_text=True)
    rule_a, rule_b = default_ruleset().rules[0].id, default_ruleset().rules[1].id
    base = dt.datetime(2026, 1, 1, 12)
    with app.app_context():
        session = db.session()
        writer = ids["users"]["wera"]
        for i, (rule_id, case_index, reason) in enumerate([
                (rule_b, 0, "Gäller inte här"),
                (rule_a, 0, "Första skälet"), (rule_a, 1, "Andra skälet"),
                (rule_a, 1, "Tredje skälet"), (rule_a, 2, "Fjärde skälet"),
                ("removed-rule", 3, "Gammal regel")]):
            session.add(Dismissal(case_id=ids["cases"][case_index], rule_id=rule_id,
                                  criterion="consequences", quote_key=f"q{i}", reason=reason,
                                  user_id=writer, created_at=base + dt.timedelta(days=i)))
        session.commit()
    html = admin.get("/admin/avfardanden").get_data(as_text=True)
    t = tables(html)["table-dismissals"]
    assert t[1][0].startswith(rule_a) and t[1][2:4] == ["4", "3"]
    assert "Fjärde skälet" in t[1][5] and "Andra skälet" in t[1][5]
    assert "Första skälet" not in t[1][5]  # only the three latest reasons
    assert sorted(t[2][0].startswith(r) or t[3][0].startswith(r)
                  for r in (rule_b, "removed-rule")) == [True, True]
    assert "finns inte längre" in html
    rules_html = admin.get("/admin/regler").get_data(as_text=True)
    assert "4 gånger" in rules_html


def test_audit_log_lists_events_with_pagination(org, admin):
    app, ids = org
    with app.app_context():
        session = db.session()
        for i in range(60):
            session.add(AuditEvent(user_id=ids["users"]["wera"], case_id=ids["cases"][0],
                                   action="case_submit", detail={"state_to": "submitted"},
                                   at=dt.datetime(2020, 1, 1) + dt.timedelta(minutes=i)))
        session.commit()
    html = admin.get("/admin/logg").get_data(as_text=True)
    t = tables(html)["table-log"]
    assert len(t) == 1 + 50
    assert "Äldre händelser" in html and "Sida 1 av" in html
    html = admin.get("/admin/logg?sida=2").get_data(as_text=True)
    assert "Ärende inskickat" in html and f"/arenden/{ids['cases'][0]}" in html
    assert "Nyare händelser" in html
    assert admin.get("/admin/logg?sida=999").status_code == 404


def test_maintenance_rechecks_outdated_reports_and_sets_retention(tmp_path):
    """Re-check with the current rules from the admin page keeps the old reports; the
    retention period is set on the same page and the purge deletes old files."""
    org = make_org(make_app(tmp_path))
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    with org.app.app_context():
        session = db.session()
        session.scalar(select(Report)).rules_version = "0.9+old"
        session.commit()
    admin = org.client("ada")
    page = admin.get("/admin/underhall").get_data(as_text=True)
    assert "1 ärenden har ett senaste utkast" in page
    assert org.client("anna").get("/admin/underhall").status_code == 403
    r = admin.post("/admin/underhall/granska-om", follow_redirects=True)
    assert "1 utkast är granskade igen" in r.get_data(as_text=True)
    with org.app.app_context():
        reports = db.session().scalars(select(Report).order_by(Report.id)).all()
        assert [r.is_current for r in reports] == [False, True]
        assert reports[0].rules_version == "0.9+old"
    assert "Alla ärendens senaste utkast" in admin.get("/admin/underhall").get_data(as_text=True)

    r = admin.post("/admin/underhall", data={"retention-days": "5"})
    assert r.status_code == 400 and "mellan 30 och 36 500" in r.get_data(as_text=True)
    admin.post("/admin/underhall", data={"retention-days": "365"})
    with org.app.app_context():
        session = db.session()
        session.scalar(select(Revision)).uploaded_at = dt.datetime(2020, 1, 1)
        session.commit()
    assert "1 utkastfiler är äldre än 365 dagar" in admin.get("/admin/underhall").get_data(
        as_text=True)
    r = admin.post("/admin/underhall/gallra", follow_redirects=True)
    assert "1 utkastfiler äldre än 365 dagar är raderade" in r.get_data(as_text=True)
    with org.app.app_context():
        assert db.session().scalar(select(Revision)).content is None


def test_audit_log_speaks_swedish_and_names_cases(tmp_path):
    from websupport import create_case, make_app, make_org, sample, upload

    org = make_org(make_app(tmp_path))
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    writer.post(f"/arenden/{case_id}/skicka-in")
    secretary = org.client("sara")
    secretary.post(f"/granskning/{case_id}/bedomning/consequences", data={
        "consequences-verdict": "3", "consequences-comment": "Beskrivs i bilagan."})
    secretary.post(f"/granskning/{case_id}/aterskicka", data={"message": "Komplettera."})
    page = org.client("ada").get("/admin/logg").get_data(as_text=True)
    import html
    page = html.unescape(page)
    assert "Status: inskickat → återskickat för komplettering" in page
    assert "Konsekvenser för kvinnor och män beskrivs: instämmer inte, 1 → 3" in page
    assert "RS 2026/1 Nya busslinjer" in page and "Tid (UTC)" not in page
