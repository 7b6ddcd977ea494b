"""Notifications: in the app, and by e-mail through a real SMTP server (aiosmtpd) started by
the tests; a mail server that is down never makes a user action fail."""

from __future__ import annotations

import datetime as dt
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from websupport import create_case, make_app, make_org, sample, upload

from jamcheck.web import db, notify
from jamcheck.web.models import Notification, User


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content,
                                                                    policy=policy.default)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def org_with_mail(tmp_path, port: int):
    org = make_org(make_app(tmp_path, SMTP_URL=f"smtp://127.0.0.1:{port}",
                            MAIL_FROM="jamcheck@region.se", BASE_URL="https://jamcheck.region.se"))
    with org.app.app_context():
        session = db.session()
        for username in ("anna", "sara"):
            session.get(User, org.users[username]).email = f"{username}@region.se"
        session.commit()
    return org


def text(response) -> str:
    import html
    return html.unescape(response.get_data(as_text=True))


def test_submit_return_approve_tell_the_right_people_in_the_app_and_by_mail(tmp_path, smtp):
    controller, inbox = smtp
    org = org_with_mail(tmp_path, controller.port)
    writer, secretary = org.client("anna"), org.client("sara")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    writer.post(f"/arenden/{case_id}/skicka-in")
    # the committee's secretary is told, in the app (unread, on the start page) and by e-mail
    assert [to for to, _ in inbox.messages] == [["sara@region.se"]]
    mail = inbox.messages[0][1]
    assert mail["Subject"].startswith("jamcheck: Inskickat för granskning: RS 2026/1")
    assert f"https://jamcheck.region.se/granskning/{case_id}" in mail.get_content()
    queue = text(secretary.get("/granskning/"))
    assert "Nya aviseringar" in queue and "Inskickat för granskning" in queue
    assert 'class="count">1<span class="visually-hidden"> olästa' in queue
    assert "Nya aviseringar" not in text(org.client("sven").get("/granskning/"))  # committee B
    secretary.post(f"/granskning/{case_id}/aterskicka",
                   data={"message": "Beskriv konsekvenserna för kvinnor och män."})
    assert inbox.messages[-1][0] == ["anna@region.se"]
    assert "Beskriv konsekvenserna för kvinnor och män." in inbox.messages[-1][1].get_content()
    start = text(writer.get("/arenden"))
    assert "Återskickat för komplettering" in start and "Beskriv konsekvenserna" in start
    # opening the notification marks it read and leads to the case
    with org.app.app_context():
        row = db.session().scalar(select(Notification).where(
            Notification.user_id == org.users["anna"]))
        nid = row.id
    r = writer.get(f"/aviseringar/{nid}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/arenden/{case_id}")
    assert "Nya aviseringar" not in text(writer.get("/arenden"))
    assert org.client("bo").get(f"/aviseringar/{nid}").status_code == 404  # not bo's
    writer.post(f"/arenden/{case_id}/skicka-in")
    secretary.post(f"/granskning/{case_id}/godkann")
    assert inbox.messages[-1][1]["Subject"].startswith("jamcheck: Godkänt för nämnden")
    assert len(inbox.messages) == 4
    page = text(writer.get("/aviseringar"))
    assert "Godkänt för nämnden" in page and "Återskickat för komplettering" in page


def test_a_user_can_turn_email_off(tmp_path, smtp):
    controller, inbox = smtp
    org = org_with_mail(tmp_path, controller.port)
    secretary = org.client("sara")
    r = secretary.post("/konto", data={"email": "inte en adress"})
    assert r.status_code == 400 and "Skriv en e-postadress" in text(r)
    assert secretary.post("/konto", data={"email": "sara@region.se"}).status_code == 302
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    writer.post(f"/arenden/{case_id}/skicka-in")
    assert inbox.messages == []  # e-mail off (the box left unticked), still told in the app
    assert "Inskickat för granskning" in text(secretary.get("/aviseringar"))


def test_a_mail_server_that_is_down_fails_nothing_and_is_retried(tmp_path, smtp):
    controller, inbox = smtp
    port = free_port()  # nothing listens here
    org = org_with_mail(tmp_path, port)
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    r = writer.post(f"/arenden/{case_id}/skicka-in")
    assert r.status_code == 302  # the action succeeded
    with org.app.app_context():
        session = db.session()
        row = session.scalar(select(Notification))
        assert row.mail_state == "pending" and row.mail_attempts == 1 and row.mail_error
        # the server comes back (the configured one now points at the running server)
        org.app.config["SMTP"] = notify.SmtpSettings("127.0.0.1", controller.port, "plain",
                                                     None, None, "jamcheck@region.se")
        assert notify.send_pending(session) == {"sent": 0, "failed": 0}  # not due yet
        later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=2)
        assert notify.send_pending(session, now=later) == {"sent": 1, "failed": 0}
        assert session.get(Notification, row.id).mail_state == "sent"
    assert [to for to, _ in inbox.messages] == [["sara@region.se"]]


def test_without_smtp_no_mail_and_no_error(tmp_path):
    org = make_org(make_app(tmp_path))
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    upload(writer, case_id, sample("bus_routes_weak.docx"))
    assert writer.post(f"/arenden/{case_id}/skicka-in").status_code == 302
    with org.app.app_context():
        row = db.session().scalar(select(Notification))
        assert row.mail_state == "none" and row.user_id == org.users["sara"]
    page = text(org.client("sara").get("/konto"))
    assert "Organisationen har inte slagit på e-post" in page


def test_bad_smtp_url_stops_the_app_with_a_swedish_message(tmp_path):
    from jamcheck.web.config import ConfigError

    with pytest.raises(ConfigError, match="JAMCHECK_SMTP_URL ska se ut som"):
        make_app(tmp_path, SMTP_URL="http://mail.region.se")
