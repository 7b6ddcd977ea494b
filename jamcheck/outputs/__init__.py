"""Reports that leave the app: the PDF attachment (bilaga) and the Word file with comments.

Both take the report dict of docs/checklist.md (`Report.to_dict()`); neither touches the disk.
"""

from __future__ import annotations

__all__ = ["annotate_docx", "render_pdf"]


def render_pdf(data: dict, meta: dict | None = None) -> bytes:
    """The report as a PDF attachment; see jamcheck.outputs.pdf.render_pdf."""
    from .pdf import render_pdf as _render_pdf

    return _render_pdf(data, meta)


def annotate_docx(content: bytes, data: dict, dismissals: dict[str, dict] | None = None,
                  omit_dismissed: bool = False) -> bytes:
    """The uploaded .docx with a Word comment per finding (dismissed findings marked, or left
    out); see jamcheck.outputs.annotate."""
    from .annotate import annotate_docx as _annotate_docx

    return _annotate_docx(content, data, dismissals, omit_dismissed)
