"""The committee secretary's pages: the queue by meeting date, verdicts per criterion,
return for completion or approve."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..criteria import CRITERIA
from . import db, notify
from .access import load_case
from .auth import role_required
from .forms import ConfirmForm, ReturnForm, VerdictForm
from .models import AuditEvent, Case, Revision
from .presenter import assessment_view, criteria_views, finding_views, revision_blocks
from .services import (
    WorkflowError,
    can_review,
    compare,
    confirmed_assessment,
    confirmed_by_revision,
    dismissals,
    latest_verdicts,
    record_verdict,
    record_verdicts,
    transition,
    visible_cases,
)

bp = Blueprint("review", __name__, url_prefix="/granskning")
QUEUE_STATES = {"submitted": "Inskickade", "returned": "Återskickade", "approved": "Godkända"}
QUEUE_SINGULAR = {"submitted": "inskickat", "returned": "återskickat", "approved": "godkänt"}


def reviewable_case(case_id: int) -> Case:
    case = load_case(case_id)
    if not can_review(current_user, case):
        abort(403)
    return case


@bp.route("/")
@role_required("secretary", "admin")
def queue():
    state = request.args.get("status", "submitted")
    if state not in QUEUE_STATES:
        state = "submitted"
    query = (visible_cases(current_user).where(Case.state == state)
             .options(selectinload(Case.revisions).selectinload(Revision.reports),
                      selectinload(Case.committee))
             .order_by(Case.meeting_date.is_(None), Case.meeting_date, Case.id))
    if current_user.role == "secretary":
        query = query.where(Case.committee_id.in_([c.id for c in current_user.committees]))
    session = db.session()
    cases = session.scalars(query.limit(500)).all()
    confirmed = confirmed_by_revision(session, [c.latest.id for c in cases if c.latest])
    rows = []
    for case in cases:
        report = case.latest.report if case.latest else None
        assessment = confirmed.get(case.latest.id) if case.latest else None
        scores = assessment or report  # what counts: the confirmed scores once there are verdicts
        missing = [c for c in CRITERIA if scores is not None and scores.score(c) == 1]
        rows.append({"case": case, "report": report, "assessment": assessment,
                     "missing": missing})
    return render_template("review/queue.html", rows=rows, state=state, states=QUEUE_STATES,
                           news=notify.unread(session, current_user),
                           singular=QUEUE_SINGULAR,
                           title=f"Granskning – {QUEUE_STATES[state].lower()} ärenden")


@bp.route("/<int:case_id>")
@role_required("secretary", "admin")
def case(case_id: int):
    case = reviewable_case(case_id)
    return _render_review(case)


def _render_review(case: Case, return_form: ReturnForm | None = None, status: int = 200,
                   forms: dict | None = None):
    session = db.session()
    revision = case.latest
    if revision is None or revision.report is None:
        flash("Ärendet har inget granskat utkast ännu.", "info")
        return redirect(url_for("cases.show", case_id=case.id))
    data = revision.report.data
    verdicts = latest_verdicts(session, revision)
    given, forms = forms, {}
    for c in data["criteria"]:
        if given is not None:  # a submitted form with its errors
            forms[c["id"]] = given[c["id"]]
            continue
        form = VerdictForm(prefix=c["id"])
        verdict = verdicts.get(c["id"])
        if verdict is not None and not form.is_submitted():
            form.verdict.data = "agree" if verdict.agree else (
                "na" if verdict.score is None else str(verdict.score))
            form.comment.data = verdict.comment
        forms[c["id"]] = form
    return render_template(
        "review/case.html", case=case, revision=revision, data=data,
        returned=_since_return(session, case), changes=_changes_since_return(session, case),
        criteria=criteria_views(data, verdicts), verdict_forms=forms,
        assessment=assessment_view(data, confirmed_assessment(session, revision)),
        sections=finding_views(data, revision_blocks(revision), dismissals(session, case)),
        return_form=return_form or ReturnForm(), confirm=ConfirmForm(),
        title=f"Granska {case.diarienummer} {case.title}"), status


def _last_return(session, case: Case) -> AuditEvent | None:
    return session.scalar(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "case_return")
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))


def _since_return(session, case: Case) -> dict | None:
    """When the case was last returned, by whom and at which revision, if it has been
    submitted again since."""
    event = _last_return(session, case)
    if event is None or case.state == "returned" or not case.return_message:
        return None
    return {"at": event.at, "user": event.user.name if event.user else None,
            "revision": (event.detail or {}).get("revision")}


def _changes_since_return(session, case: Case) -> dict | None:
    """What changed between the revision that was returned and the latest one."""
    since = _since_return(session, case)
    if since is None or not since["revision"] or case.latest.number <= since["revision"]:
        return None
    returned = next((r for r in case.revisions if r.number == since["revision"]), None)
    if returned is None or returned.report is None:
        return None
    return compare(returned.report.data, case.latest.report.data)


@bp.route("/<int:case_id>/bedomningar", methods=["POST"])
@role_required("secretary", "admin")
def verdicts(case_id: int):
    """All seven verdicts in one form, validated together: nothing is saved while any
    criterion has an error, and each error stands next to its criterion."""
    case = reviewable_case(case_id)
    if case.state != "submitted":
        flash("Bara inskickade ärenden kan bedömas.", "error")
        return redirect(url_for("review.case", case_id=case.id))
    session = db.session()
    forms = {cid: VerdictForm(prefix=cid) for cid in CRITERIA}
    chosen = {}
    for cid, form in forms.items():
        if not form.validate_on_submit():
            continue
        choice = form.verdict.data
        comment = (form.comment.data or "").strip()
        if choice != "agree" and not comment:
            form.comment.errors = list(form.comment.errors) + [
                "Skriv en kommentar när du ändrar bedömningen."]
            continue
        chosen[cid] = (choice == "agree", int(choice) if choice in ("1", "2", "3") else None,
                       comment)
    if len(chosen) < len(forms):
        flash("Bedömningarna sparades inte. Rätta det som är markerat vid kriterierna.", "error")
        return _render_review(case, forms=forms, status=400)
    record_verdicts(session, case, current_user,
                    [(cid, *verdict) for cid, verdict in chosen.items()])
    flash("Bedömningarna är sparade.", "success")
    return redirect(url_for("review.case", case_id=case.id))


@bp.route("/<int:case_id>/bedomning/<criterion>", methods=["POST"])
@role_required("secretary", "admin")
def verdict(case_id: int, criterion: str):
    case = reviewable_case(case_id)
    if criterion not in CRITERIA:
        abort(404)
    form = VerdictForm(prefix=criterion)
    if case.state != "submitted":
        flash("Bara inskickade ärenden kan bedömas.", "error")
    elif form.validate_on_submit():
        choice = form.verdict.data
        agree = choice == "agree"
        score = int(choice) if choice in ("1", "2", "3") else None
        try:
            record_verdict(db.session(), case, case.latest, current_user, criterion, agree,
                           score, (form.comment.data or "").strip())
            flash("Bedömningen är sparad.", "success")
        except WorkflowError as exc:
            flash(str(exc), "error")
    else:
        flash("Välj en bedömning.", "error")
    return redirect(url_for("review.case", case_id=case.id) + f"#k-{criterion}")


@bp.route("/<int:case_id>/aterskicka", methods=["POST"])
@role_required("secretary", "admin")
def return_case(case_id: int):
    case = reviewable_case(case_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _render_review(case, form, 400)
    try:
        transition(db.session(), case, current_user, "return", form.message.data.strip())
        flash("Ärendet är återskickat till handläggaren för komplettering.", "success")
    except WorkflowError as exc:
        flash(str(exc), "error")
    return redirect(url_for("review.queue"))


@bp.route("/<int:case_id>/godkann", methods=["POST"])
@role_required("secretary", "admin")
def approve(case_id: int):
    case = reviewable_case(case_id)
    if ConfirmForm().validate_on_submit():
        try:
            transition(db.session(), case, current_user, "approve")
            flash("Ärendet är godkänt för nämnden.", "success")
        except WorkflowError as exc:
            flash(str(exc), "error")
    return redirect(url_for("review.queue"))
