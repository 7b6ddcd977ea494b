"""The floor the benchmarks measure against: python-docx opens a file and walks every
paragraph and table cell, the cost no check can avoid.

`python_docx_walk` is that walk; `bp` is a bare endpoint (POST /bench/floor) doing only that
with an upload, for the web round-trip benchmark (bench/web_roundtrip.py), which serves
`bench.floor:app`: the application with this endpoint added. The application itself never
has it. It has no authentication and stores nothing."""

from __future__ import annotations

import io

import docx
from flask import Blueprint, Flask, jsonify, request

bp = Blueprint("benchfloor", __name__, url_prefix="/bench")


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


def with_floor(app: Flask) -> Flask:
    """The application with the floor endpoint added (exempt from CSRF: no session)."""
    from jamcheck.web import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
    return app


def __getattr__(name: str):
    """`bench.floor:app` for gunicorn: the application of wsgi.py with the endpoint."""
    if name == "app":
        from wsgi import app
        return with_floor(app)
    raise AttributeError(name)
