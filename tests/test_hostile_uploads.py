"""Every bad upload gets a clear Swedish message and a 4xx, nothing is stored and the server
keeps serving; through the web upload, the API and the CLI alike."""

from __future__ import annotations

import io
import socket
import subprocess
import sys

import hostile
import pytest
from sqlalchemy import func, select
from websupport import create_case, make_app, make_org, sample, upload

from jamcheck import check_bytes
from jamcheck.errors import UnreadableDocument
from jamcheck.web import db, tokens
from jamcheck.web.models import Report, Revision, User

# builder -> words the Swedish message must contain
REFUSED = {
    "not_a_zip": "inte ett Word-dokument",
    "renamed_doc": "äldre Word-dokument (.doc)",
    "encrypted_docx": "lösenordsskyddat",
    "renamed_odt": "OpenDocument",
    "renamed_pdf": "PDF",
    "macro_enabled": "makroaktiverat",
    "empty_document": "ingen text",
    "zip_bomb": "packas upp till mer än",
    "lying_zip_bomb": "kan inte packas upp",
    "billion_laughs_docx": "DOCTYPE",
    "external_entity_docx": "DOCTYPE",
    "malformed_xml": "inte giltig XML",
    "repeated_header": "packas upp till mer än 4 MB",
    "wordy_header": "för långt för att granskas",
    "huge_media": "packas upp till mer än 250 MB",
    "lying_huge_media": "packas upp till mer än 250 MB",
    "giant_paragraph": "längre än 100000 tecken",
    "doctype_after_comment": "DOCTYPE",
}
ACCEPTED = ["external_relationships", "many_tiny_paragraphs", "deep_styles", "many_findings"]
FILES: dict[str, bytes] = {}


def content(name: str) -> bytes:
    if name not in FILES:
        FILES[name] = getattr(hostile, name)()
    return FILES[name]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("hostile"), MAX_CONTENT_LENGTH=5 * 1024 * 1024,
                   MAX_UPLOAD_MB=5)
    org = make_org(app)
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    with app.app_context():
        session = db.session()
        _row, token = tokens.create(session, session.get(User, org.users["anna"]), "t",
                                    session.get(User, org.users["anna"]))
    return org, writer, case_id, {"Authorization": f"Bearer {token}"}


def stored(org) -> tuple[int, int]:
    with org.app.app_context():
        session = db.session()
        return (session.scalar(select(func.count()).select_from(Revision)),
                session.scalar(select(func.count()).select_from(Report)))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_checker_refuses_with_a_swedish_message(name):
    with pytest.raises(UnreadableDocument) as err:
        check_bytes(content(name), "utkast.docx")
    assert REFUSED[name] in str(err.value)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_web_upload_refuses_stores_nothing_and_keeps_the_form(served, name):
    org, writer, case_id, _auth = served
    before = stored(org)
    r = upload(writer, case_id, content(name))
    body = r.get_data(as_text=True)
    assert r.status_code == 400
    assert REFUSED[name] in body and 'role="alert"' in body and 'type="file"' in body
    assert stored(org) == before


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_api_refuses_with_json_4xx(served, name):
    org, _writer, case_id, auth = served
    before = stored(org)
    client = org.app.test_client()
    for url in ("/api/v1/check", f"/api/v1/cases/{case_id}/revisions"):
        r = client.post(url, headers=auth, content_type="multipart/form-data",
                        data={"file": (io.BytesIO(content(name)), "utkast.docx")})
        assert r.status_code == 422, url
        assert REFUSED[name] in r.get_json()["error"]["message"]
    assert stored(org) == before


def test_oversized_upload_is_refused_before_it_is_read(served):
    org, writer, case_id, auth = served
    before = stored(org)
    r = upload(writer, case_id, hostile.oversized(6))
    assert r.status_code == 413 and "större än 5 MB" in r.get_data(as_text=True)
    r = org.app.test_client().post(
        "/api/v1/check", headers=auth, content_type="multipart/form-data",
        data={"file": (io.BytesIO(hostile.oversized(6)), "stor.docx")})
    assert r.status_code == 413 and "större än 5 MB" in r.get_json()["error"]["message"]
    assert stored(org) == before


@pytest.mark.parametrize("name", ACCEPTED)
def test_odd_but_valid_files_are_checked_without_network(served, name, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("jamcheck tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    org, writer, case_id, auth = served
    r = upload(writer, case_id, content(name))
    assert r.status_code == 302
    r = org.app.test_client().post(
        "/api/v1/check", headers=auth, content_type="multipart/form-data",
        data={"file": (io.BytesIO(content(name)), "utkast.docx")})
    assert r.status_code == 200 and len(r.get_json()["criteria"]) == 7


def test_a_300_page_document_is_checked_and_a_longer_one_refused(served, tmp_path):
    org, _writer, _case_id, auth = served
    long = hostile.long_document(300)
    r = org.app.test_client().post(
        "/api/v1/check", headers=auth, content_type="multipart/form-data",
        data={"file": (io.BytesIO(long), "lang.docx")})
    assert r.status_code == 200 and r.get_json()["document"]["words"] > 150_000
    with pytest.raises(UnreadableDocument) as err:
        check_bytes(hostile.long_document(380), "mycket-lang.docx")
    assert "för långt" in str(err.value)


def test_the_server_keeps_serving_after_bad_uploads(served):
    _org, writer, case_id, _auth = served
    r = upload(writer, case_id, sample("bus_routes_weak.docx"))
    assert r.status_code == 302


def test_cli_exits_2_with_each_reason_and_still_checks_the_good_file(tmp_path):
    paths = []
    for name in sorted(REFUSED):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(content(name))
        paths.append(str(path))
    good = str(hostile.__file__).replace("tests/hostile.py", "samples/bus_routes_weak.docx")
    result = subprocess.run([sys.executable, "-m", "jamcheck", "check", *paths, good],
                            check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name, words in REFUSED.items():
        assert any(f"{name}.docx" in line and words in line for line in lines), name
    assert "bus_routes_weak.docx" in result.stdout and "Kriterier" in result.stdout


def test_findings_are_capped_and_the_rest_counted():
    """59,000 paragraphs that each could be a finding: the report shows one per section and
    criterion, at most MAX_FINDINGS, and says how many more there were, so pages, PDF and Word
    stay small."""
    from jamcheck.report import to_text
    from jamcheck.scoring import MAX_FINDINGS

    data = check_bytes(content("many_findings"), "manga.docx").to_dict()
    stats = next(c for c in data["criteria"] if c["id"] == "sex_disaggregated_statistics")
    assert 1 <= len(stats["findings"]) <= MAX_FINDINGS and stats["findings_omitted"] > 50_000
    assert len(data["findings"]) <= 7 * MAX_FINDINGS
    assert "av samma slag visas inte" in to_text(data)


def test_nothing_is_half_stored_on_either_database(database_url, tmp_path):
    """Every refused file through the web form and the API, on SQLite and PostgreSQL: no
    revision, no report, and the case stays as it was."""
    app = make_app(tmp_path, DATABASE_URL=database_url, MAX_CONTENT_LENGTH=5 * 1024 * 1024,
                   MAX_UPLOAD_MB=5)
    org = make_org(app)
    writer = org.client("anna")
    case_id = create_case(writer, org.committees["A"])
    with app.app_context():
        session = db.session()
        _row, token = tokens.create(session, session.get(User, org.users["anna"]), "t",
                                    session.get(User, org.users["anna"]))
    client = app.test_client()
    for name in sorted(REFUSED):
        assert upload(writer, case_id, content(name)).status_code == 400, name
        r = client.post(f"/api/v1/cases/{case_id}/revisions",
                        headers={"Authorization": f"Bearer {token}"},
                        content_type="multipart/form-data",
                        data={"file": (io.BytesIO(content(name)), "utkast.docx")})
        assert r.status_code == 422, name
    assert stored(org) == (0, 0)
    with app.app_context():
        db.engine().dispose()
