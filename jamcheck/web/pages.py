"""Pages everyone can read: help on the criteria and the accessibility statement."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.route("/hjalp")
def help():
    return render_template("pages/help.html", title="Hjälp")


@bp.route("/tillganglighet")
def accessibility():
    return render_template("pages/accessibility.html", title="Tillgänglighetsredogörelse")
