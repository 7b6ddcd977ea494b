"""The organisation's own settings as stored: every change a new version, the latest in
force; the rule set checks are made with."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..ruleset import RuleSet, ruleset_with
from ..settings import OrgSettings
from .models import OrgSettingsVersion, User


def _settings(row: OrgSettingsVersion | None) -> OrgSettings | None:
    return None if row is None else OrgSettings.from_dict(row.data, version=row.version)


def current_row(db: Session) -> OrgSettingsVersion | None:
    return db.scalar(select(OrgSettingsVersion).order_by(OrgSettingsVersion.version.desc())
                     .limit(1))


def current(db: Session) -> OrgSettings | None:
    return _settings(current_row(db))


def version(db: Session, number: int) -> OrgSettingsVersion | None:
    return db.scalar(select(OrgSettingsVersion).where(OrgSettingsVersion.version == number))


def history(db: Session) -> list[OrgSettingsVersion]:
    return list(db.scalars(select(OrgSettingsVersion)
                           .order_by(OrgSettingsVersion.version.desc())).all())


def current_ruleset(db: Session) -> RuleSet:
    """The rule set built with the settings in force (cached per settings version)."""
    return ruleset_with(current(db))


def save(db: Session, settings: OrgSettings, user: User | None, note: str | None = None,
         ) -> OrgSettings | None:
    """Store the settings as the next version; None when they equal the current ones."""
    from .services import audit  # services checks with current_ruleset: import it late

    now = current(db)
    if now is not None and now.digest == settings.digest:
        return None
    if now is None and settings.empty:
        return None
    number = (db.scalar(select(func.max(OrgSettingsVersion.version))) or 0) + 1
    data = settings.to_dict()
    data["version"] = number
    db.add(OrgSettingsVersion(version=number, data=data, note=(note or "").strip() or None,
                              created_by_id=user.id if user else None))
    audit(db, user, "settings_saved", settings_version=number, goals=len(settings.goals))
    db.commit()
    return OrgSettings.from_dict(data, version=number)


def version_of_report(rules_version: str) -> int | None:
    """The settings version a report's rules version names ("1.0+abc+org3-1a2b" -> 3)."""
    for part in rules_version.split("+"):
        if part.startswith("org") and "-" in part and part[3:part.index("-")].isdigit():
            return int(part[3:part.index("-")])
    return None
