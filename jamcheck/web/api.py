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

from ..errors import UnreadableDocument
from ..localtime import iso
from . import csrf, db, tokens
from .forms import clean_text
from .models import Case, Committee, Revision
from .services import (
    EDITABLE_STATES,
    WorkflowError,
    add_revision,
    audit,
    can_edit,
    can_see,
    check_only,
    read_upload,
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
        "url": url_for("api.case", case_id=case.id, _external=False),
    }
    if revisions:
        body["revisions"] = [revision_json(r) for r in case.revisions]
    return body


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
        return jsonify(check_only(content, name))
    except UnreadableDocument as exc:
        raise ApiError(422, str(exc)) from None


@bp.get("/committees")
@token_required
def committees():
    rows = db.session().scalars(select(Committee).order_by(Committee.name)).all()
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
    case = Case(diarienummer=diarienummer.strip(), title=title.strip(), committee_id=committee_id,
                meeting_date=meeting_date, owner_id=user.id, state="draft")
    session.add(case)
    session.flush()
    audit(session, user, "case_created", case, committee=committee_id, via="api")
    session.commit()
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


def is_api_request() -> bool:
    return request.path.startswith(bp.url_prefix + "/")

