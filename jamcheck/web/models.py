"""The stored data: users, committees, cases, revisions, reports, verdicts, dismissals, audit log."""

from __future__ import annotations

import datetime as dt

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from ..criteria import CRITERIA

ROLES = {"writer": "Handläggare", "secretary": "Nämndsekreterare", "admin": "Administratör"}
STATES = {"draft": "Utkast", "submitted": "Inskickat", "returned": "Återskickat för komplettering",
          "approved": "Godkänt"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


committee_secretaries = Table(
    "committee_secretaries", Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("committee_id", ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # part of every session's id: raised by logout, a password change and deactivation, which
    # so end every session of the user (a replayed cookie no longer loads the user)
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    email: Mapped[str | None] = mapped_column(String(254))
    # "<issuer>|<subject>" of a user who logs in with the organisation's identity provider
    sso_subject: Mapped[str | None] = mapped_column(String(500), unique=True)
    # whether the user's notifications are also sent by e-mail (the user's own choice)
    notify_email: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    committees: Mapped[list[Committee]] = relationship(
        secondary=committee_secretaries, back_populates="secretaries", order_by="Committee.name")

    def get_id(self) -> str:  # Flask-Login: what the session cookie holds
        return f"{self.id}.{self.session_version}"

    def end_sessions(self) -> None:
        """End every session of this user (the caller commits)."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated users cannot log in
        return self.active

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


class LoginThrottle(Base):
    """Failed logins of one account from one client (key: SHA-256 of both), counted with an
    atomic increment; a client that fails too often waits, other clients are not affected."""
    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Committee(Base):
    __tablename__ = "committees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    secretaries: Mapped[list[User]] = relationship(
        secondary=committee_secretaries, back_populates="committees", order_by="User.name")


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    diarienummer: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    meeting_date: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    return_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    committee: Mapped[Committee] = relationship()
    owner: Mapped[User] = relationship()
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="case", order_by="Revision.number")

    __table_args__ = (Index("ix_cases_committee_state", "committee_id", "state", "meeting_date"),
                      Index("ix_cases_owner", "owner_id"))

    @property
    def state_name(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def latest(self) -> Revision | None:
        return self.revisions[-1] if self.revisions else None


class Revision(Base):
    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    number: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    blocks: Mapped[list | None] = deferred(mapped_column(JSON))  # block texts, for highlighting
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    case: Mapped[Case] = relationship(back_populates="revisions")
    uploaded_by: Mapped[User] = relationship()
    reports: Mapped[list[Report]] = relationship(
        back_populates="revision", order_by="Report.id")

    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_revision_number"),)

    @property
    def report(self) -> Report | None:
        """The current report (the latest check of this revision)."""
        return self.reports[-1] if self.reports else None


class Report(Base):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    month: Mapped[dt.date] = mapped_column(Date)  # first day of the revision's upload month
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    rules_version: Mapped[str] = mapped_column(String(80))
    jamcheck_version: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = deferred(mapped_column(JSON))
    total: Mapped[int | None] = mapped_column(Integer)
    applicable: Mapped[int] = mapped_column(Integer)
    concerns_people: Mapped[bool] = mapped_column(Boolean)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    # Counts in the statistics: current report of the case's last revision in its month.
    in_stats: Mapped[bool] = mapped_column(Boolean, default=True)
    revision: Mapped[Revision] = relationship(back_populates="reports")

    __table_args__ = (Index("ix_reports_stats", "in_stats", "month", "committee_id"),
                      Index("ix_reports_revision", "revision_id"))

    def score(self, criterion: str) -> int | None:
        return getattr(self, f"score_{criterion}")


for _criterion in CRITERIA:  # one aggregatable column per criterion
    setattr(Report, f"score_{_criterion}", mapped_column(f"score_{_criterion}", Integer))

# The dashboard reads every column it aggregates from this index alone (migration 0003).
Index("ix_reports_dashboard", *(Report.__table__.c[name] for name in (
    "in_stats", "month", "committee_id", "total", *[f"score_{c}" for c in CRITERIA])))


# The figures of one month, committee and basis, summed over the reports that count in the
# statistics: what the dashboard reads, kept in step with the reports by web/monthly.py.
MONTHLY_COUNTS = ("cases", "n_total", "sum_total",
                  *[f"{c}__{k}" for c in CRITERIA for k in ("n", "met", "missing")])


class MonthlyFigures(Base):
    """Per month, committee and basis ("checker": the checker's scores; "confirmed": the
    secretary's confirmed assessment where there is one): the number of cases, the count and
    sum of their totals, and per criterion how many it applies to, meet it (3) and miss it (1).
    Each row is rebuilt from the reports whenever something in it changes (web/monthly.py)."""
    __tablename__ = "monthly_figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    basis: Mapped[str] = mapped_column(String(12))

    __table_args__ = (UniqueConstraint("month", "committee_id", "basis", name="uq_monthly_figures"),)


for _count in MONTHLY_COUNTS:
    setattr(MonthlyFigures, _count, mapped_column(_count, BigInteger, default=0, nullable=False))


class Verdict(Base):
    __tablename__ = "verdicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    criterion: Mapped[str] = mapped_column(String(60))
    agree: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[int | None] = mapped_column(Integer)  # the secretary's score when overriding
    comment: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_verdicts_revision", "revision_id", "criterion"),)


class ConfirmedAssessment(Base):
    """The secretary's confirmed assessment of a revision (fastställd bedömning): per
    criterion the secretary's score where they overrode the checker, the checker's where they
    agreed or gave no verdict, and its total. Kept beside the checker's report, which is never
    changed; rebuilt whenever a verdict is recorded."""
    __tablename__ = "confirmed_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    total: Mapped[int | None] = mapped_column(Integer)
    applicable: Mapped[int] = mapped_column(Integer)
    overridden: Mapped[int] = mapped_column(Integer)  # criteria where the secretary overrode
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_by: Mapped[User] = relationship()

    def score(self, criterion: str) -> int | None:
        return getattr(self, f"score_{criterion}")

    @property
    def scores(self) -> dict[str, int | None]:
        return {c: self.score(c) for c in CRITERIA}


for _criterion in CRITERIA:
    setattr(ConfirmedAssessment, f"score_{_criterion}",
            mapped_column(f"score_{_criterion}", Integer))


class Dismissal(Base):
    """A writer's "not relevant" on a finding, remembered by rule and passage across revisions."""
    __tablename__ = "dismissals"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    rule_id: Mapped[str] = mapped_column(String(120))
    criterion: Mapped[str] = mapped_column(String(60))
    quote_key: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user: Mapped[User] = relationship()

    __table_args__ = (UniqueConstraint("case_id", "rule_id", "quote_key", name="uq_dismissal"),
                      Index("ix_dismissals_rule", "rule_id"))


class Setting(Base):
    """An administrator's setting, such as the retention period for stored drafts."""
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ApiToken(Base):
    """A personal API token; only its SHA-256 is stored, the token itself is shown once."""
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    user: Mapped[User] = relationship()


class AuditEvent(Base):
    """Who did what and when; never document text."""
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict | None] = mapped_column(JSON)
    user: Mapped[User | None] = relationship()
    case: Mapped[Case | None] = relationship()

    __table_args__ = (Index("ix_audit_case", "case_id", "at"),)


class Notification(Base):
    """Something a user is told about a case (submitted, returned, approved): shown in the
    app until read, and sent by e-mail after the change is committed when the organisation
    has configured SMTP and the user wants e-mail (mail_state: none, pending, sent, failed)."""
    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    mail_state: Mapped[str] = mapped_column(String(10), default="none")
    mail_attempts: Mapped[int] = mapped_column(Integer, default=0)
    mail_next_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    mail_error: Mapped[str | None] = mapped_column(Text)
    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_notifications_user", "user_id", "read_at"),
                      Index("ix_notifications_mail", "mail_state", "mail_next_at"))


class OrgSettingsVersion(Base):
    """One version of the organisation's own settings (jamcheck.settings.OrgSettings as its
    dict): the latest is in force, the earlier ones explain the reports checked with them."""
    __tablename__ = "org_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    data: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by: Mapped[User | None] = relationship()


class SsoGroupMapping(Base):
    """A group of the identity provider and what it gives in jamcheck: a role, a committee
    (for secretaries), or both. Applied at every single sign-on."""
    __tablename__ = "sso_group_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(20))
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    committee: Mapped[Committee | None] = relationship()

    __table_args__ = (Index("ix_sso_group", "group"),)
