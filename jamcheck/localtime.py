"""Times as users read them: stored as UTC (naive datetimes in the database), shown in Swedish
local time (Europe/Stockholm, with summer time) on pages, in PDFs and CSV files, and given in
the API as ISO 8601 with the offset."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(value: dt.datetime) -> dt.datetime:
    """A stored UTC time (naive or aware) in Swedish local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(STOCKHOLM)


def local_text(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time as Swedish local time text ("" for none)."""
    return local(value).strftime(fmt) if value is not None else ""


def iso(value: dt.datetime | dt.date | None) -> str | None:
    """ISO 8601 for the API: a time with its offset (+01:00 or +02:00), a date as it is."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return local(value).isoformat()
    return value.isoformat()
