"""A case or a revision as the current user may have it: the object, or 404 (never revealing
that it exists). Who may see, edit and review is decided in services (can_see ...)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from . import db
from .models import Case, Revision
from .services import can_see


def load_case(case_id: int) -> Case:
    """The case if the current user may see it; 404 otherwise."""
    case = db.session().get(Case, case_id)
    if case is None or not can_see(current_user, case):
        abort(404)
    return case


def load_revision(case: Case, number: int) -> Revision:
    revision = db.session().scalar(select(Revision).where(
        Revision.case_id == case.id, Revision.number == number))
    if revision is None:
        abort(404)
    return revision
