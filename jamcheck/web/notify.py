"""Who is told when a case changes state, in the app and by e-mail.

A submitted case tells its committee's secretaries; a returned case tells its writer, with
the secretary's message; an approved case tells its writer. `record` adds the notifications
inside the transaction that changes the case. `send_pending` sends the e-mails afterwards,
outside any transaction, when the organisation has configured SMTP (JAMCHECK_SMTP_URL):
a mail server that is down or refuses never makes the user's action fail. The failure is
logged and the e-mail tried again later, by the next action that sends e-mail or by
`flask jamcheck send-notifications` from cron, with a growing wait, up to MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .models import Case, Notification, User, committee_secretaries, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BATCH = 50  # e-mails sent per call, so that one action never waits for a long queue
TIMEOUT = 10  # seconds per connection to the mail server


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    mode: str  # "plain", "starttls" or "ssl"
    username: str | None
    password: str | None
    sender: str

    @classmethod
    def parse(cls, url: str, sender: str) -> SmtpSettings:
        """From "smtp://host:25", "smtp+starttls://user:pass@host:587" or
        "smtps://user:pass@host:465"; raises ValueError with a Swedish message."""
        parts = urlsplit(url)
        modes = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("ssl", 465)}
        if parts.scheme not in modes or not parts.hostname:
            raise ValueError("JAMCHECK_SMTP_URL ska se ut som smtp://värd:25, "
                             "smtp+starttls://användare:lösenord@värd:587 eller smtps://värd:465.")
        mode, port = modes[parts.scheme]
        return cls(parts.hostname, parts.port or port, mode,
                   unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None, sender)


def settings() -> SmtpSettings | None:
    """The configured mail server, or None when e-mail is not configured."""
    if not has_app_context():
        return None
    return current_app.config.get("SMTP")


def _recipients(db: Session, case: Case, action: str) -> list[User]:
    if action == "submit":
        users = db.scalars(select(User).join(committee_secretaries,
                                             committee_secretaries.c.user_id == User.id)
                           .where(committee_secretaries.c.committee_id == case.committee_id,
                                  User.active == True)).all()
        return list(users)
    return [case.owner] if case.owner.active else []


def _link(case: Case, action: str) -> str:
    return f"/granskning/{case.id}" if action == "submit" else f"/arenden/{case.id}"


def _text(case: Case, action: str, actor: User, message: str | None) -> tuple[str, str]:
    name = f"{case.diarienummer} {case.title}"
    if action == "submit":
        subject = f"Inskickat för granskning: {name}"
        body = (f"{actor.name} har skickat in ärendet {name} till {case.committee.name}"
                f"{' inför sammanträdet ' + case.meeting_date.isoformat() if case.meeting_date else ''}."
                " Ärendet väntar på din granskning.")
    elif action == "return":
        subject = f"Återskickat för komplettering: {name}"
        body = (f"{actor.name} har återskickat ärendet {name} för komplettering.\n\n"
                f"Meddelande: {message or '(inget meddelande)'}\n\n"
                "Ladda upp ett nytt utkast och skicka in ärendet igen.")
    else:
        subject = f"Godkänt för nämnden: {name}"
        body = f"{actor.name} har godkänt ärendet {name} för {case.committee.name}."
    return subject, body


def record(db: Session, case: Case, action: str, actor: User, message: str | None = None,
           ) -> list[Notification]:
    """Add the notifications of a state change (the caller commits)."""
    if action not in ("submit", "return", "approve"):
        return []
    subject, body = _text(case, action, actor, message)
    mail = settings() is not None
    rows = []
    for user in _recipients(db, case, action):
        if user.id == actor.id:
            continue  # nobody is told what they did themselves
        wants_mail = mail and bool(user.email) and user.notify_email
        row = Notification(user_id=user.id, case_id=case.id, kind=action, subject=subject,
                           body=body, link=_link(case, action),
                           mail_state="pending" if wants_mail else "none")
        db.add(row)
        rows.append(row)
    return rows


def _base_url() -> str:
    configured = current_app.config.get("BASE_URL") if has_app_context() else None
    if configured:
        return configured.rstrip("/")
    return request.host_url.rstrip("/") if has_request_context() else ""


def _message(row: Notification, sender: str, base_url: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = f"jamcheck: {row.subject}"
    msg["From"] = sender
    msg["To"] = row.user.email
    link = f"{base_url}{row.link}" if base_url else row.link
    msg.set_content(f"Hej {row.user.name},\n\n{row.body}\n\nÖppna ärendet: {link}\n\n"
                    "Du får det här meddelandet från jamcheck. Du kan stänga av e-post om "
                    "ärenden under Mitt konto.\n")
    return msg


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    if smtp.mode == "ssl":
        server = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT,
                                  context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
        if smtp.mode == "starttls":
            server.starttls(context=ssl.create_default_context())
    if smtp.username:
        server.login(smtp.username, smtp.password or "")
    return server


def send_pending(db: Session, now: dt.datetime | None = None) -> dict[str, int]:
    """Send the e-mails that are due; never raises. Returns counts of sent and failed."""
    counts = {"sent": 0, "failed": 0}
    smtp = settings()
    if smtp is None:
        return counts
    now = now or utcnow()
    try:
        rows = db.scalars(select(Notification).where(
            Notification.mail_state == "pending",
            or_(Notification.mail_next_at.is_(None), Notification.mail_next_at <= now))
            .order_by(Notification.id).limit(BATCH)).all()
    except Exception:  # the database itself is unavailable: nothing to do now
        log.exception("Aviseringar kunde inte läsas från databasen")
        return counts
    if not rows:
        return counts
    base_url = _base_url()
    server = None
    for row in rows:
        try:
            if not row.user.email or not row.user.notify_email:
                row.mail_state = "none"  # the user removed the address or turned e-mail off
                continue
            if server is None:
                server = _connect(smtp)
            server.send_message(_message(row, smtp.sender, base_url))
            row.mail_state, row.mail_error, row.mail_next_at = "sent", None, None
            counts["sent"] += 1
        except (OSError, smtplib.SMTPException) as exc:
            row.mail_attempts += 1
            row.mail_error = f"{type(exc).__name__}: {exc}"[:1000]
            if row.mail_attempts >= MAX_ATTEMPTS:
                row.mail_state = "failed"
            else:  # 1, 2, 4, 8, 16 minutes
                row.mail_next_at = now + dt.timedelta(minutes=2 ** (row.mail_attempts - 1))
            counts["failed"] += 1
            log.warning("E-post om avisering %s kunde inte skickas (försök %s): %s",
                        row.id, row.mail_attempts, row.mail_error)
            server = _close(server)
    _close(server)
    try:
        db.commit()
    except Exception:
        db.rollback()
        log.exception("Aviseringarnas e-poststatus kunde inte sparas")
    return counts


def _close(server) -> None:
    if server is not None:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            pass


def unread_count(db: Session, user: User) -> int:
    return db.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def latest(db: Session, user: User, limit: int = 50) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.user_id == user.id)
                           .order_by(Notification.id.desc()).limit(limit)).all())


def unread(db: Session, user: User, limit: int = 5) -> list[Notification]:
    return list(db.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))
        .order_by(Notification.id.desc()).limit(limit)).all())
