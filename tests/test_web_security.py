"""Security of the web app: user text is escaped, cookies are HttpOnly/SameSite, production
refuses to start without a secret key, ids cannot be walked, downloads are attachments."""

from __future__ import annotations

import docxfactory
import pytest
from sqlalchemy import select
from websupport import create_case, make_app, make_org, upload

from jamcheck.web import create_app
from jamcheck.web.config import ConfigError

SCRIPT = '<script>alert("x")</script>'


def test_document_text_with_script_is_shown_as_text(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"], title=f"Rubrik {SCRIPT}")
    content = docxfactory.plain([
        f"Invånarna i kommunen berörs {SCRIPT} av förslaget.",
        "Ärendet bedöms inte påverka jämställdheten."], {0: "Ärendet"})
    assert upload(writer, case_id, content, f"x{SCRIPT}.docx").status_code == 302
    for url in (f"/arenden/{case_id}", f"/arenden/{case_id}/utkast/1", "/arenden"):
        body = writer.get(url).get_data(as_text=True)
        assert SCRIPT not in body, url
        assert "&lt;script&gt;" in body, url
    writer.post(f"/arenden/{case_id}/skicka-in")
    for url in (f"/granskning/{case_id}", "/granskning/"):
        body = org.client("sara").get(url).get_data(as_text=True)
        assert SCRIPT not in body


def test_session_cookie_flags(org):
    client = org.app.test_client()
    response = client.post("/logga-in", data={"username": "anna",
                                               "password": "rätt-lösenord-123"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development; see the production test


def test_production_needs_a_secret_key_and_uses_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.delenv("JAMCHECK_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="JAMCHECK_SECRET_KEY"):
        create_app({"PRODUCTION": True, "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite"})
    monkeypatch.setenv("JAMCHECK_SECRET_KEY", "a-real-secret-from-configuration")
    monkeypatch.setenv("JAMCHECK_PRODUCTION", "1")
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "a-real-secret-from-configuration"


def test_ids_cannot_be_walked_to_other_peoples_cases(org):
    anna = org.client("anna")
    ids = [create_case(anna, org.committees["A"], diarienummer=f"RS {i}") for i in range(3)]
    for case_id in ids:
        upload(anna, case_id, docxfactory.plain(["Invånarna berörs av förslaget."]))
    bo = org.client("bo")
    for case_id in range(1, max(ids) + 3):
        for url in (f"/arenden/{case_id}", f"/arenden/{case_id}/utkast/1",
                    f"/arenden/{case_id}/utkast/1/rapport.pdf",
                    f"/arenden/{case_id}/utkast/1/original.docx"):
            assert bo.get(url).status_code == 404, url


def test_downloads_are_attachments_with_a_safe_name(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"], diarienummer='RS 2026/1"; x=../../etc')
    upload(writer, case_id, docxfactory.plain(["Invånarna berörs av förslaget."]),
           '../../"ond fil".docx')
    for url in ("rapport.pdf", "kommenterad.docx", "original.docx"):
        disposition = writer.get(f"/arenden/{case_id}/utkast/1/{url}").headers[
            "Content-Disposition"]
        assert disposition.startswith("attachment; filename=")
        name = disposition.removeprefix("attachment; filename=")
        assert not any(ch in name for ch in '/\\";'), name  # no path, no header injection


def test_ids_past_the_database_range_are_404_not_500(org):
    big = 10**20
    for user in ("anna", "ada"):
        client = org.client(user)
        for url in (f"/arenden/{big}", f"/arenden/1/utkast/{big}", f"/granskning/{big}",
                    f"/admin/anvandare/{big}", f"/konto/api-nycklar?anvandare={big}"):
            assert client.get(url).status_code in (403, 404), (user, url)


def test_form_messages_are_swedish(org):
    writer = org.client("anna")
    body = writer.post("/arenden/nytt", data={
        "diarienummer": "RS 1", "title": "T", "committee": "999",
        "meeting_date": "2026-99-99"}).get_data(as_text=True)
    assert "Inte ett giltigt val" in body and "Inte ett giltigt datum" in body
    assert "Not a valid" not in body


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    return cookie.value if cookie is not None else ""


def _replay(org, cookie: str) -> int:
    fresh = org.app.test_client()
    fresh.set_cookie("session", cookie)
    return fresh.get("/arenden").status_code


@pytest.mark.parametrize("how", ["logout", "password", "deactivation"])
def test_a_copied_session_cookie_ends_with_logout_password_change_and_deactivation(tmp_path, how):
    """Logout, a new password and deactivation end every session of the user (a per-user
    session version); a new password also revokes the user's API tokens."""
    from jamcheck.web import db, tokens
    from jamcheck.web.models import User

    org = make_org(make_app(tmp_path))
    writer = org.client("anna")
    cookie = _session_cookie(writer)
    assert cookie and _replay(org, cookie) == 200
    with org.app.app_context():
        session = db.session()
        anna = session.scalar(select(User).where(User.username == "anna"))
        _row, token = tokens.create(session, anna, "t", anna)
        anna_id = anna.id
    admin = org.client("ada")
    if how == "logout":
        writer.post("/logga-ut")
    elif how == "password":
        admin.post(f"/admin/anvandare/{anna_id}", data={
            "name": "Anna Andersson", "role": "writer", "password": "ett-nytt-losenord-1",
            "active": "y"})
    else:
        admin.post(f"/admin/anvandare/{anna_id}", data={"name": "Anna Andersson", "role": "writer"})
        admin.post(f"/admin/anvandare/{anna_id}", data={
            "name": "Anna Andersson", "role": "writer", "active": "y"})  # and reactivated
    assert _replay(org, cookie) in (302, 401)  # back to the login page
    api = org.app.test_client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == (401 if how == "password" else 200)


@pytest.mark.parametrize("url", ["/admin/?fran=9999-12", "/admin/?till=9999-12",
                                 "/admin/export.csv?fran=9999-12", "/admin/?fran=٢٠٢٤-٠١"])
def test_far_months_are_a_swedish_400(tmp_path, url):
    org = make_org(make_app(tmp_path))
    r = org.client("ada").get(url)
    assert r.status_code == 400 and "ÅÅÅÅ-MM" in r.get_data(as_text=True)


def test_deeply_nested_json_is_a_swedish_400(tmp_path):
    from jamcheck.web import db, tokens
    from jamcheck.web.models import User

    org = make_org(make_app(tmp_path))
    with org.app.app_context():
        session = db.session()
        anna = session.scalar(select(User).where(User.username == "anna"))
        _row, token = tokens.create(session, anna, "t", anna)
    r = org.app.test_client().post(
        "/api/v1/cases", data="[" * 100_000 + "]" * 100_000,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.get_json()["error"]["message"]


def test_csrf_token_is_rotated_at_login(tmp_path):
    from websupport import csrf_token

    org = make_org(make_app(tmp_path, csrf=True))
    client = org.app.test_client()
    before = csrf_token(client.get("/logga-in").get_data(as_text=True))
    r = client.post("/logga-in", data={"username": "anna", "password": "rätt-lösenord-123",
                                       "csrf_token": before})
    assert r.status_code == 302
    after = csrf_token(client.get("/konto/api-nycklar").get_data(as_text=True))
    with client.session_transaction() as session:
        raw_after = session.get("csrf_token")
    assert after and raw_after and after != before
    # the token from before login is no longer accepted
    r = client.post("/logga-ut", data={"csrf_token": before})
    assert r.status_code == 400


@pytest.mark.parametrize("url", ["/arenden/١", "/arenden/01", "/arenden/0"])
def test_ids_are_plain_ascii_numbers(tmp_path, url):
    org = make_org(make_app(tmp_path))
    writer = org.client("anna")
    create_case(writer, org.committees["A"])
    assert writer.get("/arenden/1").status_code == 200
    assert writer.get(url).status_code == 404


def test_hsts_in_production_only(tmp_path):
    app = make_app(tmp_path)
    assert "Strict-Transport-Security" not in app.test_client().get("/logga-in").headers
    app.config["PRODUCTION"] = True
    assert app.test_client().get("/logga-in").headers["Strict-Transport-Security"].startswith(
        "max-age=")


def test_one_size_rule_for_the_web_form_and_the_api(tmp_path):
    """A file just over the limit (the request with its framing under the request limit) is
    refused by both, with the same 413."""
    from jamcheck.web import db, tokens
    from jamcheck.web.models import User

    org = make_org(make_app(tmp_path))
    limit = org.app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    data = docxfactory.plain(["Ärendet gäller kvinnor och män."])
    padded = data + b" " * (limit + 1000 - len(data))  # trailing bytes after the zip
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    assert upload(writer, case_id, padded).status_code == 413
    with org.app.app_context():
        session = db.session()
        anna = session.scalar(select(User).where(User.username == "anna"))
        _row, token = tokens.create(session, anna, "t", anna)
    import io
    r = org.app.test_client().post(
        "/api/v1/check", headers={"Authorization": f"Bearer {token}"},
        content_type="multipart/form-data", data={"file": (io.BytesIO(padded), "u.docx")})
    assert r.status_code == 413
