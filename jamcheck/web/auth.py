"""Login, logout and role checks (Flask-Login sessions, passwords hashed with scrypt)."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from . import db, login_manager, tokens
from .forms import ConfirmForm, LoginForm, TokenForm
from .models import ApiToken, LoginThrottle, User, utcnow
from .services import audit

bp = Blueprint("auth", __name__)
MAX_FAILED = 5
LOCKOUT = dt.timedelta(minutes=15)
_DUMMY_HASH = generate_password_hash("jamcheck-timing-equaliser")


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session id "<user id>.<session version>": None for an ended session."""
    user_id, _, version = session_id.partition(".")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    user = db.session().get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def role_required(*roles: str):
    """Allow only logged-in users with one of `roles` (403 otherwise)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


LOGIN_FAILED = ("Inloggningen misslyckades: fel användarnamn eller lösenord, eller för många "
                "försök i rad. Kontrollera uppgifterna, eller vänta en stund och försök igen.")


def _throttle_key(username: str) -> str:
    """One counter per account name and client address (unknown names are counted too)."""
    client = request.remote_addr or "-"
    return hashlib.sha256(f"{username.lower()}|{client}".encode()).hexdigest()


def _take_attempt(session, key: str, now: dt.datetime, user: User | None) -> bool:
    """Count one attempt (an atomic increment, committed at once) and say whether it may be
    tried: at most MAX_FAILED attempts per account and client until the lockout has passed."""
    row = session.get(LoginThrottle, key)
    if row is not None and row.locked_until is not None and row.locked_until <= now:
        session.execute(update(LoginThrottle).where(LoginThrottle.key == key)
                        .values(failures=0, locked_until=None))
    updated = session.execute(update(LoginThrottle).where(LoginThrottle.key == key)
                              .values(failures=LoginThrottle.failures + 1))
    if updated.rowcount == 0:
        try:
            with session.begin_nested():
                session.add(LoginThrottle(key=key, failures=1))
        except IntegrityError:  # a parallel attempt created it first
            session.execute(update(LoginThrottle).where(LoginThrottle.key == key)
                            .values(failures=LoginThrottle.failures + 1))
    session.flush()
    failures = session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key == key))
    if failures >= MAX_FAILED:
        locked = session.execute(update(LoginThrottle).where(
            LoginThrottle.key == key, LoginThrottle.locked_until.is_(None))
            .values(locked_until=now + LOCKOUT))
        if locked.rowcount and user is not None:
            audit(session, user, "account_locked")
    session.commit()
    return failures <= MAX_FAILED


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("cases.home"))
    form = LoginForm()
    error = None
    local = current_app.config["LOCAL_LOGIN"]
    if request.method == "POST" and not local:
        error = "Logga in via organisationens inloggning; lokala lösenord är avstängda."
    elif form.validate_on_submit():
        session = db.session()
        username = form.username.data.strip()
        key = _throttle_key(username)
        user = session.scalar(select(User).where(User.username == username))
        allowed = _take_attempt(session, key, utcnow(), user)
        if not allowed:
            error = LOGIN_FAILED
        elif user is None or not user.active:
            check_password_hash(_DUMMY_HASH, form.password.data)  # same time as a real check
            error = LOGIN_FAILED
        elif not check_password_hash(user.password_hash, form.password.data):
            error = LOGIN_FAILED
        else:
            session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
            audit(session, user, "login")
            session.commit()
            flask_session.clear()  # a new session (and CSRF token) at login
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("cases.home"))
    sso_name = current_app.config["OIDC_NAME"] if current_app.config.get("OIDC_ISSUER") else None
    return render_template("login.html", form=form, error=error, local_login=local,
                           sso_name=sso_name, title="Logga in"), (200 if error is None else 401)


@bp.route("/logga-ut", methods=["POST"])
@login_required
def logout():
    from .sso import logout_url

    current_user.end_sessions()  # every session of the user, also a copied cookie
    audit(db.session(), current_user, "logout")
    db.session().commit()
    id_token = flask_session.get("sso_id_token")
    logout_user()
    flask_session.clear()
    provider = logout_url(id_token) if id_token else None
    if provider:  # also end the session at the identity provider
        return redirect(provider)
    flash("Du är utloggad.", "info")
    return redirect(url_for("auth.login"))


# --- personal API tokens --------------------------------------------------------------------

def _token_owner() -> User:
    """The user whose tokens are shown: oneself, or (for an admin) ?anvandare=<id>."""
    raw = request.args.get("anvandare")
    if raw is None or raw == str(current_user.id):
        return current_user
    if current_user.role != "admin":
        abort(403)
    wanted = int(raw) if raw.isdigit() else None
    user = db.session().get(User, wanted) if db.valid_id(wanted) else None
    if user is None:
        abort(404)
    return user


@bp.route("/konto/api-nycklar", methods=["GET", "POST"])
@login_required
def api_tokens():
    owner = _token_owner()
    session = db.session()
    form = TokenForm()
    created = None
    if form.validate_on_submit():
        _row, created = tokens.create(session, owner, form.name.data, current_user)
        form = TokenForm(formdata=None)
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == owner.id)
                           .order_by(ApiToken.id.desc())).all()
    return render_template("account/tokens.html", form=form, confirm=ConfirmForm(), rows=rows,
                           owner=owner, created=created, title="API-nycklar")


@bp.route("/konto/api-nycklar/<int:token_id>/aterkalla", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    session = db.session()
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != current_user.id and current_user.role != "admin"):
        abort(404)
    if ConfirmForm().validate_on_submit():
        tokens.revoke(session, row, current_user)
        flash(f"API-nyckeln ”{row.name}” är återkallad.", "success")
    args = {} if row.user_id == current_user.id else {"anvandare": row.user_id}
    return redirect(url_for("auth.api_tokens", **args))
