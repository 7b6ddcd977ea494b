"""Concurrency and durability: 20 clients uploading at once through gunicorn with several
workers, on SQLite and PostgreSQL; a process killed in the middle of an upload leaves nothing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select
from websupport import make_app, make_org, sample

from jamcheck.web import db, tokens
from jamcheck.web.models import Case, Report, Revision, User

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(server: subprocess.Popen, base: str) -> None:
    """Until the gunicorn `server` answers on `base` (at most 60 s, else the test fails)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if requests.get(base + "/logga-in", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.3)
    server.kill()
    pytest.fail("gunicorn startade inte: " + server.stderr.read().decode()[-2000:])


@pytest.fixture
def served(database_url, tmp_path):
    """The app under gunicorn (3 workers) on a fresh database with two cases and a token."""
    app = make_app(tmp_path, DATABASE_URL=database_url, MAX_CONTENT_LENGTH=20 * 1024 * 1024)
    org = make_org(app)
    with app.app_context():
        session = db.session()
        anna = session.get(User, org.users["anna"])
        cases = []
        for i in range(2):
            case = Case(diarienummer=f"RS {i}", title=f"Ärende {i}",
                        committee_id=org.committees["A"], owner_id=anna.id)
            session.add(case)
            session.flush()
            cases.append(case.id)
        session.commit()
        _row, token = tokens.create(session, anna, "last", anna)
        db.engine().dispose()
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, JAMCHECK_SECRET_KEY="test",
               JAMCHECK_INSTANCE=str(tmp_path))
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "3", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_for(server, base)
    yield app, base, token, cases
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def test_twenty_simultaneous_uploads_each_become_one_revision_with_one_report(served):
    app, base, token, cases = served
    content = sample("bus_routes_weak.docx")

    def send(i):
        return requests.post(f"{base}/api/v1/cases/{cases[i % 2]}/revisions",
                             headers={"Authorization": f"Bearer {token}"},
                             files={"file": (f"utkast-{i}.docx", content)}, timeout=120)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(send, range(20)))
    assert [r.status_code for r in responses] == [201] * 20, [r.text[:200] for r in responses]
    with app.app_context():
        session = db.session()
        for case_id in cases:
            numbers = session.scalars(select(Revision.number).where(
                Revision.case_id == case_id).order_by(Revision.number)).all()
            assert numbers == list(range(1, 11))
        assert session.scalar(select(func.count()).select_from(Report)) == 20
        per_revision = session.execute(select(Report.revision_id, func.count()).group_by(
            Report.revision_id)).all()
        assert len(per_revision) == 20 and all(n == 1 for _rid, n in per_revision)
        filenames = set(session.scalars(select(Revision.filename)))
        assert filenames == {f"utkast-{i}.docx" for i in range(20)}
        db.engine().dispose()


KILLED_UPLOAD = textwrap.dedent("""
    import sys, time
    from jamcheck.web import create_app, db, services
    from jamcheck.web.models import Case, User
    app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "x", "PRELOAD": False})
    def stall(*args, **kwargs):
        print("inside", flush=True)  # the revision row is written, not yet committed
        time.sleep(60)
    services._refresh_stats = stall
    with app.app_context():
        session = db.session()
        case = session.get(Case, int(sys.argv[2]))
        user = session.get(User, case.owner_id)
        services.add_revision(session, case, user, "utkast.docx", open(sys.argv[3], "rb").read())
""")


def test_a_process_killed_during_an_upload_leaves_nothing(database_url, tmp_path):
    app = make_app(tmp_path, DATABASE_URL=database_url)
    org = make_org(app)
    with app.app_context():
        session = db.session()
        case = Case(diarienummer="RS 9", title="Dödat", committee_id=org.committees["A"],
                    owner_id=org.users["anna"])
        session.add(case)
        session.commit()
        case_id = case.id
        db.engine().dispose()
    script = tmp_path / "upload.py"
    script.write_text(KILLED_UPLOAD)
    child = subprocess.Popen([sys.executable, str(script), database_url, str(case_id),
                              str(ROOT / "samples" / "bus_routes_weak.docx")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "inside", child.stderr.read()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    with app.app_context():
        session = db.session()
        assert session.scalar(select(func.count()).select_from(Revision)) == 0
        assert session.scalar(select(func.count()).select_from(Report)) == 0
        db.engine().dispose()


def test_slow_clients_do_not_take_the_login_page_down(served):
    """Clients that send a login body one byte at a time hold a thread each, not a worker:
    with more slow clients than workers, the login page still answers."""
    _app, base, _token, _cases = served
    port = int(base.rsplit(":", 1)[1])
    slow = []
    for _ in range(5):  # more than the 3 workers
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  b"application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nu")
        slow.append(s)
    try:
        time.sleep(1)
        started = time.time()
        r = requests.get(base + "/logga-in", timeout=10)
        assert r.status_code == 200 and time.time() - started < 5
    finally:
        for s in slow:
            s.close()
