"""Configuration from environment variables, with safe defaults for the embedded demo."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..errors import JamcheckError

INSTANCE_DIR = Path(os.environ.get("JAMCHECK_INSTANCE", Path.cwd() / "instance"))


class ConfigError(JamcheckError):
    """The application cannot start with this configuration."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "ja", "on")


def _instance_secret() -> str:
    """Outside production: a random key kept in the instance folder, shared by all workers."""
    path = INSTANCE_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        try:
            with open(path, "x") as handle:  # exclusive: the first worker wins
                handle.write(key)
            path.chmod(0o600)
        except FileExistsError:
            return path.read_text().strip()
        return key


def from_env(overrides: dict | None = None) -> dict:
    """Settings for create_app; `overrides` (tests) win over the environment."""
    overrides = overrides or {}
    production = overrides.get("PRODUCTION", _bool("JAMCHECK_PRODUCTION", False))
    secret = overrides.get("SECRET_KEY", os.environ.get("JAMCHECK_SECRET_KEY"))
    if not secret:
        if production:
            raise ConfigError(
                "JAMCHECK_SECRET_KEY måste vara satt när jamcheck körs i produktionsläge "
                "(JAMCHECK_PRODUCTION=1).")
        secret = _instance_secret()
    database_url = overrides.get("DATABASE_URL", os.environ.get("DATABASE_URL")) or (
        f"sqlite:///{INSTANCE_DIR / 'jamcheck.sqlite'}")
    max_mb = int(os.environ.get("JAMCHECK_MAX_UPLOAD_MB", "20"))
    config = {
        "PRODUCTION": production,
        "SECRET_KEY": secret,
        "DATABASE_URL": database_url,
        "ORGANISATION": os.environ.get("JAMCHECK_ORGANISATION", "Demoregionen"),
        # the file may be MAX_UPLOAD_MB in the web form and the API alike (upload_limit()); the
        # request a little larger, for the form's other fields and the multipart framing
        "MAX_CONTENT_LENGTH": max_mb * 1024 * 1024 + 256 * 1024,
        "MAX_UPLOAD_MB": max_mb,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("JAMCHECK_SECURE_COOKIES", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # token lives as long as the session
        "WTF_I18N_ENABLED": False,  # WTForms' own Swedish messages (forms.Form), no Babel
        "AUTO_MIGRATE": _bool("JAMCHECK_AUTO_MIGRATE", True),
        # e-mail notifications: off unless a mail server is configured
        "SMTP_URL": os.environ.get("JAMCHECK_SMTP_URL", ""),
        "MAIL_FROM": os.environ.get("JAMCHECK_MAIL_FROM", "jamcheck@localhost"),
        "BASE_URL": os.environ.get("JAMCHECK_BASE_URL", ""),  # for links in e-mails
        # single sign-on with the organisation's identity provider (OpenID Connect)
        "OIDC_ISSUER": os.environ.get("JAMCHECK_OIDC_ISSUER", ""),
        "OIDC_CLIENT_ID": os.environ.get("JAMCHECK_OIDC_CLIENT_ID", ""),
        "OIDC_CLIENT_SECRET": os.environ.get("JAMCHECK_OIDC_CLIENT_SECRET", ""),
        "OIDC_SCOPES": os.environ.get("JAMCHECK_OIDC_SCOPES", "openid profile email"),
        "OIDC_GROUPS_CLAIM": os.environ.get("JAMCHECK_OIDC_GROUPS_CLAIM", "groups"),
        "OIDC_NAME": os.environ.get("JAMCHECK_OIDC_NAME", "organisationens inloggning"),
        "LOCAL_LOGIN": _bool("JAMCHECK_LOCAL_LOGIN", True),  # local passwords
    }
    config.update(overrides)
    config["SMTP"] = _smtp(config)
    if config["OIDC_ISSUER"] and not config["OIDC_CLIENT_ID"]:
        raise ConfigError("JAMCHECK_OIDC_CLIENT_ID måste vara satt när JAMCHECK_OIDC_ISSUER är satt.")
    if not config["LOCAL_LOGIN"] and not config["OIDC_ISSUER"]:
        raise ConfigError("Lokala lösenord kan bara stängas av (JAMCHECK_LOCAL_LOGIN=0) när "
                          "inloggning via identitetsleverantör är inställd (JAMCHECK_OIDC_ISSUER).")
    return config


def _smtp(config: dict):
    from .notify import SmtpSettings

    if not config.get("SMTP_URL"):
        return None
    try:
        return SmtpSettings.parse(config["SMTP_URL"], config["MAIL_FROM"])
    except ValueError as err:
        raise ConfigError(str(err)) from None
