"""The benchmarks' floor (bench/floor.py): the application never has the endpoint; the
benchmark serves the application with it added."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from websupport import make_app, sample

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from floor import python_docx_walk, with_floor


def test_the_application_has_no_floor_endpoint(tmp_path):
    app = make_app(tmp_path, PRELOAD=False)
    response = app.test_client().post(
        "/bench/floor", data={"file": (io.BytesIO(b"x"), "utkast.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 404
    assert not any(rule.rule.startswith("/bench") for rule in app.url_map.iter_rules())


def test_the_benchmark_application_reads_the_upload(tmp_path):
    app = with_floor(make_app(tmp_path, PRELOAD=False))
    content = sample("bus_routes_strong.docx")
    response = app.test_client().post(
        "/bench/floor", data={"file": (io.BytesIO(content), "utkast.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["bytes"] == len(content) and body["chars"] == python_docx_walk(io.BytesIO(content))
