"""Personal API tokens: created once (shown to the user only then), stored as SHA-256, revoked."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .models import ApiToken, User, utcnow
from .services import audit

PREFIX = "jc_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(session: Session, user: User, name: str, by: User) -> tuple[ApiToken, str]:
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip()[:100] or "API-nyckel",
                   token_hash=digest(token), prefix=token[:10])
    session.add(row)
    session.flush()
    audit(session, by, "api_token_created", token_id=row.id, for_user=user.id)
    session.commit()
    return row, token


def revoke(session: Session, row: ApiToken, by: User) -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit(session, by, "api_token_revoked", token_id=row.id, for_user=row.user_id)
        session.commit()


def user_for(session: Session, token: str) -> User | None:
    """The active user a presented token belongs to, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now  # coarse, so that reads don't write on every request
        try:
            session.commit()
        except OperationalError:  # a locked or read-only database: reading goes on
            session.rollback()
            row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
    return row.user
