"""The jamcheck web application: `create_app()` builds it; blueprints by area (auth, cases,
review, admin, pages)."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from werkzeug.routing import IntegerConverter

from .. import __version__, data
from ..localtime import local_text
from ..words import counted
from . import config as config_module
from . import db

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Logga in för att se sidan."
login_manager.login_message_category = "info"

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits without a leading zero ("/arenden/١٣" and
    "/arenden/013" are no match: one address per object), and numbers past the id columns'
    range are no match either (404), instead of reaching the database as an overflow."""

    regex = r"[1-9][0-9]*"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", db.MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(data.folder("templates")),
                static_folder=str(data.folder("static")), static_url_path="/static")
    app.url_map.converters["int"] = IdConverter
    app.config.update(config_module.from_env(overrides))
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)

    from . import account, admin, api, auth, cases, dashboard, pages, review, settings_admin
    for module in (auth, account, cases, review, dashboard, admin, settings_admin, pages, api):
        app.register_blueprint(module.bp)
    from . import sso
    sso.init_app(app)  # only when an identity provider is configured
    app.register_blueprint(sso.admin_bp)
    from .commands import register
    register(app)

    if app.config["AUTO_MIGRATE"]:
        from .migrate import upgrade
        migration_engine = db.make_engine(app.config["DATABASE_URL"])
        upgrade(migration_engine)
        migration_engine.dispose()  # no connection survives into forked workers
    if app.config.get("PRELOAD", True):
        from ..language import pipeline
        from ..ruleset import default_ruleset
        default_ruleset()  # the rule set and the Swedish pipeline: once per process
        pipeline()

    _register_errors(app)
    app.after_request(_security_headers)

    @app.template_filter("criterion_title")
    def _criterion_title(criterion_id: str) -> str:
        from ..ruleset import default_ruleset
        return default_ruleset().titles.get(criterion_id, criterion_id)

    app.add_template_filter(counted, "counted")  # {{ n|counted("ärende", "ärenden") }}
    app.add_template_filter(local_text, "localtime")  # stored UTC shown in Swedish time

    @app.template_filter("example_html")
    def _example_html(raw: str) -> Markup:
        """A rule example with the passage it must quote marked (<marker> as <mark>)."""
        from ..ruleset import split_example
        text, marked = split_example(raw)
        if marked is None:
            return Markup.escape(text)
        before, _, after = raw.partition("<marker>")
        after = after.partition("</marker>")[2]
        return Markup("{}<mark>{}</mark>{}").format(before, marked, after)

    @app.context_processor
    def _globals():
        from flask_login import current_user

        from .notify import unread_count
        unread = 0
        if current_user.is_authenticated:
            try:
                unread = unread_count(db.session(), current_user)
            except SQLAlchemyError:  # an error page while the database is down still renders
                unread = 0
        return {"organisation": app.config["ORGANISATION"], "jamcheck_version": __version__,
                "unread_notifications": unread}

    return app


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    if current_app.config.get("PRODUCTION"):  # served over HTTPS only
        response.headers.setdefault("Strict-Transport-Security",
                                    "max-age=31536000; includeSubDomains")
    return response


# What SQLite and PostgreSQL say when the database cannot take a write just now.
DB_UNAVAILABLE = ("database is locked", "disk is full", "disk full", "no space left",
                  "readonly database", "read-only", "could not extend file",
                  "could not write", "database or disk is full")

ERRORS = {
    400: ("Felaktig begäran", "Begäran kunde inte behandlas. Gå tillbaka och försök igen."),
    403: ("Åtkomst nekad", "Du har inte behörighet till den här sidan."),
    404: ("Sidan finns inte", "Sidan eller ärendet finns inte, eller så har du inte tillgång till det."),
    405: ("Otillåten metod", "Sidan kan inte användas på det sättet."),
    413: ("Filen är för stor", None),
    409: ("Uppgiften finns redan", ("Det du skickade krockar med något som redan finns, till "
                                    "exempel ett användarnamn som just skapades. Ingenting "
                                    "sparades; kontrollera uppgifterna och försök igen.")),
    429: ("För många försök", "Vänta en stund och försök igen."),
    503: ("Tjänsten är tillfälligt otillgänglig", (
        "Databasen kan inte ta emot ändringar just nu (den är upptagen, full eller skrivskyddad). "
        "Ingenting av det du skickade har sparats. Försök igen om en stund; kvarstår felet, "
        "kontakta administratören.")),
    500: ("Något gick fel", ("Ett oväntat fel inträffade. Ingenting av det du skickade har "
                            "sparats till hälften; försök igen eller kontakta administratören.")),
}


def _register_errors(app: Flask) -> None:
    from .api import error_response, is_api_request

    def render(code: int, text: str | None = None):
        title, default = ERRORS[code]
        if is_api_request():
            return error_response(code, text or default)
        try:
            return render_template("error.html", title=title, message=text or default,
                                   code=code), code
        except Exception:  # noqa: BLE001  the page itself needs the database (the menu)
            db.rollback()
            return (f'<!doctype html><html lang="sv"><meta charset="utf-8"><title>{title}</title>'
                    f"<h1>{title}</h1><p>{text or default}</p></html>"), code

    @app.errorhandler(DBAPIError)
    def _database(err):
        """A database that is locked, full or read-only: 503; a unique value taken by a
        parallel request: 409; anything else: 500. The session is rolled back first."""
        db.rollback()
        if isinstance(err, IntegrityError):
            return render(409)
        message = str(getattr(err, "orig", err)).lower()
        if any(word in message for word in DB_UNAVAILABLE):
            app.logger.warning("Databasen otillgänglig: %s", message[:200])
            return render(503)
        app.logger.exception("Databasfel")
        return render(500)

    @app.errorhandler(500)
    def _internal(_e):
        db.rollback()
        return render(500)

    @app.errorhandler(CSRFError)
    def _csrf(_e):
        return render(400, "Formuläret hade gått ut eller saknade sin säkerhetskod (CSRF). "
                           "Ladda om sidan och skicka igen.")

    @app.errorhandler(413)
    def _too_large(_e):
        mb = app.config["MAX_UPLOAD_MB"]
        if request.endpoint == "cases.upload" and not is_api_request():
            from .cases import upload_refused  # the case page again, with the form and the error
            return upload_refused(request.view_args["case_id"], (
                f"Filen är större än {mb} MB och togs inte emot. Ingenting sparades. "
                "Välj en mindre fil."), 413)
        return render(413, f"Filen är större än {mb} MB och togs inte emot. Ingenting sparades. "
                           f"Gå tillbaka och välj en mindre fil.")

    for code in (400, 403, 404, 405, 429):
        app.register_error_handler(code, lambda e, code=code: render(code))
