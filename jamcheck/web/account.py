"""The user's own pages: notifications about their cases, and their e-mail settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import update

from . import db, notify
from .forms import AccountForm, ConfirmForm
from .models import Notification, utcnow
from .services import audit

bp = Blueprint("account", __name__)


@bp.route("/aviseringar")
@login_required
def notifications():
    rows = notify.latest(db.session(), current_user, limit=200)
    return render_template("account/notifications.html", rows=rows, confirm=ConfirmForm(),
                           title="Aviseringar")


@bp.route("/aviseringar/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Mark one notification read and go to its case."""
    session = db.session()
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    if row.read_at is None:
        row.read_at = utcnow()
        session.commit()
    return redirect(row.link)


@bp.route("/aviseringar/lasta", methods=["POST"])
@login_required
def mark_all_read():
    if ConfirmForm().validate_on_submit():
        session = db.session()
        session.execute(update(Notification).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow()))
        session.commit()
        flash("Alla aviseringar är markerade som lästa.", "success")
    return redirect(url_for("account.notifications"))


@bp.route("/konto", methods=["GET", "POST"])
@login_required
def settings():
    session = db.session()
    user = current_user._get_current_object()
    form = AccountForm(obj=user)
    if form.validate_on_submit():
        email = (form.email.data or "").strip() or None
        wants = bool(form.notify_email.data)
        changed = [name for name, old, new in (("email", user.email, email),
                                               ("notify_email", user.notify_email, wants))
                   if old != new]
        if changed:
            user.email, user.notify_email = email, wants
            audit(session, user, "account_updated", user_id=user.id, changed=changed)
            session.commit()
            flash("Dina inställningar är sparade.", "success")
        else:
            flash("Inget ändrades.", "info")
        return redirect(url_for("account.settings"))
    status = 400 if form.errors else 200
    return render_template("account/settings.html", form=form, user=user,
                           mail_on=notify.settings() is not None, title="Mitt konto"), status
