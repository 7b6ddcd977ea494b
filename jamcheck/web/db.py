"""Database engine and sessions: SQLite (write-ahead log) by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# How long a write waits for another writer on SQLite before the request gets a 503.
SQLITE_BUSY_SECONDS = 10
# Ids are 32-bit integer columns on PostgreSQL; a larger number in a URL cannot name a row.
MAX_ID = 2**31 - 1


def valid_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_SECONDS * 1000)}")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["jamcheck.engine"] = engine
    app.extensions["jamcheck.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def session() -> Session:
    """The request's database session (one per application context)."""
    if "db" not in g:
        g.db = current_app.extensions["jamcheck.sessionmaker"]()
    return g.db


def engine() -> Engine:
    return current_app.extensions["jamcheck.engine"]


def rollback() -> None:
    """Roll back the request's session, if it has one, so that an error page can still read
    (and a failed transaction leaves nothing half-stored)."""
    db = g.get("db")
    if db is not None:
        try:
            db.rollback()
        except Exception:  # noqa: BLE001  a broken connection: drop the session
            g.pop("db", None)


def _close_session(_exc) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()
