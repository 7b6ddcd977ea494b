"""A bare endpoint for the web round-trip benchmark (bench/web_roundtrip.py): it only reads the
upload and opens it with python-docx, walking every paragraph and table cell, so the benchmark
can compare the real upload-to-report path with the cost no check can avoid.

Registered only when the config BENCH_FLOOR is true (env JAMCHECK_BENCH_FLOOR=1); never by
default. It has no authentication and stores nothing."""

from __future__ import annotations

import io

import docx
from flask import Blueprint, jsonify, request

from . import csrf

bp = Blueprint("benchfloor", __name__, url_prefix="/bench")
csrf.exempt(bp)


def python_docx_walk(source) -> int:
    """The floor: python-docx opens the file (a path or a file object) and reads the text of
    every paragraph and every table cell; returns the number of characters."""
    document = docx.Document(source)
    chars = sum(len(paragraph.text) for paragraph in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars


@bp.post("/floor")
def floor():
    storage = request.files.get("file")
    if storage is None:
        return jsonify({"error": "file saknas"}), 400
    content = storage.read()
    return jsonify({"bytes": len(content), "chars": python_docx_walk(io.BytesIO(content))})
