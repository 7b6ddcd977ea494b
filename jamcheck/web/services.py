"""What the web app does to its data: store checked revisions, move cases through their states,
record verdicts and dismissals, compare reports and re-check. Views call these; these never
render anything."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
import unicodedata

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from ..checker import check_document
from ..criteria import total
from ..errors import JamcheckError
from ..ingest import read_docx
from ..ruleset import CRITERIA, RuleSet
from . import monthly, notify
from .models import (
    ApiToken,
    AuditEvent,
    Case,
    Committee,
    ConfirmedAssessment,
    Dismissal,
    Report,
    Revision,
    User,
    Verdict,
    committee_secretaries,
    utcnow,
)
from .orgsettings import current_ruleset

# --- users ----------------------------------------------------------------------------------

MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def create_user(db: Session, actor: User | None, username: str, name: str, role: str,
                password: str, committees: list[Committee] = (), active: bool = True,
                email: str | None = None) -> User:
    """A new user with a hashed password (committees only for secretaries), audited; raises
    WorkflowError with a Swedish message for a taken username or a short password."""
    username = username.strip()
    if len(password) < MIN_PASSWORD:
        raise WorkflowError(f"Lösenordet måste ha minst {MIN_PASSWORD} tecken.")
    if db.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise WorkflowError("Användarnamnet är redan upptaget.")
    user = User(username=username, name=name.strip(), role=role,
                password_hash=hash_password(password), active=active, email=email or None)
    if role == "secretary":
        user.committees = list(committees)
    db.add(user)
    db.flush()
    audit(db, actor, "user_created", user_id=user.id, username=username, role=role,
          active=active, committees=[c.id for c in user.committees])
    db.commit()
    return user


LAST_ADMIN = ("Du kan inte ta bort administratörsrollen eller avaktivera ditt eget konto, "
              "och det måste alltid finnas minst en aktiv administratör.")


def update_user(db: Session, actor: User, user: User, *, name: str, role: str,
                email: str | None, active: bool, committees: list[Committee],
                password: str | None = None) -> list[str]:
    """Change a user; returns the names of what changed (audited). An administrator cannot
    demote or deactivate themselves, and there is always an active administrator
    (WorkflowError). Deactivation and a new password end every session of the user; a new
    password also revokes the user's API tokens."""
    demotes = role != "admin" or not active
    if user.role == "admin" and user.active and demotes:
        others = db.scalar(select(func.count(User.id)).where(
            User.role == "admin", User.active == True, User.id != user.id))
        if user.id == actor.id or not others:
            raise WorkflowError(LAST_ADMIN)
    changed = []
    name, email = name.strip(), (email or "").strip() or None
    if name != user.name:
        user.name = name
        changed.append("name")
    if role != user.role:
        user.role = role
        changed.append("role")
    if email != user.email:
        user.email = email
        changed.append("email")
    if active != user.active:
        user.active = active
        user.end_sessions()
        changed.append("active")
    wanted = list(committees) if role == "secretary" else []
    if sorted(c.id for c in wanted) != sorted(c.id for c in user.committees):
        user.committees = wanted
        changed.append("committees")
    if password:
        user.password_hash = hash_password(password)
        user.end_sessions()
        for token in db.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                       ApiToken.revoked_at.is_(None))):
            token.revoked_at = utcnow()
        changed.append("password")
    if changed:
        audit(db, actor, "user_updated", user_id=user.id, username=user.username,
              changed=changed, role=user.role, active=user.active,
              committees=[c.id for c in user.committees])
        db.commit()
    return changed


# state -> {action: new state}; who may act is decided by the views.
TRANSITIONS = {
    "draft": {"submit": "submitted"},
    "returned": {"submit": "submitted"},
    "submitted": {"return": "returned", "approve": "approved"},
    "approved": {},
}
EDITABLE_STATES = ("draft", "returned")
REVIEWABLE_STATES = ("submitted",)  # where a secretary records verdicts
# what a secretary sees of their committees' cases (docs/checklist.md, roles): never a writer's draft
SECRETARY_STATES = ("submitted", "returned", "approved")


class WorkflowError(JamcheckError):
    """An action that the case's state does not allow (Swedish message)."""


def audit(db: Session, user: User | None, action: str, case: Case | None = None,
          **detail) -> None:
    """Log an action. `detail` holds ids, scores and states, never document text."""
    db.add(AuditEvent(user_id=user.id if user else None, case_id=case.id if case else None,
                      action=action, detail=detail or None))


# --- access -------------------------------------------------------------------------------

def committees_by_name(db: Session) -> list[Committee]:
    """All committees by name."""
    return list(db.scalars(select(Committee).order_by(Committee.name)))


def visible_cases(user: User):
    """A select() of the cases this user may see: own (writer), their committees' (secretary),
    all (admin)."""
    query = select(Case)
    if user.role == "admin":
        return query
    if user.role == "secretary":
        mine = select(committee_secretaries.c.committee_id).where(
            committee_secretaries.c.user_id == user.id)
        return query.where((Case.committee_id.in_(mine) & Case.state.in_(SECRETARY_STATES))
                           | (Case.owner_id == user.id))
    return query.where(Case.owner_id == user.id)


def can_see(user: User, case: Case) -> bool:
    if user.role == "admin" or case.owner_id == user.id:
        return True
    return (user.role == "secretary" and case.state in SECRETARY_STATES
            and any(c.id == case.committee_id for c in user.committees))


MAX_FILENAME = 200  # the column holds 255; a longer name is shortened, its ending kept


def upload_name(raw: str | None) -> str:
    """The name a file is stored and shown under: the writer's own ("ärende idrottshall.docx",
    å, ä, ö and spaces kept), without folders, control characters or characters that file
    systems refuse, at most MAX_FILENAME long with its ending kept. A refused file keeps its
    own ending in the message ("case11.pdf"); downloads add .docx where it is missing."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    name = " ".join(name.split()).strip(". ") or "utkast.docx"
    if len(name) > MAX_FILENAME:
        stem, dot, ending = name.rpartition(".")
        ending = ending if dot and len(ending) <= 10 else ""
        name = stem[:MAX_FILENAME - len(ending) - 1].rstrip() + ("." + ending if ending else "")
    return name


def docx_name(name: str) -> str:
    """A stored file's name for a download: ending in .docx."""
    return name if name.lower().endswith(".docx") else name + ".docx"


def read_upload(storage) -> bytes:
    """An uploaded file's bytes under the one size rule for the web form and the API (the
    file itself, not the request with its multipart framing): 413 beyond it."""
    from flask import abort, current_app
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    content = storage.read(limit + 1)
    if len(content) > limit:
        abort(413)
    return content


def require_state(case: Case, states: tuple[str, ...]) -> None:
    """Refuse (WorkflowError) an action that the case's state does not allow."""
    if case.state not in states:
        raise WorkflowError(f"Det går inte att göra detta när ärendet är "
                            f"{case.state_name.lower()}.")


def can_edit(user: User, case: Case) -> bool:
    """Upload, dismiss and submit: the case's writer (or an admin)."""
    return case.owner_id == user.id or user.role == "admin"


def can_review(user: User, case: Case) -> bool:
    if user.role == "admin":
        return True
    return (user.role == "secretary" and case.state in SECRETARY_STATES
            and any(c.id == case.committee_id for c in user.committees))


# --- revisions and reports -----------------------------------------------------------------

def month_of(when: dt.datetime | dt.date) -> dt.date:
    return dt.date(when.year, when.month, 1)


def latest_revisions():
    """A select() of the ids of each case's latest revision (with its case_id)."""
    latest = (select(Revision.case_id, func.max(Revision.number).label("n"))
              .group_by(Revision.case_id).subquery())
    return select(Revision.id, Revision.case_id).join(
        latest, (latest.c.case_id == Revision.case_id) & (latest.c.n == Revision.number))


def outdated_revisions(version: str, states: tuple[str, ...] | None = None):
    """The latest revisions (with their file) whose current report used other rules or
    settings than `version`; with `states`, only of cases in those states."""
    query = (latest_revisions().with_only_columns(Revision.id)
             .join(Report, (Report.revision_id == Revision.id) & Report.is_current)
             .where(Report.rules_version != version, Revision.purged_at.is_(None)))
    if states:
        query = query.join(Case, Case.id == Revision.case_id).where(Case.state.in_(states))
    return query.order_by(Revision.id)


def recheck_outdated(db: Session, ruleset: RuleSet, user: User | None, limit: int,
                     states: tuple[str, ...] | None = None) -> int:
    """Check up to `limit` outdated latest revisions again (outdated_revisions), committing
    each; returns how many."""
    ids = db.scalars(outdated_revisions(ruleset.version, states).limit(limit)).all()
    for revision_id in ids:
        recheck(db, db.get(Revision, revision_id), ruleset, user)
        db.commit()
    return len(ids)


# Checks running at once in one worker process (the interpreter lock lets only one run at a
# time anyway): its other threads keep serving pages, and a worker's memory stays bounded
# however many uploads arrive together (bench/hostile_load.py).
CHECKS_AT_ONCE = threading.BoundedSemaphore(int(os.environ.get("JAMCHECK_CHECKS_PER_WORKER", "1")))


def _checked(content: bytes, filename: str, ruleset: RuleSet) -> tuple:
    """The document read from `content` and its report as a dict."""
    with CHECKS_AT_ONCE:
        document = read_docx(content, filename)
        return document, check_document(document, ruleset).to_dict()


def check_only(db: Session, content: bytes, filename: str) -> dict:
    """The report of an upload that is not stored (POST /api/v1/check), with the
    organisation's settings in force."""
    return _checked(content, filename, current_ruleset(db))[1]


def report_row(revision: Revision, data: dict, committee_id: int) -> Report:
    scores = {c["id"]: c["score"] for c in data["criteria"]}
    row = Report(revision=revision, case_id=revision.case_id, committee_id=committee_id,
                 month=month_of(revision.uploaded_at), rules_version=data["rules_version"],
                 jamcheck_version=data["jamcheck_version"], data=data,
                 total=data["total"]["percent"], applicable=data["total"]["applicable"],
                 concerns_people=bool(data["concerns_people"]), is_current=True, in_stats=True)
    for criterion in CRITERIA:
        setattr(row, f"score_{criterion}", scores.get(criterion))
    return row


def add_revision(db: Session, case: Case, user: User, filename: str, content: bytes,
                 ruleset: RuleSet | None = None, when: dt.datetime | None = None) -> Revision:
    """Check the upload and store it as the case's next revision with its report, in one
    transaction. Raises UnreadableDocument (nothing stored) for a bad file."""
    if case.state not in EDITABLE_STATES:
        raise WorkflowError(f"Ärendet är {case.state_name.lower()} och kan inte få nya utkast.")
    document, data = _checked(content, filename, ruleset or current_ruleset(db))
    blocks = [block.text for block in document.blocks]
    when = when or utcnow()
    for _attempt in range(5):  # a concurrent upload may take the same number: retry
        # take the write lock before reading the last number: the case's row on PostgreSQL,
        # the database on SQLite; concurrent uploads to one case then wait here in turn
        db.execute(update(Case).where(Case.id == case.id).values(updated_at=Case.updated_at))
        number = (db.scalar(select(Revision.number).where(Revision.case_id == case.id)
                            .order_by(Revision.number.desc()).limit(1)) or 0) + 1
        revision = Revision(case_id=case.id, number=number, filename=filename,
                            sha256=hashlib.sha256(content).hexdigest(), size=len(content),
                            content=content, blocks=blocks, uploaded_by_id=user.id,
                            uploaded_at=when)
        db.add(revision)
        try:
            db.flush()
        except IntegrityError:
            db.rollback()
            continue
        break
    else:
        raise WorkflowError("Utkastet kunde inte sparas just nu. Försök igen.")
    report = report_row(revision, data, case.committee_id)
    db.add(report)
    db.flush()
    _refresh_stats(db, case.id, report.month)
    case.updated_at = when
    audit(db, user, "revision_uploaded", case, revision=number, sha256=revision.sha256,
          total=report.total, rules_version=report.rules_version)
    db.commit()
    db.expire(case, ["revisions"])  # the session keeps objects across commits: case.latest
    return revision


def _refresh_stats(db: Session, case_id: int, month: dt.date) -> None:
    """Only the current report of a case's last revision in a month counts in the statistics."""
    rows = db.execute(select(Report.id, Revision.number).join(Revision)
                      .where(Report.case_id == case_id, Report.month == month,
                             Report.is_current)).all()
    if not rows:
        return
    keep = max(rows, key=lambda r: (r.number, r.id)).id
    db.execute(update(Report).where(Report.case_id == case_id, Report.month == month)
               .values(in_stats=(Report.id == keep)))
    monthly.refresh(db, monthly.buckets_of_case(db, case_id, month))


def recheck(db: Session, revision: Revision, ruleset: RuleSet | None = None,
            user: User | None = None) -> Report | None:
    """Check a stored revision again with the current rules; the old reports are kept.
    Returns None when the file was deleted by the retention rule."""
    if revision.content is None:
        return None
    _document, data = _checked(revision.content, revision.filename,
                               ruleset or current_ruleset(db))
    db.execute(update(Report).where(Report.revision_id == revision.id)
               .values(is_current=False, in_stats=False))
    report = report_row(revision, data, revision.case.committee_id)
    db.add(report)
    db.flush()
    _refresh_stats(db, revision.case_id, report.month)
    audit(db, user, "rechecked", revision.case, revision=revision.number, total=report.total,
          rules_version=report.rules_version)
    return report


# --- workflow ------------------------------------------------------------------------------

def transition(db: Session, case: Case, user: User, action: str, message: str | None = None):
    allowed = TRANSITIONS.get(case.state, {})
    if action not in allowed:
        raise WorkflowError(f"Det går inte att göra detta när ärendet är "
                            f"{case.state_name.lower()}.")
    if action == "submit" and not case.revisions:
        raise WorkflowError("Ladda upp ett utkast innan du skickar in ärendet.")
    old = case.state
    case.state = allowed[action]
    case.updated_at = utcnow()
    if action == "return":
        case.return_message = message
    audit(db, user, f"case_{action}", case, state_from=old, state_to=case.state,
          revision=case.latest.number if case.latest else None)
    notify.record(db, case, action, user, message)
    db.commit()
    notify.send_pending(db)  # after the commit: a mail server that is down fails nothing


CASE_FIELDS = ("diarienummer", "title", "committee_id", "meeting_date")


def create_case(db: Session, user: User, *, diarienummer: str, title: str, committee_id: int,
                meeting_date: dt.date | None = None, via: str | None = None) -> Case:
    """A new draft case owned by `user`, audited; the caller has validated the fields and
    that the committee exists."""
    case = Case(diarienummer=diarienummer.strip(), title=title.strip(), committee_id=committee_id,
                meeting_date=meeting_date, owner_id=user.id, state="draft")
    db.add(case)
    db.flush()
    details = {"committee": committee_id} | ({"via": via} if via else {})
    audit(db, user, "case_created", case, **details)
    db.commit()
    return case


def update_case(db: Session, case: Case, user: User, **values) -> list[str]:
    """Correct a case's diarienummer, title, committee or meeting date while it is a draft or
    returned; returns the names of the fields that changed (the audit log records names, not
    values)."""
    require_state(case, EDITABLE_STATES)
    if db.get(Committee, values["committee_id"]) is None:
        raise WorkflowError("Nämnden finns inte.")
    changed = [k for k in CASE_FIELDS if getattr(case, k) != values[k]]
    for key in changed:
        setattr(case, key, values[key])
    if changed:
        case.updated_at = utcnow()
        audit(db, user, "case_updated", case, changed=changed)
    db.commit()
    return changed


def delete_draft_case(db: Session, case: Case, user: User) -> None:
    """Delete a case that was never submitted, with its drafts and reports; the audit log keeps
    that it existed (its events lose the link, an event records the deletion)."""
    require_state(case, ("draft",))
    case_id, revisions = case.id, len(case.revisions)
    counted = monthly.buckets_of_case(db, case_id)
    for model in (ConfirmedAssessment, Report, Verdict, Dismissal, Revision):
        db.execute(delete(model).where(model.case_id == case_id))
    monthly.refresh(db, counted)
    db.execute(update(AuditEvent).where(AuditEvent.case_id == case_id).values(case_id=None))
    db.delete(case)
    audit(db, user, "case_deleted", None, deleted_case=case_id, revisions=revisions)
    db.commit()


def record_verdict(db: Session, case: Case, revision: Revision, user: User, criterion: str,
                   agree: bool, score: int | None, comment: str | None) -> Verdict:
    verdict = _add_verdict(db, case, revision, user, criterion, agree, score, comment)
    confirm(db, revision, user)
    db.commit()
    return verdict


def _add_verdict(db: Session, case: Case, revision: Revision, user: User, criterion: str,
                 agree: bool, score: int | None, comment: str | None) -> Verdict:
    """Store and audit one verdict; the caller rebuilds the confirmed assessment and commits."""
    require_state(case, REVIEWABLE_STATES)
    if criterion not in CRITERIA:
        raise WorkflowError("Okänt kriterium.")
    if not agree and not (comment or "").strip():
        raise WorkflowError("Skriv en kommentar när du ändrar bedömningen.")
    verdict = Verdict(case_id=case.id, revision_id=revision.id, criterion=criterion,
                      agree=agree, score=None if agree else score, comment=comment or None,
                      user_id=user.id)
    db.add(verdict)
    checker = next((c["score"] for c in revision.report.data["criteria"] if c["id"] == criterion),
                   None) if revision.report is not None else None
    audit(db, user, "verdict", case, revision=revision.number, criterion=criterion,
          agree=agree, score=verdict.score, checker_score=checker)
    db.flush()
    return verdict


def record_verdicts(db: Session, case: Case, user: User,
                    verdicts: list[tuple[str, bool, int | None, str]]) -> None:
    """Record several verdicts (criterion, agree, score, comment) on the case's latest
    revision, each already validated; one unchanged from the latest is not recorded again.
    The confirmed assessment (and with it the dashboard's monthly figures) is rebuilt once,
    in the same transaction."""
    revision = case.latest
    latest = latest_verdicts(db, revision)
    added = False
    for cid, agree, score, comment in verdicts:
        old = latest.get(cid)
        if old is not None and (old.agree, old.score, old.comment or "") == (agree, score, comment):
            continue
        _add_verdict(db, case, revision, user, cid, agree, score, comment)
        added = True
    if added:
        confirm(db, revision, user)
        db.commit()


def confirm(db: Session, revision: Revision, user: User) -> ConfirmedAssessment | None:
    """Rebuild the revision's confirmed assessment from its latest verdicts: per criterion the
    secretary's score where they overrode the checker, the checker's where they agreed or gave
    no verdict. The checker's report is left as it is."""
    report = revision.report
    verdicts = latest_verdicts(db, revision)
    if report is None or not verdicts:
        return None
    scores = {c: (report.score(c) if c not in verdicts or verdicts[c].agree else verdicts[c].score)
              for c in CRITERIA}
    figures = total(scores.values())
    row = db.scalar(select(ConfirmedAssessment).where(ConfirmedAssessment.revision_id == revision.id))
    if row is None:
        row = ConfirmedAssessment(revision_id=revision.id, case_id=revision.case_id)
        db.add(row)
    row.total, row.applicable = figures["percent"], figures["applicable"]
    row.overridden = sum(1 for v in verdicts.values() if not v.agree)
    row.updated_at, row.updated_by_id = utcnow(), user.id
    for criterion, score in scores.items():
        setattr(row, f"score_{criterion}", score)
    db.flush()
    monthly.refresh(db, monthly.buckets_of_revision(db, revision.id))
    return row


def confirmed_by_revision(db: Session, revision_ids: list[int]) -> dict[int, ConfirmedAssessment]:
    if not revision_ids:
        return {}
    rows = db.scalars(select(ConfirmedAssessment)
                      .where(ConfirmedAssessment.revision_id.in_(revision_ids))).all()
    return {row.revision_id: row for row in rows}


def confirmed_assessment(db: Session, revision: Revision | None) -> ConfirmedAssessment | None:
    if revision is None:
        return None
    return db.scalar(select(ConfirmedAssessment).where(ConfirmedAssessment.revision_id == revision.id))


def latest_verdicts(db: Session, revision: Revision) -> dict[str, Verdict]:
    verdicts = db.scalars(select(Verdict).where(Verdict.revision_id == revision.id)
                          .order_by(Verdict.id)).all()
    return {v.criterion: v for v in verdicts}


# --- dismissals and comparison ---------------------------------------------------------------

def quote_key(finding: dict) -> str:
    """Identifies a flagged passage across revisions: a digest of its text, normalised (of its
    section when it has no quote), so that a dismissal keeps no text of the document."""
    text = finding.get("quote") or "§" + (finding["location"].get("section") or "")
    normal = re.sub(r"\s+", " ", text).strip().lower()[:500]
    return "h:" + hashlib.sha256(normal.encode("utf-8")).hexdigest()


def finding_key(finding: dict) -> tuple[str, str]:
    return finding["rule"], quote_key(finding)


def dismissals(db: Session, case: Case) -> dict[tuple[str, str], Dismissal]:
    rows = db.scalars(select(Dismissal).where(Dismissal.case_id == case.id)).all()
    return {(d.rule_id, d.quote_key): d for d in rows}


def dismiss(db: Session, case: Case, user: User, finding: dict, reason: str) -> Dismissal:
    require_state(case, EDITABLE_STATES)
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Skriv kort varför anmärkningen inte är relevant.")
    rule_id, key = finding_key(finding)
    existing = db.scalar(select(Dismissal).where(
        Dismissal.case_id == case.id, Dismissal.rule_id == rule_id, Dismissal.quote_key == key))
    if existing:
        existing.reason = reason
        existing.user_id = user.id
        dismissal = existing
    else:
        dismissal = Dismissal(case_id=case.id, rule_id=rule_id, criterion=finding["criterion"],
                              quote_key=key, reason=reason, user_id=user.id)
        db.add(dismissal)
    audit(db, user, "finding_dismissed", case, rule=rule_id)
    db.commit()
    return dismissal


def undismiss(db: Session, case: Case, user: User, dismissal_id: int) -> None:
    require_state(case, EDITABLE_STATES)
    dismissal = db.get(Dismissal, dismissal_id)
    if dismissal is None or dismissal.case_id != case.id:
        raise WorkflowError("Avfärdandet finns inte.")
    audit(db, user, "dismissal_removed", case, rule=dismissal.rule_id)
    db.delete(dismissal)
    db.commit()


def compare(previous: dict | None, current: dict) -> dict | None:
    """What changed between two reports: criteria up/down, findings resolved and new."""
    if previous is None:
        return None
    before = {c["id"]: c for c in previous["criteria"]}
    changes = []
    for c in current["criteria"]:
        old = before.get(c["id"], {}).get("score")
        if old != c["score"]:
            direction = "same"
            if old is not None and c["score"] is not None:
                direction = "up" if c["score"] > old else "down"
            changes.append({"id": c["id"], "title": c["title"], "before": old,
                            "after": c["score"], "direction": direction})
    old_findings = {finding_key(f): f for f in previous["findings"]}
    new_findings = {finding_key(f): f for f in current["findings"]}
    return {
        "total_before": previous["total"]["percent"],
        "total_after": current["total"]["percent"],
        "criteria": changes,
        "resolved": [f for k, f in old_findings.items() if k not in new_findings],
        "new": [f for k, f in new_findings.items() if k not in old_findings],
    }
