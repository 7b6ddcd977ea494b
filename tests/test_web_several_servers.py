"""Two app servers (gunicorn on two ports) against one PostgreSQL database, as behind a load
balancer: a login, a lockout, a case's workflow, its notifications, the organisation's
settings and a re-check started on one server hold on the other. Nothing is kept only in a
process."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
import requests
import yaml
from sqlalchemy import select
from test_web_concurrency import BIN, free_port, wait_for
from websupport import PASSWORD, csrf_token, make_app, make_org, sample

from jamcheck.web import db, tokens
from jamcheck.web.auth import MAX_FAILED
from jamcheck.web.models import Case, Notification, Report, Revision, User

ROOT = Path(__file__).resolve().parent.parent


def _start(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return server, f"http://127.0.0.1:{port}"


@pytest.fixture
def two_servers(postgres, tmp_path):
    url = postgres.create_database("several_servers")
    # both start at once on the empty database: one migrates, the other waits for it
    env = dict(os.environ, DATABASE_URL=url, JAMCHECK_SECRET_KEY="shared-secret",
               JAMCHECK_INSTANCE=str(tmp_path))  # one secret for all servers
    servers = [_start(env), _start(env)]
    for server, base in servers:
        wait_for(server, base)
    app = make_app(tmp_path, DATABASE_URL=url)
    org = make_org(app)
    with app.app_context():
        session = db.session()
        anna, sara = session.get(User, org.users["anna"]), session.get(User, org.users["sara"])
        case = Case(diarienummer="RS 1", title="Nya busslinjer", committee_id=org.committees["A"],
                    owner_id=anna.id)
        session.add(case)
        session.commit()
        keys = {"anna": tokens.create(session, anna, "a", anna)[1],
                "sara": tokens.create(session, sara, "s", sara)[1]}
        case_id = case.id
        db.engine().dispose()
    yield app, [base for _s, base in servers], keys, case_id
    for server, _base in servers:
        server.send_signal(signal.SIGTERM)
    for server, _base in servers:
        server.wait(timeout=30)


def _login(client: requests.Session, base: str, username: str, password: str = PASSWORD):
    page = client.get(f"{base}/logga-in", timeout=10)
    return client.post(f"{base}/logga-in", timeout=30, allow_redirects=False, data={
        "csrf_token": csrf_token(page.text), "username": username, "password": password})


def test_two_servers_share_sessions_lockouts_workflow_settings_and_recheck(two_servers):
    app, (a, b), keys, case_id = two_servers

    # a login on one server is a login on the other
    ada = requests.Session()
    assert _login(ada, a, "ada").status_code == 302
    page = ada.get(f"{b}/admin/installningar/", timeout=10, allow_redirects=False)
    assert page.status_code == 200 and "Organisationens inställningar" in page.text

    # failed attempts count together, whichever server takes them; the lockout holds on both
    for attempt in range(MAX_FAILED):
        r = _login(requests.Session(), (a, b)[attempt % 2], "bo", "fel-lösenord")
        assert r.status_code == 401
    for base in (a, b):
        r = _login(requests.Session(), base, "bo")  # the right password, but locked
        assert r.status_code == 401 and "för många" in r.text

    # the writer uploads and submits on one server, the secretary returns on the other
    anna = {"Authorization": f"Bearer {keys['anna']}"}
    sara = {"Authorization": f"Bearer {keys['sara']}"}
    r = requests.post(f"{a}/api/v1/cases/{case_id}/revisions", headers=anna, timeout=120,
                      files={"file": ("utkast.docx", sample("bus_routes_weak.docx"))})
    assert r.status_code == 201, r.text
    first_version = r.json()["report"]["rules_version"]
    assert requests.post(f"{a}/api/v1/cases/{case_id}/submit", headers=anna,
                         timeout=30).status_code == 200
    r = requests.post(f"{b}/api/v1/cases/{case_id}/return", headers=sara, timeout=30,
                      json={"message": "Beskriv konsekvenserna för kvinnor och män."})
    assert r.status_code == 200 and r.json()["state"] == "returned", r.text

    # ... and the writer's notification is there on the first server
    writer = requests.Session()
    assert _login(writer, a, "anna").status_code == 302
    page = writer.get(f"{a}/aviseringar", timeout=10)
    assert page.status_code == 200 and "Nya busslinjer" in page.text
    with app.app_context():
        session = db.session()
        notes = session.scalars(select(Notification).where(
            Notification.user_id == session.scalar(select(User.id).where(User.username == "anna")))).all()
        assert notes, "the return made no notification"
        db.engine().dispose()

    # settings imported on one server are in force on the other at once
    settings = {"goals": [{"name": "Stadens jämställdhetsprogram",
                           "terms": ["stadens jämställdhetsprogram"]}]}
    page = ada.get(f"{a}/admin/installningar/", timeout=10)
    r = ada.post(f"{a}/admin/installningar/importera", timeout=30, data={
        "csrf_token": csrf_token(page.text)},
        files={"file": ("installningar.yml", yaml.safe_dump(settings, allow_unicode=True))})
    assert r.status_code == 200 and "version 1" in r.text, r.text[-2000:]
    r = requests.post(f"{b}/api/v1/check", headers=anna, timeout=120,
                      files={"file": ("utkast.docx", sample("bus_routes_weak.docx"))})
    assert r.status_code == 200 and "+org1-" in r.json()["rules_version"], r.text[:500]

    # a re-check started on the second server checks the draft stored through the first
    page = ada.get(f"{b}/admin/installningar/", timeout=10)
    assert "+org1-" not in first_version
    r = ada.post(f"{b}/admin/installningar/granska-om", timeout=120,
                 data={"csrf_token": csrf_token(page.text)})
    assert r.status_code == 200 and "1 öppna ärenden är granskade igen" in r.text, r.text[-2000:]
    with app.app_context():
        session = db.session()
        revision = session.scalar(select(Revision).where(Revision.case_id == case_id))
        versions = session.scalars(select(Report.rules_version).where(
            Report.revision_id == revision.id)).all()
        assert len(versions) == 2 and any("+org1-" in v for v in versions)
        db.engine().dispose()
