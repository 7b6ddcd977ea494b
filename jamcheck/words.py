"""Small Swedish wording helpers shared by the report, the PDF and the pages."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str) -> str:
    """A number with its noun in the right form: "1 ärende", "3 ärenden", "0 ärenden"."""
    return f"{n} {singular if n == 1 else plural}"
