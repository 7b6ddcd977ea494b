"""JSON API under /api/v1: check a file without storing it, cases, revisions and their reports.
Authenticated with personal tokens (`Authorization: Bearer ...`); the same role rules as the
pages; errors are JSON with a Swedish message."""

from __future__ import annotations

import datetime as dt
from functools import wraps
from pathlib import Path

import yaml
from flask import Blueprint, g, jsonify, request, url_for
from sqlalchemy import select

from ..criteria import CRITERIA
from ..errors import UnreadableDocument
from ..localtime import iso
from . import csrf, db, downloads, services, tokens
from .forms import clean_text
from .models import Case, Committee, ConfirmedAssessment, Dismissal, Revision
from .services import (
    EDITABLE_STATES,
    WorkflowError,
    add_revision,
    can_edit,
    can_review,
    can_see,
    check_only,
    committees_by_name,
    confirmed_assessment,
    dismiss,
    read_upload,
    record_verdicts,
    transition,
    undismiss,
    upload_name,
    visible_cases,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no cookies: a bearer token cannot be sent by another site's form
SPEC = Path(__file__).resolve().parent / "openapi.yml"


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc.status, exc.message)


def error_response(status: int, message: str):
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="jamcheck"'
    return response


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "Ange en API-nyckel i huvudet Authorization: Bearer <nyckel>.")
        user = tokens.user_for(db.session(), token.strip())
        if user is None:
            raise ApiError(401, "API-nyckeln är ogiltig eller återkallad.")
        g.api_user = user
        return view(*args, **kwargs)
    return wrapped


def _upload() -> tuple[str, bytes]:
    storage = request.files.get("file")
    if storage is None or not storage.filename:
        raise ApiError(400, "Skicka Word-filen (.docx) i fältet file (multipart/form-data).")
    return upload_name(storage.filename), read_upload(storage)


def _case(case_id: int) -> Case:
    case = db.session().get(Case, case_id)
    if case is None or not can_see(g.api_user, case):
        raise ApiError(404, "Ärendet finns inte eller så har du inte tillgång till det.")
    return case


def _iso(value) -> str | None:
    return iso(value)


def case_json(case: Case, revisions: bool = False) -> dict:
    latest = case.latest
    body = {
        "id": case.id, "diarienummer": case.diarienummer, "title": case.title,
        "committee": {"id": case.committee_id, "name": case.committee.name},
        "meeting_date": _iso(case.meeting_date), "state": case.state,
        "owner": case.owner.username, "created_at": _iso(case.created_at),
        "return_message": case.return_message,
        "latest_revision": latest.number if latest else None,
        "latest_total": latest.report.total if latest and latest.report else None,
        "assessment": assessment_json(confirmed_assessment(db.session(), latest), latest),
        "url": url_for("api.case", case_id=case.id, _external=False),
    }
    if revisions:
        body["revisions"] = [revision_json(r) for r in case.revisions]
    return body


def assessment_json(row: ConfirmedAssessment | None, revision: Revision | None) -> dict | None:
    """The secretary's confirmed assessment of a revision, beside the checker's total."""
    if row is None or revision is None:
        return None
    return {"revision": revision.number, "total": row.total, "applicable": row.applicable,
            "overridden": row.overridden, "scores": row.scores,
            "checker_total": revision.report.total if revision.report else None,
            "updated_by": row.updated_by.username, "updated_at": _iso(row.updated_at)}


def revision_json(revision: Revision) -> dict:
    report = revision.report
    return {
        "number": revision.number, "filename": revision.filename, "sha256": revision.sha256,
        "size": revision.size, "uploaded_at": _iso(revision.uploaded_at),
        "uploaded_by": revision.uploaded_by.username,
        "total": report.total if report else None,
        "reports": len(revision.reports),
        "report_url": url_for("api.report", case_id=revision.case_id, number=revision.number),
    }


@bp.get("/openapi.json")
def openapi():
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return jsonify(spec)


@bp.post("/check")
@token_required
def check():
    name, content = _upload()
    try:
        return jsonify(check_only(db.session(), content, name))
    except UnreadableDocument as exc:
        raise ApiError(422, str(exc)) from None


@bp.get("/committees")
@token_required
def committees():
    rows = committees_by_name(db.session())
    return jsonify({"committees": [{"id": c.id, "name": c.name} for c in rows]})


@bp.get("/cases")
@token_required
def cases():
    query = visible_cases(g.api_user).order_by(Case.id.desc())
    state = request.args.get("state")
    if state:
        query = query.where(Case.state == state)
    rows = db.session().scalars(query.limit(1000)).all()
    return jsonify({"cases": [case_json(c) for c in rows]})


@bp.post("/cases")
@token_required
def create_case():
    user = g.api_user
    if user.role not in ("writer", "admin"):
        raise ApiError(403, "Bara handläggare och administratörer kan skapa ärenden.")
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # thousands of nested brackets
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "Skicka ärendet som JSON-objekt (Content-Type: application/json).")
    errors = []
    diarienummer, title = clean_text(body.get("diarienummer")), clean_text(body.get("title"))
    committee_id, meeting = body.get("committee_id"), body.get("meeting_date")
    if not isinstance(diarienummer, str) or not diarienummer.strip() or len(diarienummer) > 60:
        errors.append("diarienummer ska vara en text med 1–60 tecken")
    if not isinstance(title, str) or not title.strip() or len(title) > 300:
        errors.append("title ska vara en text med 1–300 tecken")
    session = db.session()
    if not db.valid_id(committee_id) or session.get(Committee, committee_id) is None:
        errors.append("committee_id ska vara id för en nämnd som finns (se /api/v1/committees)")
    meeting_date = None
    if meeting is not None:
        try:
            meeting_date = dt.date.fromisoformat(meeting) if isinstance(meeting, str) else None
        except ValueError:
            meeting_date = None
        if meeting_date is None:
            errors.append("meeting_date ska vara ett datum ÅÅÅÅ-MM-DD")
    if errors:
        raise ApiError(400, "Ärendet kunde inte skapas: " + "; ".join(errors) + ".")
    case = services.create_case(session, user, diarienummer=diarienummer, title=title,
                                committee_id=committee_id, meeting_date=meeting_date,
                                via="api")
    return jsonify(case_json(case, revisions=True)), 201


@bp.get("/cases/<int:case_id>")
@token_required
def case(case_id: int):
    return jsonify(case_json(_case(case_id), revisions=True))


@bp.post("/cases/<int:case_id>/revisions")
@token_required
def upload(case_id: int):
    case = _case(case_id)
    if not can_edit(g.api_user, case):
        raise ApiError(403, "Bara ärendets handläggare kan ladda upp utkast.")
    if case.state not in EDITABLE_STATES:
        raise ApiError(409, f"Ärendet är {case.state_name.lower()} och kan inte få nya utkast.")
    name, content = _upload()
    session = db.session()
    try:
        revision = add_revision(session, case, g.api_user, name, content)
    except UnreadableDocument as exc:
        session.rollback()
        raise ApiError(422, str(exc)) from None
    except WorkflowError as exc:
        session.rollback()
        raise ApiError(409, str(exc)) from None
    body = revision_json(revision)
    body["report"] = revision.report.data
    return jsonify(body), 201


@bp.get("/cases/<int:case_id>/revisions/<int:number>/report")
@token_required
def report(case_id: int, number: int):
    case = _case(case_id)
    revision = next((r for r in case.revisions if r.number == number), None)
    if revision is None or revision.report is None:
        raise ApiError(404, "Utkastet finns inte.")
    if request.args.get("all") in ("1", "true"):
        return jsonify({"reports": [r.data for r in revision.reports]})
    return jsonify(revision.report.data)


# --- the workflow: submit, verdicts, return, approve, dismissals ---------------------------

def _json_body() -> dict:
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        body = None
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError(400, "Skicka ett JSON-objekt (Content-Type: application/json).")
    return body


def _reviewable(case_id: int) -> Case:
    case = _case(case_id)
    if not can_review(g.api_user, case):
        raise ApiError(403, "Bara nämndens sekreterare och administratörer kan granska ärendet.")
    return case


def _editable(case_id: int) -> Case:
    case = _case(case_id)
    if not can_edit(g.api_user, case):
        raise ApiError(403, "Bara ärendets handläggare kan göra detta.")
    return case


def _transition(case: Case, action: str, message: str | None = None):
    session = db.session()
    try:
        transition(session, case, g.api_user, action, message)
    except WorkflowError as exc:
        session.rollback()
        raise ApiError(409, str(exc)) from None
    return jsonify(case_json(case, revisions=True))


def _verdicts(body) -> list[tuple[str, bool, int | None, str]]:
    """The verdicts of a request, validated together: {criterion: {agree, score, comment}}."""
    if not isinstance(body, dict) or not body:
        raise ApiError(400, "verdicts ska vara ett objekt med kriteriernas id som nycklar.")
    errors, out = [], []
    for cid, item in body.items():
        if cid not in CRITERIA:
            errors.append(f"{cid}: okänt kriterium")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("agree"), bool):
            errors.append(f"{cid}: ange agree (true eller false)")
            continue
        comment = clean_text(item.get("comment") or "")
        if not isinstance(comment, str) or len(comment) > 2000:
            errors.append(f"{cid}: comment ska vara en text med högst 2000 tecken")
            continue
        score = item.get("score")
        if item["agree"]:
            score = None
        elif score is not None and (not isinstance(score, int) or isinstance(score, bool)
                                    or score not in (1, 2, 3)):
            errors.append(f"{cid}: score ska vara 1, 2, 3 eller null (ej tillämpligt)")
            continue
        elif not comment.strip():
            errors.append(f"{cid}: skriv en kommentar när du ändrar bedömningen")
            continue
        out.append((cid, item["agree"], score, comment.strip()))
    if errors:
        raise ApiError(400, "Bedömningarna sparades inte: " + "; ".join(errors) + ".")
    return out


@bp.post("/cases/<int:case_id>/submit")
@token_required
def submit(case_id: int):
    return _transition(_editable(case_id), "submit")


@bp.post("/cases/<int:case_id>/verdicts")
@token_required
def verdicts(case_id: int):
    case = _reviewable(case_id)
    if case.state != "submitted":
        raise ApiError(409, "Bara inskickade ärenden kan bedömas.")
    record_verdicts(db.session(), case, g.api_user, _verdicts(_json_body().get("verdicts")))
    return jsonify(case_json(case, revisions=True))


def _review_action(case_id: int, action: str):
    case = _reviewable(case_id)
    body = _json_body()
    message = None
    if action == "return":
        message = clean_text(body.get("message"))
        if not isinstance(message, str) or not message.strip() or len(message) > 5000:
            raise ApiError(400, "Skriv ett meddelande till handläggaren (message, 1–5000 tecken).")
        message = message.strip()
    if case.state != "submitted":
        raise ApiError(409, f"Ärendet är {case.state_name.lower()}, inte inskickat.")
    if body.get("verdicts") is not None:
        record_verdicts(db.session(), case, g.api_user, _verdicts(body["verdicts"]))
    return _transition(case, action, message)


@bp.post("/cases/<int:case_id>/return")
@token_required
def return_case(case_id: int):
    return _review_action(case_id, "return")


@bp.post("/cases/<int:case_id>/approve")
@token_required
def approve(case_id: int):
    return _review_action(case_id, "approve")


def _revision(case: Case, number: int) -> Revision:
    revision = next((r for r in case.revisions if r.number == number), None)
    if revision is None or revision.report is None:
        raise ApiError(404, "Utkastet finns inte.")
    return revision


@bp.post("/cases/<int:case_id>/revisions/<int:number>/dismissals")
@token_required
def dismiss_finding(case_id: int, number: int):
    case = _editable(case_id)
    revision = _revision(case, number)
    body = _json_body()
    finding = next((f for f in revision.report.data["findings"] if f["id"] == body.get("finding")),
                   None)
    if finding is None:
        raise ApiError(404, "Anmärkningen finns inte i utkastets rapport (finding, t.ex. \"f3\").")
    reason = clean_text(body.get("reason"))
    if not isinstance(reason, str) or len(reason) > 2000:
        raise ApiError(400, "reason ska vara en text med högst 2000 tecken.")
    session = db.session()
    try:
        row = dismiss(session, case, g.api_user, finding, reason)
    except WorkflowError as exc:
        session.rollback()
        raise ApiError(409 if case.state not in EDITABLE_STATES else 400, str(exc)) from None
    return jsonify(_dismissal_json(row)), 201


@bp.delete("/cases/<int:case_id>/dismissals/<int:dismissal_id>")
@token_required
def undismiss_finding(case_id: int, dismissal_id: int):
    case = _editable(case_id)
    session = db.session()
    if session.get(Dismissal, dismissal_id) is None:
        raise ApiError(404, "Avfärdandet finns inte.")
    try:
        undismiss(session, case, g.api_user, dismissal_id)
    except WorkflowError as exc:
        session.rollback()
        status = 404 if case.state in EDITABLE_STATES else 409
        raise ApiError(status, str(exc)) from None
    return "", 204


@bp.get("/cases/<int:case_id>/dismissals")
@token_required
def dismissals(case_id: int):
    case = _case(case_id)
    rows = db.session().scalars(select(Dismissal).where(Dismissal.case_id == case.id)
                                .order_by(Dismissal.id)).all()
    return jsonify({"dismissals": [_dismissal_json(r) for r in rows]})


def _dismissal_json(row: Dismissal) -> dict:
    return {"id": row.id, "rule": row.rule_id, "criterion": row.criterion, "reason": row.reason,
            "user": row.user.username if row.user else None}


# --- downloads -----------------------------------------------------------------------------

@bp.get("/cases/<int:case_id>/revisions/<int:number>/report.pdf")
@token_required
def report_pdf(case_id: int, number: int):
    case = _case(case_id)
    return downloads.report_pdf(case, _revision(case, number))


@bp.get("/cases/<int:case_id>/revisions/<int:number>/annotated.docx")
@token_required
def annotated(case_id: int, number: int):
    case = _case(case_id)
    revision = _revision(case, number)
    if revision.content is None:
        raise ApiError(410, "Utkastets fil är gallrad och kan inte laddas ned.")
    return downloads.annotated_docx(case, revision, request.args.get("dismissed") == "omit")


@bp.get("/cases/<int:case_id>/revisions/<int:number>/original.docx")
@token_required
def original(case_id: int, number: int):
    revision = _revision(_case(case_id), number)
    if revision.content is None:
        raise ApiError(410, "Utkastets fil är gallrad och kan inte laddas ned.")
    return downloads.original_docx(revision)


def is_api_request() -> bool:
    return request.path.startswith(bp.url_prefix + "/")

