"""Single sign-on with the organisation's identity provider over OpenID Connect
(authorization code flow with PKCE, Authlib), configured by environment:
JAMCHECK_OIDC_ISSUER, JAMCHECK_OIDC_CLIENT_ID, JAMCHECK_OIDC_CLIENT_SECRET.

Roles and committees come from the provider's group claim through the administrator's
mapping (group -> role, group -> committees), applied at every login: the first login
creates the user, and a user without a mapped group is refused (and, if they had an account,
loses access). Every refusal is a Swedish message and creates nothing.
"""

from __future__ import annotations

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user
from joserfc.errors import JoseError
from sqlalchemy import select

from . import db
from .auth import role_required
from .forms import ConfirmForm, GroupMappingForm, options
from .models import ROLES, Committee, SsoGroupMapping, User
from .services import audit, committees_by_name

log = logging.getLogger(__name__)
bp = Blueprint("sso", __name__)
oauth = OAuth()
ROLE_RANK = {"writer": 0, "secretary": 1, "admin": 2}
REFUSED = ("Inloggningen via {provider} kunde inte slutföras: {why} Försök igen, eller kontakta "
           "administratören om det inte går.")


def init_app(app) -> None:
    """Register the identity provider when it is configured."""
    if not app.config.get("OIDC_ISSUER"):
        return
    oauth.init_app(app)
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        "idp", client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPES"], "code_challenge_method": "S256",
                       "timeout": 10})
    app.register_blueprint(bp)


def enabled() -> bool:
    return bool(current_app.config.get("OIDC_ISSUER"))


@bp.route("/logga-in/sso")
def start():
    """Send the browser to the identity provider (state, nonce and PKCE in the session)."""
    try:
        return oauth.idp.authorize_redirect(url_for("sso.callback", _external=True),
                                            nonce=generate_token(20))
    except (AuthlibBaseError, requests.RequestException, RuntimeError, ValueError) as exc:
        log.warning("OIDC: the provider could not be reached: %s", exc)
        return _refused("identitetsleverantören svarar inte.")


@bp.route("/logga-in/sso/svar")
def callback():
    try:
        token = oauth.idp.authorize_access_token()
    except (AuthlibBaseError, JoseError, requests.RequestException, KeyError, TypeError,
            ValueError) as exc:
        log.warning("OIDC: login refused: %s: %s", type(exc).__name__, exc)
        return _refused(_why(exc))
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        return _refused("identitetsleverantören skickade ingen giltig ID-token.")
    return _log_in(claims, token.get("id_token"))


def _why(exc: Exception) -> str:
    name = type(exc).__name__
    text = str(exc).lower()
    if "state" in name.lower() or "state" in text:
        return "inloggningsförsöket var okänt eller redan använt."
    if "expired" in name.lower() or "expired" in text:
        return "inloggningsbeviset (ID-token) har gått ut."
    if "signature" in name.lower() or "signature" in text:
        return "inloggningsbeviset (ID-token) har en ogiltig signatur."
    if "nonce" in text:
        return "inloggningsbeviset (ID-token) hör inte till det här inloggningsförsöket."
    if "iss" in text or "aud" in text or "claim" in name.lower():
        return "inloggningsbeviset (ID-token) är inte utfärdat av er identitetsleverantör för jamcheck."
    return "identitetsleverantören godkände inte inloggningen."


def _refused(why: str, status: int = 401):
    provider = current_app.config.get("OIDC_NAME") or "identitetsleverantören"
    return render_template("login_refused.html", title="Inloggningen misslyckades",
                           message=REFUSED.format(provider=provider, why=why)), status


def groups_of(claims) -> list[str]:
    value = claims.get(current_app.config["OIDC_GROUPS_CLAIM"]) or []
    if isinstance(value, str):
        value = [value]
    return [str(g) for g in value if isinstance(g, str | int)]


def access_for(db_session, groups: list[str]) -> tuple[str | None, list[Committee]]:
    """The role (the highest of the mapped groups) and the committees the groups give."""
    rows = db_session.scalars(select(SsoGroupMapping).where(SsoGroupMapping.group.in_(groups))
                              ).all() if groups else []
    roles = [r.role for r in rows if r.role]
    role = max(roles, key=ROLE_RANK.get) if roles else None
    committees = {r.committee_id: r.committee for r in rows if r.committee_id}
    return role, sorted(committees.values(), key=lambda c: c.name)


def _log_in(claims, id_token: str | None):
    db_session = db.session()
    subject = f"{claims['iss']}|{claims['sub']}"
    user = db_session.scalar(select(User).where(User.sso_subject == subject))
    role, committees = access_for(db_session, groups_of(claims))
    if role is None:
        if user is not None and user.active:
            user.active = False  # no mapped group any more: no access
            user.end_sessions()
            audit(db_session, user, "sso_access_removed", user_id=user.id)
            db_session.commit()
        return _refused("ditt konto har ingen grupp som ger behörighet i jamcheck.", 403)
    name = str(claims.get("name") or claims.get("preferred_username") or claims["sub"])[:200]
    if user is None:
        user = User(username=_free_username(db_session, claims), name=name, role=role,
                    password_hash="!sso", sso_subject=subject,
                    email=str(claims["email"])[:254] if claims.get("email") else None)
        db_session.add(user)
        db_session.flush()
        audit(db_session, user, "user_created", user_id=user.id, username=user.username,
              role=role, via="sso")
    user.name, user.role, user.active = name, role, True
    user.committees = committees if role == "secretary" else []
    audit(db_session, user, "login", via="sso")
    db_session.commit()
    session.clear()
    login_user(user)
    session["sso_id_token"] = id_token
    flash(f"Du är inloggad som {user.name}.", "success")
    return redirect(url_for("cases.home"))


def _free_username(db_session, claims) -> str:
    base = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])[:70]
    name, n = base, 1
    while db_session.scalar(select(User.id).where(User.username == name)):
        n += 1
        name = f"{base}-{n}"
    return name


def logout_url(id_token: str | None) -> str | None:
    """The provider's end-session address for RP-initiated logout, when it offers one."""
    if not enabled():
        return None
    try:
        metadata = oauth.idp.load_server_metadata()
    except (AuthlibBaseError, requests.RequestException, ValueError):
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    url = oauth.idp.create_logout_url(
        post_logout_redirect_uri=url_for("auth.login", _external=True), id_token_hint=id_token)
    return url.get("url") if isinstance(url, dict) else url


# --- the administrator's mapping from the provider's groups to roles and committees --------

admin_bp = Blueprint("sso_admin", __name__, url_prefix="/admin/inloggning")


@admin_bp.route("/", methods=["GET", "POST"])
@role_required("admin")
def mappings():
    db_session = db.session()
    committees = committees_by_name(db_session)
    form = GroupMappingForm()
    form.role.choices = options([("", "Ingen roll (bara nämnd)"), *ROLES.items()])
    form.committee.choices = options([("", "Ingen nämnd"),
                                      *((str(c.id), c.name) for c in committees)])
    if request.method == "POST" and request.form.get("delete"):
        if not ConfirmForm().validate_on_submit():
            abort(400)
        row = db_session.get(SsoGroupMapping, request.form.get("delete", type=int) or 0)
        if row is not None:
            audit(db_session, current_user, "sso_mapping_removed", group=row.group)
            db_session.delete(row)
            db_session.commit()
            flash(f"Kopplingen för gruppen {row.group} är borttagen.", "success")
        return redirect(url_for("sso_admin.mappings"))
    if form.validate_on_submit():
        role = form.role.data or None
        committee = int(form.committee.data) if form.committee.data else None
        if role is None and committee is None:
            form.role.errors.append("Välj en roll, en nämnd eller båda.")
        else:
            db_session.add(SsoGroupMapping(group=form.group.data.strip(), role=role,
                                           committee_id=committee))
            audit(db_session, current_user, "sso_mapping_added", group=form.group.data.strip(),
                  role=role, committee=committee)
            db_session.commit()
            flash("Kopplingen är sparad. Den gäller från användarens nästa inloggning.",
                  "success")
            return redirect(url_for("sso_admin.mappings"))
    rows = db_session.scalars(select(SsoGroupMapping).order_by(SsoGroupMapping.group)).all()
    status = 400 if form.errors or form.role.errors else 200
    return render_template("admin/sso.html", title="Inloggning via identitetsleverantör",
                           form=form, rows=rows, roles=ROLES, confirm=ConfirmForm(),
                           configured=enabled(),
                           issuer=current_app.config.get("OIDC_ISSUER")), status

