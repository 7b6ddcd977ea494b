"""When the database cannot take a write (locked, full, read-only) or a unique value was taken by
a parallel request, the user gets a Swedish page with the usual headers (503 or 409), the
session is rolled back and nothing is half-stored; reading through the API goes on."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from websupport import create_case, make_app, make_org, sample, upload

from jamcheck.web import db, tokens
from jamcheck.web.models import Case, Revision, User


@pytest.fixture
def org(tmp_path, monkeypatch):
    monkeypatch.setattr(db, "SQLITE_BUSY_SECONDS", 0.5)
    return make_org(make_app(tmp_path))


def _count(org, model) -> int:
    with org.app.app_context():
        return db.session().scalar(select(func.count()).select_from(model))


def test_a_locked_database_gives_a_swedish_503_with_the_usual_headers(org):
    writer = org.client("anna")
    path = org.app.config["DATABASE_URL"].split("///", 1)[1]
    blocker = sqlite3.connect(path, timeout=0.1)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        r = writer.post("/arenden/nytt", data={"diarienummer": "RS 9", "title": "Låst",
                                               "committee": str(org.committees["A"])})
    finally:
        blocker.rollback()
        blocker.close()
    page = r.get_data(as_text=True)
    assert r.status_code == 503 and "tillfälligt otillgänglig" in page
    assert "Content-Security-Policy" in r.headers and "Traceback" not in page
    assert _count(org, Case) == 0


@pytest.mark.parametrize("message", ["database or disk is full",
                                     "attempt to write a readonly database"])
def test_a_full_or_read_only_database_stores_nothing(org, monkeypatch, message):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])

    def refuse(self):
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError(message))

    monkeypatch.setattr(Session, "commit", refuse)
    r = upload(writer, case_id, sample("bus_routes_weak.docx"))
    monkeypatch.undo()
    assert r.status_code == 503 and "Ingenting av det du skickade" in r.get_data(as_text=True)
    assert _count(org, Revision) == 0


def test_reading_through_the_api_goes_on_when_the_token_cannot_be_stamped(org, monkeypatch):
    with org.app.app_context():
        session = db.session()
        anna = session.scalar(select(User).where(User.username == "anna"))
        _row, token = tokens.create(session, anna, "t", anna)

    def refuse(self):
        raise OperationalError("COMMIT", {}, sqlite3.OperationalError(
            "attempt to write a readonly database"))

    monkeypatch.setattr(Session, "commit", refuse)
    r = org.app.test_client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and "cases" in r.get_json()


def test_a_unique_value_taken_in_parallel_is_a_swedish_409(org):
    """Two admins creating the same user at once: the second insert violates the unique
    constraint after the form's own check passed."""
    app = org.app

    @app.route("/test/dubbel-anvandare", methods=["POST"])
    def _duplicate():
        session = db.session()
        session.add(User(username="anna", name="Anna igen", role="writer", password_hash="x"))
        session.commit()
        return "sparad"

    r = app.test_client().post("/test/dubbel-anvandare")
    assert r.status_code == 409 and "krockar med något som redan finns" in r.get_data(as_text=True)
    assert _count(org, User) == 5


def test_a_very_long_filename_is_shortened(org):
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    r = upload(writer, case_id, sample("bus_routes_weak.docx"), "å" * 10 + "x" * 300 + ".docx")
    assert r.status_code == 302
    with org.app.app_context():
        name = db.session().scalar(select(Revision.filename))
    assert len(name) <= 200 and name.endswith(".docx")
