"""The administrator's page for the organisation's own settings: its equality goals, the
headings of its template and its own words; every change a new version, the history, export
and import as YAML, and a re-check of open cases with the new settings."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..settings import OrgSettings, SettingsError
from . import db, orgsettings
from .auth import role_required
from .forms import ConfirmForm, SettingsForm, SettingsImportForm
from .services import outdated_revisions, read_upload, recheck_outdated

bp = Blueprint("settings", __name__, url_prefix="/admin/installningar")
EMPTY_GOAL_ROWS = 3
OPEN_STATES = ("draft", "submitted", "returned")
RECHECK_BATCH = 200


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _form_settings(form: SettingsForm) -> OrgSettings:
    goals = [{"name": g.form.name.data, "terms": [t for t in (g.form.terms.data or "").split(";")
                                                  if t.strip()],
              "description": g.form.description.data}
             for g in form.goals if (g.form.name.data or "").strip()]
    return OrgSettings.from_dict({
        "goals": goals,
        "headings": {"analysis": _lines(form.analysis_headings.data),
                     "decision": _lines(form.decision_headings.data)},
        "words": {"neutral": _lines(form.neutral_words.data),
                  "not_target": _lines(form.not_target_words.data)}})


def _fill(form: SettingsForm, settings: OrgSettings | None) -> None:
    settings = settings or OrgSettings()
    for goal in settings.goals:
        form.goals.append_entry({"name": goal.name, "terms": "; ".join(goal.terms),
                                 "description": goal.description})
    for _ in range(EMPTY_GOAL_ROWS):
        form.goals.append_entry()
    form.analysis_headings.data = "\n".join(settings.analysis_headings)
    form.decision_headings.data = "\n".join(settings.decision_headings)
    form.neutral_words.data = "\n".join(settings.neutral_words)
    form.not_target_words.data = "\n".join(settings.not_target_words)


@bp.route("/", methods=["GET", "POST"])
@role_required("admin")
def edit():
    session = db.session()
    form = SettingsForm()
    error = None
    if request.method == "GET":
        _fill(form, orgsettings.current(session))
    elif form.validate_on_submit():
        try:
            settings = _form_settings(form)
        except SettingsError as exc:
            error = str(exc)
        else:
            saved = orgsettings.save(session, settings, current_user, form.note.data)
            if saved is None:
                flash("Inget ändrades.", "info")
            else:
                flash(f"Inställningarna är sparade som version {saved.version}. Nya granskningar "
                      "görs med dem; öppna ärenden kan granskas igen nedan.", "success")
            return redirect(url_for("settings.edit"))
    ruleset = orgsettings.current_ruleset(session)
    outdated = session.scalar(select(func.count()).select_from(
        outdated_revisions(ruleset.version, OPEN_STATES).subquery()))
    status = 400 if (error or form.errors) else 200
    return render_template(
        "admin/settings.html", title="Organisationens inställningar", form=form, error=error,
        history=orgsettings.history(session), current=orgsettings.current(session),
        outdated=outdated, rules_version=ruleset.version, confirm=ConfirmForm(),
        import_form=SettingsImportForm()), status


@bp.route("/version/<int:number>")
@login_required
def show(number: int):
    """A version of the settings, read-only: what a report checked with it was checked with."""
    row = orgsettings.version(db.session(), number)
    if row is None:
        abort(404)
    settings = OrgSettings.from_dict(row.data, version=row.version)
    latest = orgsettings.current_row(db.session())
    return render_template("admin/settings_version.html", title=f"Inställningar version {number}",
                           row=row, settings=settings,
                           is_current=latest is not None and latest.version == number)


@bp.route("/export.yml")
@role_required("admin")
def export():
    session = db.session()
    number = request.args.get("version", type=int)
    row = orgsettings.version(session, number) if number else orgsettings.current_row(session)
    settings = (OrgSettings.from_dict(row.data, version=row.version) if row is not None
                else OrgSettings())
    name = f"jamcheck-installningar-version-{settings.version}.yml"
    return Response(settings.to_yaml(), mimetype="application/yaml",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/importera", methods=["POST"])
@role_required("admin")
def import_file():
    session = db.session()
    form = SettingsImportForm()
    if not form.validate_on_submit():
        flash("Välj en inställningsfil (YAML) att importera.", "error")
        return redirect(url_for("settings.edit"))
    content = read_upload(form.file.data)
    try:
        settings = OrgSettings.from_yaml(content.decode("utf-8"))
    except UnicodeDecodeError:
        flash("Filen är inte en textfil i UTF-8. Importera en YAML-fil som exporterats härifrån.",
              "error")
        return redirect(url_for("settings.edit"))
    except SettingsError as exc:
        flash(f"Filen importerades inte: {exc}", "error")
        return redirect(url_for("settings.edit"))
    saved = orgsettings.save(session, settings, current_user,
                             f"Importerad från {form.file.data.filename}"[:300])
    flash("Filen innehöll samma inställningar som nu; inget ändrades." if saved is None else
          f"Inställningarna är importerade som version {saved.version}.",
          "info" if saved is None else "success")
    return redirect(url_for("settings.edit"))


@bp.route("/granska-om", methods=["POST"])
@role_required("admin")
def recheck_open():
    """Check the open cases' latest drafts again with the settings in force."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = db.session()
    ruleset = orgsettings.current_ruleset(session)
    done = recheck_outdated(session, ruleset, current_user, RECHECK_BATCH, OPEN_STATES)
    flash(f"{done} öppna ärenden är granskade igen med de nuvarande inställningarna. "
          "De tidigare rapporterna finns kvar.", "success")
    return redirect(url_for("settings.edit"))

