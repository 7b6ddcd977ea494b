"""Administrator pages: users, committees, rules, the false-alarm signal (dismissed rules),
the audit log and maintenance. All require the admin role. The dashboard is in dashboard.py,
the organisation's settings in settings_admin.py."""

from __future__ import annotations

import datetime as dt
import math

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..report import LEVEL_WORDS
from ..ruleset import CRITERIA, default_ruleset
from . import db
from .auth import role_required
from .forms import CommitteeForm, ConfirmForm, RetentionForm, UserForm, options
from .models import (
    ROLES,
    STATES,
    AuditEvent,
    Case,
    Committee,
    Revision,
    User,
    utcnow,
)
from .orgsettings import current_ruleset
from .presenter import criterion_titles
from .retention import purge, retention_days, set_retention_days
from .services import (
    WorkflowError,
    audit,
    committees_by_name,
    create_user,
    outdated_revisions,
    recheck_outdated,
    update_user,
)
from .stats import (
    dismissal_counts,
    dismissal_ranking,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")

EMPTY = "Inga granskade ärenden under perioden."
LOG_PAGE_SIZE = 50
ACTIONS = {
    "login": "Inloggning", "logout": "Utloggning", "account_locked": "Kontot låstes",
    "demo_seeded": "Demodata skapades",
    "case_created": "Ärende skapat", "case_updated": "Ärendets uppgifter ändrade",
    "case_deleted": "Ärende borttaget", "revision_uploaded": "Utkast uppladdat",
    "rechecked": "Utkast granskat igen", "case_submit": "Ärende inskickat",
    "case_return": "Ärende återskickat", "case_approve": "Ärende godkänt",
    "verdict": "Bedömning", "finding_dismissed": "Anmärkning avfärdad",
    "dismissal_removed": "Avfärdande borttaget", "user_created": "Användare skapad",
    "user_updated": "Användare ändrad", "committee_created": "Nämnd skapad",
    "retention_set": "Gallringsfrist ändrad", "file_purged": "Utkastfil gallrad",
    "retention_run": "Gallring körd", "api_token_created": "API-nyckel skapad",
    "api_token_revoked": "API-nyckel återkallad", "recheck_run": "Omgranskning körd",
    "account_updated": "Egna inställningar ändrade",
    "settings_saved": "Organisationens inställningar sparade",
    "sso_mapping_added": "Gruppkoppling tillagd", "sso_mapping_removed": "Gruppkoppling borttagen",
    "sso_access_removed": "Behörighet borttagen vid inloggning (ingen kopplad grupp)",
}
RULE_ROLES = {"flag": "Anmärkning (pekar ut en brist)",
              "evidence": "Belägg (visar att kriteriet är uppfyllt)",
              "applies": "Avgör om kriteriet gäller",
              "counter": "Motbelägg (talar emot att ärendet berör människor)"}
EXAMPLE_LABELS = {"flag": "Regeln slår till på", "pass": "Regeln slår inte till på"}


# --- users ---------------------------------------------------------------------------------

@bp.route("/anvandare")
@role_required("admin")
def users():
    rows = db.session().scalars(select(User).order_by(User.role, User.name)).all()
    return render_template("admin/users.html", title="Användare", users=rows, roles=ROLES)


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user) if user is not None else UserForm()
    form.committees.choices = options((c.id, c.name) for c in committees_by_name(db.session()))
    if user is not None:
        del form.username  # the username is the login and stays as it was
        if request.method == "GET":
            form.committees.data = [c.id for c in user.committees]
    return form


@bp.route("/anvandare/ny", methods=["GET", "POST"])
@role_required("admin")
def user_new():
    session = db.session()
    form = _user_form()
    if form.validate_on_submit():
        username = form.username.data.strip()
        if not form.password.data:
            form.password.errors.append("Ange ett lösenord för den nya användaren.")
        else:
            try:
                create_user(session, current_user, username, form.name.data, form.role.data,
                            form.password.data,
                            [session.get(Committee, cid) for cid in form.committees.data],
                            active=bool(form.active.data),
                            email=(form.email.data or "").strip() or None)
            except WorkflowError as exc:  # a taken username (the form checks the password)
                form.username.errors.append(str(exc))
            else:
                flash(f"Användaren {username} är skapad.", "success")
                return redirect(url_for("admin.users"))
    status = 400 if any(f.errors for f in form) else 200
    return render_template("admin/user_form.html", title="Ny användare", form=form,
                           user=None), status


@bp.route("/anvandare/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user_edit(user_id: int):
    session = db.session()
    user = session.get(User, user_id)
    if user is None:
        abort(404)
    form = _user_form(user)
    if form.validate_on_submit():
        try:
            changed = update_user(
                session, current_user, user, name=form.name.data, role=form.role.data,
                email=form.email.data, active=bool(form.active.data),
                committees=[session.get(Committee, cid) for cid in form.committees.data],
                password=form.password.data or None)
        except WorkflowError as exc:
            form.role.errors.append(str(exc))
        else:
            if changed:
                flash(f"Användaren {user.username} är uppdaterad.", "success")
            else:
                flash("Inget ändrades.", "info")
            return redirect(url_for("admin.users"))
    status = 400 if any(f.errors for f in form) else 200
    return render_template("admin/user_form.html", title=f"Ändra {user.name}", form=form,
                           user=user), status


# --- committees ----------------------------------------------------------------------------

@bp.route("/namnder", methods=["GET", "POST"])
@role_required("admin")
def committees():
    session = db.session()
    form = CommitteeForm()
    if form.validate_on_submit():
        name = " ".join(form.name.data.split())
        if session.scalar(select(Committee.id).where(func.lower(Committee.name) == name.lower())):
            form.name.errors.append("Det finns redan en nämnd med det namnet.")
        else:
            committee = Committee(name=name)
            session.add(committee)
            session.flush()
            audit(session, current_user, "committee_created", committee_id=committee.id)
            session.commit()
            flash(f"Nämnden {name} är tillagd.", "success")
            return redirect(url_for("admin.committees"))
    case_counts = dict(session.execute(select(Case.committee_id, func.count(Case.id))
                                       .group_by(Case.committee_id)).all())
    rows = [(c, case_counts.get(c.id, 0)) for c in committees_by_name(db.session())]
    status = 400 if form.name.errors else 200
    return render_template("admin/committees.html", title="Nämnder", rows=rows,
                           form=form), status


# --- rules and dismissals ------------------------------------------------------------------

@bp.route("/regler")
@role_required("admin")
def rules():
    ruleset = default_ruleset()
    titles = criterion_titles()
    order = ("concerns_people",) + CRITERIA
    groups = [(criterion, titles[criterion],
               [r for r in ruleset.rules if r.criterion == criterion]) for criterion in order]
    return render_template("admin/rules.html", title="Regler", ruleset=ruleset,
                           groups=[g for g in groups if g[2]], roles=RULE_ROLES,
                           levels=LEVEL_WORDS, example_labels=EXAMPLE_LABELS,
                           dismissed=dismissal_counts(db.session()))


@bp.route("/avfardanden")
@role_required("admin")
def dismissals():
    ruleset = default_ruleset()
    known = {r.id: r for r in ruleset.rules}
    return render_template("admin/dismissals.html", title="Avfärdade anmärkningar",
                           ranking=dismissal_ranking(db.session()), rules=known,
                           titles=criterion_titles())


# --- audit log -----------------------------------------------------------------------------

DETAIL_LABELS = {
    "revision": "utkast", "total": "resultat", "rule": "regel", "committee": "nämnd",
    "committees": "nämnder", "role": "roll", "active": "aktiv", "username": "användarnamn",
    "days": "dagar", "retention_days": "gallringsfrist (dagar)", "purged": "gallrade filer",
    "revisions": "utkast", "changed": "ändrat", "via": "via", "cutoff": "före",
    "user_id": "användare", "token_id": "API-nyckel", "for_user": "för användare",
    "committee_id": "nämnd", "rules_version": "regelversion", "deleted_case": "ärende",
    "settings_version": "inställningar version", "goals": "jämställdhetsmål",
    "group": "grupp",
}
CHANGED = {"name": "namn", "role": "roll", "active": "aktiv", "committees": "nämnder",
           "password": "lösenord", "diarienummer": "diarienummer", "title": "rubrik",
           "committee_id": "nämnd", "meeting_date": "sammanträdesdatum", "email": "e-post",
           "notify_email": "e-post om aviseringar"}


def _detail(detail: dict | None) -> str:
    """An event's details in Swedish: "Status: inskickat → återskickat", "Åtgärder: instämmer
    inte, 1 → 3"; never document text (the log holds ids, scores and states only)."""
    if not detail:
        return ""
    detail = dict(detail)
    parts = []
    if "state_from" in detail or "state_to" in detail:
        parts.append(f"Status: {_state(detail.pop('state_from', None))} → "
                     f"{_state(detail.pop('state_to', None))}")
    if "criterion" in detail:
        title = default_ruleset().titles.get(detail.pop("criterion"), "?")
        agree = detail.pop("agree", None)
        score = detail.pop("score", None)
        shown = {None: "ej tillämpligt"}
        if "checker_score" in detail:  # logged since 2026-12: the checker's score before
            before = detail.pop("checker_score")
            change = f", {shown.get(before, before)} → {shown.get(score, score)}"
        else:
            change = f", {shown.get(score, score)}"
        verdict = "instämmer" if agree else "instämmer inte" + change
        parts.append(f"{title}: {verdict}")
    for key, value in detail.items():
        if key in ("sha256",):
            continue
        if key == "changed" and isinstance(value, list):
            value = ", ".join(CHANGED.get(v, v) for v in value)
        elif isinstance(value, (list, tuple)):
            value = ", ".join(str(v) for v in value) or "–"
        elif value is True:
            value = "ja"
        elif value is False:
            value = "nej"
        elif value is None:
            value = "–"
        parts.append(f"{DETAIL_LABELS.get(key, key)}: {value}")
    return "; ".join(parts)


def _state(state: str | None) -> str:
    return STATES.get(state, state or "–").lower()


@bp.route("/logg")
@role_required("admin")
def log():
    session = db.session()
    page = request.args.get("sida", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    total = session.scalar(select(func.count(AuditEvent.id))) or 0
    pages = max(1, math.ceil(total / LOG_PAGE_SIZE))
    if page > pages:
        abort(404)
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc(),
                                                         AuditEvent.id.desc())
                             .offset((page - 1) * LOG_PAGE_SIZE).limit(LOG_PAGE_SIZE)).all()
    return render_template("admin/log.html", title="Händelselogg", events=events, page=page,
                           pages=pages, total=total, actions=ACTIONS, detail=_detail)


# --- maintenance: re-check with the current rules, retention ---------------------------------

RECHECK_BATCH = 200  # per click: keeps a request short; the CLI command re-checks any number


@bp.route("/underhall", methods=["GET", "POST"])
@role_required("admin")
def maintenance():
    session = db.session()
    version = current_ruleset(session).version
    form = RetentionForm(prefix="retention")
    if request.method == "GET":
        form.days.data = retention_days(session)
    elif form.validate_on_submit():
        set_retention_days(session, form.days.data, current_user)
        flash("Gallringsfristen är sparad." if form.days.data else
              "Ingen gallringsfrist: utkastfilerna sparas tills vidare.", "success")
        return redirect(url_for("admin.maintenance"))
    outdated = session.scalar(select(func.count()).select_from(outdated_revisions(version)
                                                               .subquery()))
    days = retention_days(session)
    due = None
    if days:
        cutoff = utcnow() - dt.timedelta(days=days)
        due = session.scalar(select(func.count(Revision.id)).where(
            Revision.uploaded_at < cutoff, Revision.purged_at.is_(None)))
    status = 400 if form.errors else 200
    return render_template("admin/maintenance.html", title="Underhåll", version=version,
                           outdated=outdated, form=form, confirm=ConfirmForm(), days=days,
                           due=due, batch=RECHECK_BATCH), status


@bp.route("/underhall/granska-om", methods=["POST"])
@role_required("admin")
def recheck_now():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = db.session()
    ruleset = current_ruleset(session)
    done = recheck_outdated(session, ruleset, current_user, RECHECK_BATCH)
    audit(session, current_user, "recheck_run", revisions=done, rules_version=ruleset.version)
    session.commit()
    flash(f"{done} utkast är granskade igen med regler {ruleset.version}. "
          "De tidigare rapporterna finns kvar.", "success")
    return redirect(url_for("admin.maintenance"))


@bp.route("/underhall/gallra", methods=["POST"])
@role_required("admin")
def purge_now():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = db.session()
    days = retention_days(session)
    if not days:
        flash("Ange en gallringsfrist först.", "error")
    else:
        count = purge(session, days, current_user)
        flash(f"{count} utkastfiler äldre än {days} dagar är raderade.", "success")
    return redirect(url_for("admin.maintenance"))
