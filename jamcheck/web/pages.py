"""Pages everyone can read: help on the criteria and the accessibility statement.

The help texts for the seven criteria live in help/criteria_help.yml at the top of the
repository (next to rules/), so that someone who writes Swedish but not Python can edit
them. The file is re-read when it changes; a broken file fails with a Swedish message that
names the file and the field.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, render_template

from .. import data
from ..criteria import CRITERIA
from ..errors import JamcheckError

HELP_DIR = data.folder("help")
CRITERIA_HELP = HELP_DIR / "criteria_help.yml"
TEXT_FIELDS = ("meaning", "applies", "score_3", "score_2", "score_1")
EXAMPLE_FIELDS = ("good", "weak")

bp = Blueprint("pages", __name__)


class HelpError(JamcheckError):
    """The help file is broken; the message names the file and the field."""


_lock = threading.Lock()
_cache: dict[Path, tuple[float, list[dict[str, Any]]]] = {}


def _text(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise HelpError(f"Hjälpfilen {path}: fältet '{where}' ska vara en text som inte är tom.")
    return " ".join(value.split())


def parse_criteria_help(path: Path, data: Any) -> list[dict[str, Any]]:
    """Validate the help file's content; return one entry per criterion, in CRITERIA order."""
    entries = data.get("criteria") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise HelpError(f"Hjälpfilen {path}: fältet 'criteria' ska vara en lista.")
    by_id: dict[str, dict[str, Any]] = {}
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise HelpError(f"Hjälpfilen {path}: post {n} under 'criteria' ska ha fält (id, meaning ...).")
        cid = entry.get("id")
        if cid not in CRITERIA:
            raise HelpError(f"Hjälpfilen {path}: fältet 'id' i post {n} är {cid!r}, men ska vara "
                            f"ett av {', '.join(CRITERIA)}.")
        if cid in by_id:
            raise HelpError(f"Hjälpfilen {path}: kriteriet '{cid}' finns två gånger.")
        item: dict[str, Any] = {"id": cid}
        for name in TEXT_FIELDS:
            item[name] = _text(path, f"{cid}.{name}", entry.get(name))
        for name in EXAMPLE_FIELDS:
            example = entry.get(name)
            if not isinstance(example, dict):
                raise HelpError(f"Hjälpfilen {path}: fältet '{cid}.{name}' ska ha 'text' och 'why'.")
            item[name] = {"text": _text(path, f"{cid}.{name}.text", example.get("text")),
                          "why": _text(path, f"{cid}.{name}.why", example.get("why"))}
        by_id[cid] = item
    missing = [c for c in CRITERIA if c not in by_id]
    if missing:
        raise HelpError(f"Hjälpfilen {path}: kriterierna {', '.join(missing)} saknas.")
    return [by_id[c] for c in CRITERIA]


def load_criteria_help(path: Path = CRITERIA_HELP) -> list[dict[str, Any]]:
    """The help entries, read again only when the file has changed."""
    try:
        mtime = path.stat().st_mtime
    except OSError as err:
        raise HelpError(f"Hjälpfilen {path} kan inte läsas: {err.strerror}.") from None
    with _lock:
        cached = _cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        try:
            with open(path, encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" (rad {mark.line + 1})" if mark is not None else ""
            raise HelpError(f"Hjälpfilen {path} är inte giltig YAML{where}.") from None
        entries = parse_criteria_help(path, data)
        _cache[path] = (mtime, entries)
        return entries


@bp.route("/hjalp")
def help():
    return render_template("pages/help.html", title="Hjälp", criteria_help=load_criteria_help())


@bp.route("/tillganglighet")
def accessibility():
    return render_template("pages/accessibility.html", title="Tillgänglighetsredogörelse")
