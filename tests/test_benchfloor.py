"""The benchmark floor endpoint (jamcheck/web/benchfloor.py) exists only when switched on."""

from __future__ import annotations

from websupport import make_app, sample


def test_floor_endpoint_is_absent_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("JAMCHECK_BENCH_FLOOR", raising=False)
    app = make_app(tmp_path, PRELOAD=False)
    assert not app.config["BENCH_FLOOR"]
    response = app.test_client().post(
        "/bench/floor", data={"file": (_file(), "utkast.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 404
    assert not any(rule.rule.startswith("/bench") for rule in app.url_map.iter_rules())


def test_floor_endpoint_reads_the_upload_when_enabled(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMCHECK_BENCH_FLOOR", "1")
    app = make_app(tmp_path, PRELOAD=False)
    content = sample("bus_routes_strong.docx")
    response = app.test_client().post(
        "/bench/floor", data={"file": (_file(content), "utkast.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["bytes"] == len(content) and body["chars"] > 1000


def _file(content: bytes = b"x"):
    import io
    return io.BytesIO(content)
