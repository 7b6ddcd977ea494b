"""The case writer's and the secretary's flows through the Flask test client, role boundaries,
CSRF on state-changing forms, and that nothing is lost or half-stored."""

from __future__ import annotations

import html
import io

import docxfactory
import pytest
from sqlalchemy import func, select
from websupport import create_case, csrf_token, login, make_app, make_org, sample, upload

from jamcheck.web import db
from jamcheck.web.models import AuditEvent, Case, Dismissal, Report, Revision, Verdict


def count(app, model) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_full_workflow_upload_report_submit_return_revise_approve(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])

    r = upload(writer, case_id, sample("bus_routes_weak.docx"), "linjer.docx")
    assert r.status_code == 302 and r.location.endswith(f"/arenden/{case_id}/utkast/1")
    page = text(writer.get(r.location))
    assert "Granskning av utkast 1" in page
    for title in ("Målgrupper beskrivs som kvinnor och män", "Konsekvenser för kvinnor och män"):
        assert title in page
    assert "<mark>" in page and "Förslag:" in page and "Avsnitt:" in page
    assert "1 – saknas" in page

    r = upload(writer, case_id, sample("bus_routes_strong.docx"), "linjer-v2.docx")
    page = text(writer.get(r.location))
    assert "Förändring sedan utkast 1" in page and "bättre" in page
    assert "1 anmärkning åtgärdad" in page
    with org.app.app_context():
        totals = [rev.report.total for rev in db.session().get(Case, case_id).revisions]
    assert totals[1] > totals[0]

    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    secretary = org.client("sara")
    queue = text(secretary.get("/granskning/"))
    assert "Nya busslinjer" in queue and "RS 2026/1" in queue

    # Overriding needs a comment; agreeing does not.
    r = secretary.post(f"/granskning/{case_id}/bedomning/measures",
                       data={"measures-verdict": "1", "measures-comment": ""})
    assert "Skriv en kommentar" in text(secretary.get(r.location))
    assert secretary.post(f"/granskning/{case_id}/bedomning/measures",
                   data={"measures-verdict": "2", "measures-comment": "Åtgärden saknar tidplan."}).status_code == 302
    assert secretary.post(f"/granskning/{case_id}/bedomning/consequences",
                   data={"consequences-verdict": "agree"}).status_code == 302
    r = secretary.post(f"/granskning/{case_id}/aterskicka",
                       data={"message": "Komplettera med en tidplan för åtgärden."})
    assert r.status_code == 302

    page = text(writer.get(f"/arenden/{case_id}"))
    assert "Återskickat för komplettering" in page
    assert "Komplettera med en tidplan för åtgärden." in page
    assert "Åtgärden saknar tidplan." in page  # the verdict is shown to the writer

    upload(writer, case_id, sample("bus_routes_strong.docx"), "linjer-v3.docx")
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    r = secretary.post(f"/granskning/{case_id}/godkann")
    assert r.status_code == 302
    with org.app.app_context():
        session = db.session()
        case = session.get(Case, case_id)
        assert case.state == "approved"
        assert [rev.number for rev in case.revisions] == [1, 2, 3]
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)
                                  .order_by(AuditEvent.id)).all()
        assert actions == ["case_created", "revision_uploaded", "revision_uploaded",
                           "case_submit", "verdict", "verdict", "case_return",
                           "revision_uploaded", "case_submit", "case_approve"]
        overridden = session.scalar(select(Verdict).where(Verdict.criterion == "measures"))
        assert overridden.score == 2 and not overridden.agree


def test_states_guard_actions(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    r = writer.post(f"/arenden/{case_id}/skicka-in", follow_redirects=True)
    assert "Ladda upp ett utkast innan" in text(r)
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    r = upload(writer, case_id, sample("bus_routes_weak.docx"))  # submitted: no new drafts
    assert r.status_code == 400 and "kan inte få nya utkast" in text(r)
    secretary = org.client("sara")
    assert secretary.post(f"/granskning/{case_id}/godkann").status_code == 302
    r = secretary.post(f"/granskning/{case_id}/godkann", follow_redirects=True)
    assert "Det går inte" in text(r)
    assert count(org.app, Revision) == 1


def test_failed_upload_stores_nothing_and_says_why_in_swedish(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    for content, name, phrase in [
        (docxfactory.not_a_docx(), "utkast.docx", "inte ett Word-dokument"),
        (b"%PDF-1.7\n" + b"x" * 100, "utkast.docx", "PDF"),
        (docxfactory.empty_file(), "tom.docx", "tom"),
        (docxfactory.corrupt_zip(), "trasig.docx", ""),
    ]:
        r = upload(writer, case_id, content, name)
        body = text(r)
        assert r.status_code == 400, name
        assert phrase.lower() in body.lower()
        assert 'role="alert"' in body and 'type="file"' in body  # the form is still there
    r = writer.post(f"/arenden/{case_id}/utkast", data={}, content_type="multipart/form-data")
    assert r.status_code == 400 and "Välj en Word-fil" in text(r)
    assert count(org.app, Revision) == 0 and count(org.app, Report) == 0


def test_oversized_upload_is_refused_with_413(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    r = upload(writer, case_id, b"PK" + b"0" * (3 * 1024 * 1024))
    assert r.status_code == 413 and "större än 2 MB" in text(r)
    assert 'type="file"' in text(r) and 'role="alert"' in text(r)  # the form is back
    assert count(org.app, Revision) == 0


def test_role_boundaries(org):
    anna = org.client("anna")
    case_id = create_case(anna, org.committees["A"])
    upload(anna, case_id, sample("bus_routes_weak.docx"))

    bo = org.client("bo")
    for url in (f"/arenden/{case_id}", f"/arenden/{case_id}/utkast/1"):
        assert bo.get(url).status_code == 404
    assert upload(bo, case_id, sample("bus_routes_weak.docx")).status_code == 404
    assert bo.post(f"/arenden/{case_id}/skicka-in").status_code == 404
    assert bo.post(f"/arenden/{case_id}/utkast/1/avfarda",
                   data={"finding": "f1", "reason": "x"}).status_code == 404
    assert "Nya busslinjer" not in text(bo.get("/arenden"))
    assert bo.get("/granskning/").status_code == 403
    assert bo.get(f"/granskning/{case_id}").status_code == 403
    assert bo.get("/admin/").status_code == 403

    assert anna.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    sven = org.client("sven")  # secretary of the other committee
    assert sven.get(f"/granskning/{case_id}").status_code == 404
    assert sven.get(f"/arenden/{case_id}/utkast/1").status_code == 404
    assert sven.post(f"/granskning/{case_id}/godkann").status_code == 404
    assert "Nya busslinjer" not in text(sven.get("/granskning/"))
    sara = org.client("sara")
    assert sara.get(f"/granskning/{case_id}").status_code == 200
    assert upload(sara, case_id, sample("bus_routes_weak.docx")).status_code == 403
    ada = org.client("ada")
    assert ada.get(f"/granskning/{case_id}").status_code == 200

    anonymous = org.client()
    r = anonymous.get(f"/arenden/{case_id}")
    assert r.status_code == 302 and "/logga-in" in r.location
    with org.app.app_context():
        assert db.session().get(Case, case_id).state == "submitted"


def test_dismissal_is_remembered_on_later_revisions_and_shown_to_secretary(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    with org.app.app_context():
        data = db.session().scalar(select(Report)).data
    finding = next(f for f in data["findings"] if f["quote"])
    assert writer.post(f"/arenden/{case_id}/utkast/1/avfarda",
                    data={"finding": finding["id"], "reason": ""}).status_code == 302
    assert count(org.app, Dismissal) == 0
    assert writer.post(f"/arenden/{case_id}/utkast/1/avfarda",
                data={"finding": finding["id"], "reason": "Gäller fordon, inte människor."}).status_code == 302
    assert count(org.app, Dismissal) == 1

    upload(writer, case_id, sample("bus_routes_weak.docx"), "igen.docx")
    page = text(writer.get(f"/arenden/{case_id}/utkast/2"))
    assert "Avfärdad som inte relevant" in page and "Gäller fordon, inte människor." in page
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    page = text(org.client("sara").get(f"/granskning/{case_id}"))
    assert "Gäller fordon, inte människor." in page


def test_every_revision_and_report_stays_after_uploads_and_recheck(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    upload(writer, case_id, sample("bus_routes_strong.docx"))
    result = org.app.test_cli_runner().invoke(args=["jamcheck", "recheck", "--all-revisions"])
    assert result.exit_code == 0, result.output
    assert "2 utkast granskade" in result.output
    with org.app.app_context():
        session = db.session()
        revisions = session.scalars(select(Revision).order_by(Revision.number)).all()
        assert [len(r.reports) for r in revisions] == [2, 2]
        assert all(r.content for r in revisions)
        assert [r.report.is_current for r in revisions] == [True, True]
        assert session.scalar(select(func.count()).where(Report.is_current.is_(False))) == 2
    for n in (1, 2):
        assert writer.get(f"/arenden/{case_id}/utkast/{n}").status_code == 200


def test_login_failures_and_lockout(org):
    client = org.client()
    r = client.post("/logga-in", data={"username": "anna", "password": "fel"})
    assert r.status_code == 401 and "fel användarnamn eller lösenord" in text(r)
    r = client.post("/logga-in", data={"username": "ingen", "password": "fel"})
    assert r.status_code == 401
    for _ in range(4):
        assert client.post("/logga-in", data={"username": "anna", "password": "fel"}).status_code == 401
    r = client.post("/logga-in", data={"username": "anna", "password": "rätt-lösenord-123"})
    # locked for this client, with the same message as any failure: it does not tell which
    # accounts exist or are locked
    assert r.status_code == 401 and "fel användarnamn eller lösenord" in text(r)
    unknown = client.post("/logga-in", data={"username": "ingen", "password": "fel"})
    assert text(unknown).count("Inloggningen misslyckades") == text(r).count(
        "Inloggningen misslyckades") == 1


def test_login_redirect_only_to_own_site(org):
    client = org.client()
    r = client.post("/logga-in?next=https://evil.example/", data={
        "username": "anna", "password": "rätt-lösenord-123"})
    assert r.status_code == 302 and r.location == "/"


def test_create_user_command_hashes_the_password(org):
    runner = org.app.test_cli_runner()
    result = runner.invoke(args=["jamcheck", "create-user", "nils", "--name", "Nils N",
                                 "--role", "secretary", "--committee", "Nämnd B",
                                 "--password", "ett-långt-lösenord"])
    assert result.exit_code == 0, result.output
    from jamcheck.web.models import User
    with org.app.app_context():
        user = db.session().scalar(select(User).where(User.username == "nils"))
        assert user.password_hash.startswith("scrypt:") and "ett-långt" not in user.password_hash
        assert [c.name for c in user.committees] == ["Nämnd B"]
    login(org.client(), "nils", "ett-långt-lösenord")
    result = runner.invoke(args=["jamcheck", "create-user", "nils", "--name", "N",
                                 "--role", "writer", "--password", "ett-långt-lösenord"])
    assert result.exit_code != 0 and "redan upptaget" in result.output


def test_security_headers(org):
    r = org.client().get("/logga-in")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"


# --- CSRF: every state-changing form refuses a request without its token -----------------

@pytest.fixture
def csrf_org(tmp_path):
    return make_org(make_app(tmp_path, csrf=True))


def csrf_login(client, username):
    token = csrf_token(client.get("/logga-in").get_data(as_text=True))
    r = client.post("/logga-in", data={"username": username, "password": "rätt-lösenord-123",
                                       "csrf_token": token})
    assert r.status_code == 302


def test_csrf_is_required_on_every_state_changing_form(csrf_org):
    org = csrf_org
    anonymous = org.client()
    r = anonymous.post("/logga-in", data={"username": "anna", "password": "rätt-lösenord-123"})
    assert r.status_code == 400 and "CSRF" in text(r)

    writer = org.app.test_client()
    csrf_login(writer, "anna")
    token = csrf_token(writer.get("/arenden/nytt").get_data(as_text=True))
    r = writer.post("/arenden/nytt", data={"diarienummer": "RS 1", "title": "T",
                                           "committee": org.committees["A"]})
    assert r.status_code == 400
    r = writer.post("/arenden/nytt", data={"diarienummer": "RS 1", "title": "T",
                                           "committee": org.committees["A"], "csrf_token": token})
    assert r.status_code == 302
    case_id = int(r.location.rsplit("/", 1)[1])
    r = writer.post(f"/arenden/{case_id}/utkast", content_type="multipart/form-data",
                    data={"file": (io.BytesIO(sample("bus_routes_weak.docx")), "a.docx")})
    assert r.status_code == 400
    r = writer.post(f"/arenden/{case_id}/utkast", content_type="multipart/form-data",
                    data={"file": (io.BytesIO(sample("bus_routes_weak.docx")), "a.docx"),
                          "csrf_token": token})
    assert r.status_code == 302
    for url, data in [(f"/arenden/{case_id}/utkast/1/avfarda", {"finding": "f1", "reason": "x"}),
                      (f"/arenden/{case_id}/avfardanden/1/ta-bort", {}),
                      (f"/arenden/{case_id}/skicka-in", {}),
                      ("/logga-ut", {})]:
        assert writer.post(url, data=data).status_code == 400, url
    assert writer.post(f"/arenden/{case_id}/skicka-in",
                       data={"csrf_token": token}).status_code == 302

    secretary = org.app.test_client()
    csrf_login(secretary, "sara")
    token = csrf_token(secretary.get(f"/granskning/{case_id}").get_data(as_text=True))
    for url, data in [(f"/granskning/{case_id}/bedomning/measures", {"measures-verdict": "agree"}),
                      (f"/granskning/{case_id}/aterskicka", {"message": "Komplettera."}),
                      (f"/granskning/{case_id}/godkann", {})]:
        assert secretary.post(url, data=data).status_code == 400, url
    with org.app.app_context():
        session = db.session()
        assert session.get(Case, case_id).state == "submitted"
        assert session.scalar(select(func.count()).select_from(Verdict)) == 0
        assert session.scalar(select(func.count()).select_from(Dismissal)) == 0


def test_downloads_pdf_and_annotated_docx_with_role_checks(org):
    from docx import Document

    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"), "linjer.docx")
    page = text(writer.get(f"/arenden/{case_id}/utkast/1"))
    assert "Ladda ned PDF" in page and "Ladda ned Word-fil med kommentarer" in page

    r = writer.get(f"/arenden/{case_id}/utkast/1/rapport.pdf")
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    assert r.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in r.headers["Cache-Control"]
    r = writer.get(f"/arenden/{case_id}/utkast/1/kommenterad.docx")
    assert r.status_code == 200 and r.data.startswith(b"PK")
    comments = list(Document(io.BytesIO(r.data)).comments)
    assert comments and all(c.author == "jamcheck" for c in comments)
    r = writer.get(f"/arenden/{case_id}/utkast/1/original.docx")
    assert r.data == sample("bus_routes_weak.docx")

    for name in ("bo", "sven"):  # another writer, the other committee's secretary
        client = org.client(name)
        for url in ("rapport.pdf", "kommenterad.docx", "original.docx"):
            assert client.get(f"/arenden/{case_id}/utkast/1/{url}").status_code == 404
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    review = text(org.client("sara").get(f"/granskning/{case_id}"))
    assert "Ladda ned PDF" in review
    assert org.client("sara").get(f"/arenden/{case_id}/utkast/1/rapport.pdf").status_code == 200


STATES = ("draft", "submitted", "returned", "approved")


def _case_in_state(org, state: str) -> tuple[int, int]:
    """A case with one revision and one dismissal, put in `state`; (case id, dismissal id)."""
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    with org.app.app_context():
        session = db.session()
        finding = next(f for f in session.scalar(select(Report).where(Report.case_id == case_id))
                       .data["findings"] if f["quote"])
    assert writer.post(f"/arenden/{case_id}/utkast/1/avfarda",
                data={"finding": finding["id"], "reason": "Gäller fordon."}).status_code == 302
    with org.app.app_context():
        session = db.session()
        session.get(Case, case_id).state = state
        dismissal_id = session.scalar(select(Dismissal.id).where(Dismissal.case_id == case_id))
        session.commit()
    return case_id, dismissal_id


def _snapshot(org, case_id: int) -> tuple:
    with org.app.app_context():
        session = db.session()
        case = session.get(Case, case_id)
        return (case.state, len(case.revisions),
                session.scalar(select(func.count()).select_from(Dismissal)
                               .where(Dismissal.case_id == case_id)),
                session.scalar(select(func.count()).select_from(Verdict)
                               .where(Verdict.case_id == case_id)))


# action -> (who, states where it is allowed, what it does to the snapshot)
ACTIONS = {
    "upload": ("anna", ("draft", "returned")),
    "dismiss": ("anna", ("draft", "returned")),
    "undismiss": ("anna", ("draft", "returned")),
    "submit": ("anna", ("draft", "returned")),
    "verdict": ("sara", ("submitted",)),
    "return": ("sara", ("submitted",)),
    "approve": ("sara", ("submitted",)),
}


def _act(org, action: str, case_id: int, dismissal_id: int):
    who = org.client(ACTIONS[action][0])
    if action == "upload":
        return upload(who, case_id, sample("bus_routes_strong.docx"))
    with org.app.app_context():
        finding = next(f for f in db.session().scalar(
            select(Report).where(Report.case_id == case_id)).data["findings"] if f["quote"])
    url, data = {
        "dismiss": (f"/arenden/{case_id}/utkast/1/avfarda",
                    {"finding": finding["id"], "reason": "En annan motivering."}),
        "undismiss": (f"/arenden/{case_id}/avfardanden/{dismissal_id}/ta-bort", {}),
        "submit": (f"/arenden/{case_id}/skicka-in", {}),
        "verdict": (f"/granskning/{case_id}/bedomning/measures",
                    {"measures-verdict": "2", "measures-comment": "Tidplan saknas."}),
        "return": (f"/granskning/{case_id}/aterskicka", {"message": "Komplettera."}),
        "approve": (f"/granskning/{case_id}/godkann", {}),
    }[action]
    return who.post(url, data=data)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_state_changing_route_against_every_state(org, action, state):
    """An action the case's state does not allow changes nothing (a dismissal after approval
    would show in the approved case's PDF), and never answers 500."""
    case_id, dismissal_id = _case_in_state(org, state)
    before = _snapshot(org, case_id)
    r = _act(org, action, case_id, dismissal_id)
    assert r.status_code < 500
    after = _snapshot(org, case_id)
    allowed = state in ACTIONS[action][1]
    if action == "dismiss":  # an existing dismissal gets a new reason: check the reason
        with org.app.app_context():
            reason = db.session().get(Dismissal, dismissal_id).reason
        assert (reason == "En annan motivering.") is allowed
    else:
        assert (after != before) is allowed, (action, state, before, after)


def test_secretary_sees_no_drafts(org):
    """DESIGN §6: a secretary sees the committee's submitted, returned and approved cases; a
    writer's draft (never submitted) and its original file stay the writer's."""
    from jamcheck.web import tokens
    from jamcheck.web.models import User

    draft_id, _ = _case_in_state(org, "draft")
    submitted_id, _ = _case_in_state(org, "submitted")
    secretary = org.client("sara")
    assert secretary.get(f"/granskning/{draft_id}").status_code == 404
    assert secretary.get(f"/arenden/{draft_id}/utkast/1/original.docx").status_code == 404
    assert secretary.get(f"/granskning/{submitted_id}").status_code == 200
    assert secretary.get(f"/arenden/{submitted_id}/utkast/1/original.docx").status_code == 200
    with org.app.app_context():
        session = db.session()
        sara = session.scalar(select(User).where(User.username == "sara"))
        _row, token = tokens.create(session, sara, "t", sara)
    listed = org.app.test_client().get("/api/v1/cases",
                                       headers={"Authorization": f"Bearer {token}"}).get_json()
    ids = {c["id"] for c in (listed["cases"] if isinstance(listed, dict) else listed)}
    assert submitted_id in ids and draft_id not in ids


def test_a_lockout_from_one_client_does_not_lock_the_account_elsewhere(org):
    """An outsider who fails on the admin's account locks only their own attempts."""
    outsider = org.app.test_client()
    for _ in range(10):
        outsider.post("/logga-in", data={"username": "ada", "password": "gissning"},
                      environ_base={"REMOTE_ADDR": "203.0.113.9"})
    admin = org.app.test_client()
    r = admin.post("/logga-in", data={"username": "ada", "password": "rätt-lösenord-123"},
                   environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert r.status_code == 302


def test_parallel_wrong_logins_try_exactly_five_passwords(org, monkeypatch):
    """The attempt is counted with an atomic increment before the password is checked."""
    from concurrent.futures import ThreadPoolExecutor

    from jamcheck.web import auth

    checked = []
    real = auth.check_password_hash

    def counting(pwhash, password):
        if pwhash != auth._DUMMY_HASH:
            checked.append(password)
        return real(pwhash, password)

    monkeypatch.setattr(auth, "check_password_hash", counting)

    def attempt(_i):
        return org.app.test_client().post("/logga-in", data={"username": "anna", "password": "fel"})

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = [r.status_code for r in pool.map(attempt, range(30))]
    assert codes == [401] * 30 and len(checked) == 5


def test_file_names_keep_swedish_letters_and_spaces(org):
    """"ärende idrottshall.docx" is stored and downloaded under that name (RFC 6266
    filename*), and a refused PDF is called by its own name."""
    from urllib.parse import quote

    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    r = upload(writer, case_id, sample("bus_routes_weak.docx"), "ärende idrottshall.docx")
    assert r.status_code == 302
    with org.app.app_context():
        assert db.session().scalar(select(Revision.filename)) == "ärende idrottshall.docx"
    assert "ärende idrottshall.docx" in text(writer.get(f"/arenden/{case_id}"))
    r = writer.get(f"/arenden/{case_id}/utkast/1/original.docx")
    assert r.status_code == 200
    assert f"filename*=UTF-8''{quote('ärende idrottshall.docx')}" in r.headers["Content-Disposition"]
    r = upload(writer, case_id, b"%PDF-1.7 en pdf", "case11.pdf")
    page = text(r)
    assert r.status_code == 400 and "Filen case11.pdf är en PDF" in page
    assert "case11.pdf.docx" not in page


@pytest.mark.parametrize("utc,shown,offset", [
    ("2026-07-01 10:00", "2026-07-01 12:00", "+02:00"),  # summer time
    ("2026-01-15 10:00", "2026-01-15 11:00", "+01:00"),
])
def test_times_are_swedish_local_time(org, utc, shown, offset):
    """Stored as UTC; pages show Europe/Stockholm time, the API ISO 8601 with the offset."""
    import datetime as dt

    from jamcheck.web import tokens
    from jamcheck.web.models import User

    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    with org.app.app_context():
        session = db.session()
        session.scalar(select(Revision)).uploaded_at = dt.datetime.fromisoformat(utc)
        session.commit()
        anna = session.scalar(select(User).where(User.username == "anna"))
        _row, token = tokens.create(session, anna, "t", anna)
    assert shown in text(writer.get(f"/arenden/{case_id}"))
    data = org.app.test_client().get(f"/api/v1/cases/{case_id}",
                                     headers={"Authorization": f"Bearer {token}"}).get_json()
    assert data["revisions"][0]["uploaded_at"] == shown.replace(" ", "T") + ":00" + offset


def test_annotated_word_file_marks_or_leaves_out_dismissed_findings(org):
    import zipfile

    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("wellness_allowance_staff.docx"))
    with org.app.app_context():
        data = db.session().scalar(select(Report)).data
    finding = next(f for f in data["findings"] if f["quote"])
    assert writer.post(f"/arenden/{case_id}/utkast/1/avfarda",
                data={"finding": finding["id"], "reason": "Gäller fordon, inte människor."}).status_code == 302

    def comments(url):
        r = writer.get(url)
        assert r.status_code == 200
        with zipfile.ZipFile(io.BytesIO(r.data)) as z:
            return z.read("word/comments.xml").decode("utf-8")

    marked = comments(f"/arenden/{case_id}/utkast/1/kommenterad.docx")
    assert "Avfärdad som inte relevant" in marked and "Gäller fordon, inte människor." in marked
    omitted = comments(f"/arenden/{case_id}/utkast/1/kommenterad.docx?avfardade=utelamna")
    assert "Avfärdad" not in omitted and omitted.count("<w:comment ") == marked.count("<w:comment ") - 1
    page = text(writer.get(f"/arenden/{case_id}/utkast/1"))
    assert "utan avfärdade anmärkningar" in page


def test_case_facts_can_be_corrected_and_a_draft_deleted(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    r = writer.post(f"/arenden/{case_id}/andra", data={
        "diarienummer": "RS 2026/9", "title": "Nya busslinjer i norr",
        "committee": str(org.committees["B"]), "meeting_date": "2026-03-04"})
    assert r.status_code == 302
    page = text(writer.get(f"/arenden/{case_id}"))
    assert "RS 2026/9" in page and "Nya busslinjer i norr" in page and "2026-03-04" in page
    # a submitted case cannot be changed or deleted
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    assert writer.post(f"/arenden/{case_id}/andra", data={
        "diarienummer": "X", "title": "Y", "committee": str(org.committees["A"])}).status_code == 302
    assert writer.post(f"/arenden/{case_id}/ta-bort").status_code == 302
    with org.app.app_context():
        case = db.session().get(Case, case_id)
        assert case is not None and case.diarienummer == "RS 2026/9"
    # a draft that was never submitted is deleted with its drafts and reports; the log keeps it
    other = create_case(writer, org.committees["A"])
    upload(writer, other, sample("bus_routes_weak.docx"))
    assert org.client("bo").post(f"/arenden/{other}/ta-bort").status_code == 404
    assert writer.post(f"/arenden/{other}/ta-bort").status_code == 302
    with org.app.app_context():
        session = db.session()
        assert session.get(Case, other) is None
        assert session.scalar(select(func.count()).select_from(Revision)
                              .where(Revision.case_id == other)) == 0
        actions = session.scalars(select(AuditEvent.action)).all()
        assert "case_updated" in actions and "case_deleted" in actions


def test_one_form_records_all_seven_verdicts_validated_together(org):
    from jamcheck.ruleset import CRITERIA

    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    secretary = org.client("sara")
    data = {f"{c}-verdict": "agree" for c in CRITERIA}
    data["measures-verdict"] = "2"  # an override without a comment
    r = secretary.post(f"/granskning/{case_id}/bedomningar", data=data)
    assert r.status_code == 400 and "Skriv en kommentar" in text(r)
    assert count(org.app, Verdict) == 0  # nothing saved while one has an error
    data["measures-comment"] = "Åtgärden saknar tidplan."
    r = secretary.post(f"/granskning/{case_id}/bedomningar", data=data)
    assert r.status_code == 302 and count(org.app, Verdict) == 7
    assert secretary.post(f"/granskning/{case_id}/bedomningar", data=data).status_code == 302  # unchanged: no new rows
    assert count(org.app, Verdict) == 7


def test_resubmitted_case_shows_the_return_message_and_what_changed(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    secretary = org.client("sara")
    assert secretary.post(f"/granskning/{case_id}/aterskicka",
                   data={"message": "Beskriv konsekvenserna för kvinnor och män."}).status_code == 302
    upload(writer, case_id, sample("bus_routes_strong.docx"))
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    page = text(secretary.get(f"/granskning/{case_id}"))
    assert "Beskriv konsekvenserna för kvinnor och män." in page
    assert "Förändring sedan återskickningen (utkast 1 → 2)" in page and "bättre" in page


def test_pdf_shows_the_case_state_with_who_and_when(org):
    from pypdf import PdfReader

    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    org.client("sara").post(f"/granskning/{case_id}/godkann")
    r = writer.get(f"/arenden/{case_id}/utkast/1/rapport.pdf")
    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(r.data)).pages)
    assert "Status" in pdf_text and "Godkänt" in pdf_text and "av Sara" in pdf_text


def test_confirmed_assessment_is_what_queue_pdf_and_dashboard_show(org):
    """An override counts: the approved list, the case page, the PDF and the dashboard's CSV
    show the confirmed figures with the checker's beside them; the stored report is unchanged."""
    from pypdf import PdfReader

    from jamcheck.criteria import CRITERIA, total

    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    with org.app.app_context():
        report = db.session().scalar(select(Report).where(Report.case_id == case_id))
        before, checker = report.data, {c: report.score(c) for c in CRITERIA}
    lifted = next(c for c in CRITERIA if checker[c] == 1)
    confirmed = dict(checker, **{lifted: 3})
    want, was = total(confirmed.values())["percent"], total(checker.values())["percent"]
    assert want != was
    secretary = org.client("sara")
    data = {f"{c}-verdict": "agree" for c in CRITERIA}
    data.update({f"{lifted}-verdict": "3", f"{lifted}-comment": "Åtgärderna finns i bilaga 2."})
    assert secretary.post(f"/granskning/{case_id}/bedomningar", data=data).status_code == 302
    page = text(secretary.get(f"/granskning/{case_id}"))
    assert f"Fastställd bedömning: {want} %" in page and f"jamchecks egen bedömning: {was} %" in page
    assert secretary.post(f"/granskning/{case_id}/godkann").status_code == 302
    queue = text(secretary.get("/granskning/?status=approved"))
    assert f"{want} % fastställt" in queue and f"jamcheck {was} %" in queue
    assert f"Fastställd bedömning: {want} %" in text(writer.get(f"/arenden/{case_id}"))
    r = writer.get(f"/arenden/{case_id}/utkast/1/rapport.pdf")
    pdf_text = " ".join(" ".join(p.extract_text().split())
                        for p in PdfReader(io.BytesIO(r.data)).pages)
    assert f"Fastställd bedömning: {want} %" in pdf_text and f"Enligt jamcheck: {was} %" in pdf_text
    admin = org.client("ada")

    def average(basis: str) -> str:
        body = admin.get(f"/admin/export.csv{basis}").get_data().decode("utf-8-sig")
        rows = [line.split(";") for line in body.splitlines()]
        return next(r[6] for r in rows if r[0] == "Genomsnittligt resultat" and r[2] != "Nämnd")

    assert average("") == f"{want},0" and average("?underlag=jamcheck") == f"{was},0"
    assert "Fastställd bedömning där den finns" in text(admin.get("/admin/"))
    with org.app.app_context():
        report = db.session().scalar(select(Report).where(Report.case_id == case_id))
        assert report.data == before and report.total == was  # the checker's report is kept


def test_services_keep_the_case_current_within_one_session(org):
    """A script or command that uploads and submits in one database session sees each new
    draft as the case's latest (the session keeps objects across commits)."""
    from jamcheck.web import services
    from jamcheck.web.models import User

    with org.app.app_context():
        session = db.session()
        anna = session.get(User, org.users["anna"])
        case = services.create_case(session, anna, diarienummer="RS 5", title="Två utkast",
                                    committee_id=org.committees["A"])
        for number, name in enumerate(("bus_routes_weak.docx", "bus_routes_strong.docx"), 1):
            services.add_revision(session, case, anna, name, sample(name))
            assert case.latest.number == number and case.latest.filename == name
        services.transition(session, case, anna, "submit")
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "case_submit")).one()
        assert event.detail["revision"] == 2
