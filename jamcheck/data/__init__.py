"""jamcheck's data folders as packages, so that a wheel carries them: the rule set, the web
pages' templates and style sheet, and the help texts. In a checkout they stay at the top of
the repository (rules/, templates/, static/, help/), where people who write Swedish but not
Python edit them; pyproject.toml maps them here (`package-dir`)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path


def folder(name: str) -> Path:
    """The folder of a data package: rules, templates, static or help."""
    return Path(import_module(f"jamcheck.data.{name}").__file__).resolve().parent
