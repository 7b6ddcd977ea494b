"""A revision's downloads, produced in memory: the PDF report, the draft with a Word comment
per finding, and the original file. The pages and the API serve the same files; each
checks who may have them first."""

from __future__ import annotations

import io

from flask import current_app, send_file
from sqlalchemy import select
from werkzeug.utils import secure_filename

from ..localtime import local_text
from ..outputs import annotate_docx, render_pdf
from . import db
from .models import AuditEvent, Case, Revision
from .services import confirmed_assessment, dismissals, docx_name, finding_key, latest_verdicts

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_pdf(case: Case, revision: Revision):
    content = render_pdf(revision.report.data, pdf_meta(case, revision))
    return _download(content, f"{_stem(case, revision)}-jamstalldhetsgranskning.pdf",
                     "application/pdf")


def annotated_docx(case: Case, revision: Revision, omit_dismissed: bool):
    """The draft with comments; dismissed findings marked with their reason, or left out.
    The caller has checked that the file is kept (revision.content)."""
    dismissed = pdf_meta(case, revision)["dismissals"]  # finding id -> who and why
    content = annotate_docx(revision.content, revision.report.data, dismissed, omit_dismissed)
    suffix = "-kommenterad-utan-avfardade" if omit_dismissed else "-kommenterad"
    return _download(content, f"{_stem(case, revision)}{suffix}.docx", DOCX_MIME)


def original_docx(revision: Revision):
    return _download(revision.content, docx_name(revision.filename), DOCX_MIME)


def _download(content: bytes, name: str, mimetype: str):
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _state_line(session, case: Case) -> str:
    """The case's state with who set it and when: "Godkänt av Sara S 2026-03-02 14:05"."""
    event = session.scalar(select(AuditEvent).where(
        AuditEvent.case_id == case.id,
        AuditEvent.action.in_(("case_submit", "case_return", "case_approve")))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))
    if event is None:
        return case.state_name
    who = f" av {event.user.name}" if event.user else ""
    return f"{case.state_name}{who} {local_text(event.at)}"


def pdf_meta(case: Case, revision: Revision) -> dict:
    session = db.session()
    verdicts = latest_verdicts(session, revision)
    dismissed = dismissals(session, case)
    confirmed = confirmed_assessment(session, revision)
    return {
        "organisation": current_app.config["ORGANISATION"],
        "diarienummer": case.diarienummer, "title": case.title,
        "committee": case.committee.name, "meeting_date": case.meeting_date,
        "state": _state_line(session, case),
        "revision": revision.number, "uploaded_at": revision.uploaded_at,
        "checked_at": revision.report.created_at,
        "verdicts": {c: {"agree": v.agree, "score": v.score, "comment": v.comment,
                         "user": v.user.name, "at": local_text(v.created_at, "%Y-%m-%d")}
                     for c, v in verdicts.items()},
        "confirmed": None if confirmed is None else {
            "percent": confirmed.total, "applicable": confirmed.applicable,
            "overridden": confirmed.overridden, "user": confirmed.updated_by.name,
            "at": local_text(confirmed.updated_at, "%Y-%m-%d")},
        "dismissals": {f["id"]: {"reason": d.reason, "user": d.user.name}
                       for f in revision.report.data["findings"]
                       if (d := dismissed.get(finding_key(f))) is not None},
    }


def _stem(case: Case, revision: Revision) -> str:
    base = secure_filename(case.diarienummer.replace("/", "-")) or f"arende-{case.id}"
    return f"{base}-utkast-{revision.number}"
