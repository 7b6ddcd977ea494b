"""The case writer's pages: cases, uploads, reports with what changed, dismissals, submit."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from ..errors import JamcheckError
from . import db, downloads, notify
from .access import load_case, load_revision
from .auth import role_required
from .forms import CaseForm, ConfirmForm, DismissForm, UploadForm, options
from .models import Case, Committee
from .orgsettings import version_of_report
from .presenter import assessment_view, criteria_views, finding_views, revision_blocks
from .services import (
    EDITABLE_STATES,
    WorkflowError,
    add_revision,
    can_edit,
    can_review,
    committees_by_name,
    compare,
    confirmed_assessment,
    create_case,
    delete_draft_case,
    dismiss,
    dismissals,
    latest_verdicts,
    read_upload,
    transition,
    undismiss,
    update_case,
    upload_name,
    visible_cases,
)

bp = Blueprint("cases", __name__)
@bp.route("/")
@login_required
def home():
    if current_user.role == "secretary":
        return redirect(url_for("review.queue"))
    return redirect(url_for("cases.index"))


@bp.route("/arenden")
@role_required("writer", "admin")
def index():
    state = request.args.get("status") or None
    query = visible_cases(current_user).order_by(Case.updated_at.desc())
    if state:
        query = query.where(Case.state == state)
    cases = db.session().scalars(query.limit(500)).all()
    return render_template("cases/index.html", cases=cases, state=state, title="Ärenden",
                           news=notify.unread(db.session(), current_user))


@bp.route("/arenden/nytt", methods=["GET", "POST"])
@role_required("writer", "admin")
def new():
    session = db.session()
    form = CaseForm()
    form.committee.choices = options(
        (c.id, c.name) for c in committees_by_name(session))
    if form.validate_on_submit():
        if session.get(Committee, form.committee.data) is None:
            abort(400)
        case = create_case(session, current_user, diarienummer=form.diarienummer.data,
                           title=form.title.data, committee_id=form.committee.data,
                           meeting_date=form.meeting_date.data)
        flash("Ärendet är skapat. Ladda upp ditt utkast.", "success")
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/new.html", form=form, title="Nytt ärende")


@bp.route("/arenden/<int:case_id>/andra", methods=["GET", "POST"])
@login_required
def edit(case_id: int):
    """Correct the case's facts while it is a draft or returned."""
    case = load_case(case_id)
    if not can_edit(current_user, case):
        abort(403)
    session = db.session()
    form = CaseForm(obj=case, committee=case.committee_id)
    form.committee.choices = options(
        (c.id, c.name) for c in committees_by_name(session))
    form.submit.label.text = "Spara ändringarna"
    if case.state not in EDITABLE_STATES:
        flash(f"Ärendet är {case.state_name.lower()} och kan inte ändras.", "error")
        return redirect(url_for("cases.show", case_id=case.id))
    if form.validate_on_submit():
        try:
            changed = update_case(session, case, current_user,
                                  diarienummer=form.diarienummer.data.strip(),
                                  title=form.title.data.strip(),
                                  committee_id=form.committee.data,
                                  meeting_date=form.meeting_date.data)
        except WorkflowError as exc:
            flash(str(exc), "error")
        else:
            flash("Ärendets uppgifter är ändrade." if changed else "Inget ändrades.",
                  "success" if changed else "info")
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/new.html", form=form, case=case,
                           title=f"Ändra {case.diarienummer}")


@bp.route("/arenden/<int:case_id>/ta-bort", methods=["POST"])
@login_required
def delete_case(case_id: int):
    """Delete a case that was never submitted (its writer)."""
    case = load_case(case_id)
    if not can_edit(current_user, case):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        delete_draft_case(db.session(), case, current_user)
    except WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(url_for("cases.show", case_id=case.id))
    flash("Ärendet och dess utkast är borttagna.", "success")
    return redirect(url_for("cases.index"))


@bp.route("/arenden/<int:case_id>")
@login_required
def show(case_id: int):
    return _render_case(load_case(case_id), UploadForm())


def _render_case(case: Case, form: UploadForm, error: str | None = None, status: int = 200):
    """The case page; with `error`, the upload form shows why the file was refused."""
    latest = case.latest
    verdicts = latest_verdicts(db.session(), latest) if latest else {}
    title = f"Fel vid uppladdning – {case.diarienummer}" if error else (
        f"{case.diarienummer} {case.title}")
    assessment = assessment_view(latest.report.data, confirmed_assessment(db.session(), latest)) \
        if latest and latest.report else None
    return render_template(
        "cases/show.html", case=case, upload_form=form, confirm=ConfirmForm(formdata=None),
        upload_error=error, verdicts=verdicts, assessment=assessment,
        can_edit=can_edit(current_user, case) and case.state in EDITABLE_STATES,
        can_review=can_review(current_user, case),
        criteria=criteria_views(latest.report.data, verdicts) if latest and latest.report else [],
        title=title), status


@bp.route("/arenden/<int:case_id>/utkast", methods=["POST"])
@login_required
def upload(case_id: int):
    case = load_case(case_id)
    if not can_edit(current_user, case):
        abort(403)
    form = UploadForm()
    session = db.session()
    error = None
    if form.validate_on_submit():
        storage = form.file.data
        content = read_upload(storage)
        try:
            revision = add_revision(session, case, current_user, upload_name(storage.filename),
                                    content)
        except JamcheckError as exc:
            session.rollback()
            error = str(exc)
        else:
            flash(f"Utkast {revision.number} är granskat.", "success")
            return redirect(url_for("cases.report", case_id=case.id, number=revision.number))
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    return _render_case(case, form, error, 400)


def upload_refused(case_id: int, error: str, status: int):
    """The case page with the upload form and `error` (the body was never read)."""
    if not current_user.is_authenticated:
        abort(status)
    case = load_case(case_id)
    if not can_edit(current_user, case):
        abort(403)
    return _render_case(case, UploadForm(formdata=None), error, status)


@bp.route("/arenden/<int:case_id>/utkast/<int:number>")
@login_required
def report(case_id: int, number: int):
    case = load_case(case_id)
    revision = load_revision(case, number)
    session = db.session()
    report = revision.report
    if report is None:
        abort(404)
    previous = None
    if number > 1:
        before = load_revision(case, number - 1)
        previous = before.report.data if before.report else None
    verdicts = latest_verdicts(session, revision)
    return render_template(
        "cases/report.html", case=case, revision=revision, report=report, data=report.data,
        criteria=criteria_views(report.data, verdicts),
        assessment=assessment_view(report.data, confirmed_assessment(session, revision)),
        settings_version=version_of_report(report.data["rules_version"]),
        sections=finding_views(report.data, revision_blocks(revision), dismissals(session, case)),
        changes=compare(previous, report.data), dismiss_form=DismissForm(),
        confirm=ConfirmForm(), is_latest=revision.number == case.latest.number,
        can_edit=can_edit(current_user, case) and case.state in EDITABLE_STATES,
        title=f"Granskning av utkast {number} – {case.diarienummer}")


@bp.route("/arenden/<int:case_id>/skicka-in", methods=["POST"])
@login_required
def submit(case_id: int):
    case = load_case(case_id)
    if not can_edit(current_user, case):
        abort(403)
    if ConfirmForm().validate_on_submit():
        try:
            transition(db.session(), case, current_user, "submit")
            flash("Ärendet är inskickat till nämndsekreteraren.", "success")
        except WorkflowError as exc:
            flash(str(exc), "error")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/arenden/<int:case_id>/utkast/<int:number>/avfarda", methods=["POST"])
@login_required
def dismiss_finding(case_id: int, number: int):
    case = load_case(case_id)
    if not can_edit(current_user, case):
        abort(403)
    revision = load_revision(case, number)
    form = DismissForm()
    target = url_for("cases.report", case_id=case.id, number=number)
    if not form.validate_on_submit():
        flash("Skriv en kort motivering till varför anmärkningen inte är relevant.", "error")
        return redirect(target)
    finding = next((f for f in revision.report.data["findings"] if f["id"] == form.finding.data),
                   None)
    if finding is None:
        abort(404)
    try:
        dismiss(db.session(), case, current_user, finding, form.reason.data)
        flash("Anmärkningen är avfärdad. Nämndsekreteraren ser din motivering.", "success")
    except WorkflowError as exc:
        flash(str(exc), "error")
    return redirect(f"{target}#{finding['id']}")


@bp.route("/arenden/<int:case_id>/avfardanden/<int:dismissal_id>/ta-bort", methods=["POST"])
@login_required
def undismiss_finding(case_id: int, dismissal_id: int):
    case = load_case(case_id)
    if not can_edit(current_user, case):
        abort(403)
    if ConfirmForm().validate_on_submit():
        try:
            undismiss(db.session(), case, current_user, dismissal_id)
            flash("Avfärdandet är borttaget.", "success")
        except WorkflowError as exc:
            flash(str(exc), "error")
    number = case.latest.number if case.latest else 1
    return redirect(url_for("cases.report", case_id=case.id, number=number))


@bp.route("/arenden/<int:case_id>/utkast/<int:number>/rapport.pdf")
@login_required
def report_pdf(case_id: int, number: int):
    case = load_case(case_id)
    revision = load_revision(case, number)
    return downloads.report_pdf(case, revision)


@bp.route("/arenden/<int:case_id>/utkast/<int:number>/kommenterad.docx")
@login_required
def annotated_docx(case_id: int, number: int):
    case = load_case(case_id)
    revision = load_revision(case, number)
    if revision.content is None:
        flash("Utkastets fil är gallrad och kan inte laddas ned.", "error")
        return redirect(url_for("cases.report", case_id=case.id, number=number))
    return downloads.annotated_docx(case, revision, request.args.get("avfardade") == "utelamna")


@bp.route("/arenden/<int:case_id>/utkast/<int:number>/original.docx")
@login_required
def original_docx(case_id: int, number: int):
    case = load_case(case_id)
    revision = load_revision(case, number)
    if revision.content is None:
        abort(404)
    return downloads.original_docx(revision)
