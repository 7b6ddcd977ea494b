"""Hostile load on the served app (issue: hardening II): while 4 clients upload the worst
accepted document (tests/hostile.py many_findings: 59,000 short paragraphs) and 2 slow clients
drip a login body one byte at a time, a fifth client asks for the login page every 0.5 s;
prints its median, 95th percentile and worst latency. Then the worker memory (VmHWM, the
peak resident size, in MB) after uploads and downloads of the hostile files: a header part
read by 100 relationships, a 1 GiB image of zeros, and the 59,000-paragraph document with its
PDF and annotated Word file.

gunicorn with gunicorn.conf.py (threaded workers) on a fresh SQLite database, as
bench/web_roundtrip.py starts it. Usage: python bench/hostile_load.py [--seconds 30]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import hostile
import requests
from memory import status
from web_roundtrip import Server, emit, load_line, prepare_database


def upload(base: str, token: str, case_id: int, name: str, content: bytes) -> requests.Response:
    return requests.post(f"{base}/api/v1/cases/{case_id}/revisions",
                         headers={"Authorization": f"Bearer {token}"},
                         files={"file": (name, content)}, timeout=300)


def slow_client(port: int, stop: threading.Event) -> None:
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  b"application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n")
        while not stop.wait(5):
            try:
                s.sendall(b"u")
            except OSError:
                return


def logged_in(base: str, database_url: str) -> requests.Session:
    """A browser session of the bench writer (given a password here), through the login form."""
    from jamcheck.web import create_app, db
    from jamcheck.web.models import User
    from jamcheck.web.services import hash_password

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "PRELOAD": False})
    with app.app_context():
        session = db.session()
        user = session.query(User).filter_by(username="bench").one()
        user.password_hash = hash_password("bench-losenord-1")
        session.commit()
        db.engine().dispose()
    browser = requests.Session()
    page = browser.get(base + "/logga-in", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    browser.post(base + "/logga-in", data={"username": "bench", "password": "bench-losenord-1",
                                           "csrf_token": token}, timeout=30)
    return browser


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    load_line()
    os.environ["JAMCHECK_SECURE_COOKIES"] = "0"  # the bench logs in over plain http
    worst = hostile.many_findings()
    with tempfile.TemporaryDirectory(prefix="jamcheck-hostile-") as tmp:
        instance = Path(tmp)
        database_url = f"sqlite:///{instance / 'bench.sqlite'}"
        token, case_ids = prepare_database(database_url, 8)
        server = Server(database_url, instance, workers=2, bench_floor=False)
        try:
            stop = threading.Event()
            done = []

            def uploader(i: int) -> None:
                while not stop.is_set():
                    r = upload(server.base, token, case_ids[i], "manga.docx", worst)
                    done.append(r.status_code)

            threads = [threading.Thread(target=uploader, args=(i,)) for i in range(4)]
            threads += [threading.Thread(target=slow_client, args=(server.port, stop))
                        for _ in range(2)]
            for t in threads:
                t.start()
            latencies, failures = [], 0
            deadline = time.time() + args.seconds
            while time.time() < deadline:
                started = time.perf_counter()
                try:
                    ok = requests.get(server.base + "/logga-in", timeout=30).status_code == 200
                except requests.RequestException:
                    ok = False
                latencies.append(time.perf_counter() - started)
                failures += not ok
                time.sleep(0.5)
            stop.set()
            for t in threads:
                t.join(timeout=300)
            latencies.sort()
            p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
            emit("login_page_median", 1000 * statistics.median(latencies), "ms",
                 f"{len(latencies)} requests while 4 clients uploaded the 59,000-paragraph "
                 f"document ({len(done)} uploads, statuses {sorted(set(done))}) and 2 slow "
                 "clients dripped a login body")
            emit("login_page_p95", 1000 * p95, "ms")
            emit("login_page_worst", 1000 * latencies[-1], "ms", f"{failures} failed")

            files = [("repeated_header", hostile.repeated_header(1_100_000, 100)),
                     ("huge_media_1GiB", hostile.huge_media(1024)),
                     ("many_findings", worst)]
            for name, content in files:
                started = time.perf_counter()
                r = upload(server.base, token, case_ids[4], f"{name}.docx", content)
                emit(f"upload_{name}", 1000 * (time.perf_counter() - started), "ms",
                     f"status {r.status_code}")
            latest = requests.get(f"{server.base}/api/v1/cases/{case_ids[4]}",
                                  headers={"Authorization": f"Bearer {token}"}, timeout=60).json()
            number = max(rev["number"] for rev in latest["revisions"])
            browser = logged_in(server.base, database_url)
            for kind in ("rapport.pdf", "kommenterad.docx"):
                started = time.perf_counter()
                r = browser.get(f"{server.base}/arenden/{case_ids[4]}/utkast/{number}/{kind}",
                                timeout=300)
                emit(f"download_{kind}", 1000 * (time.perf_counter() - started), "ms",
                     f"status {r.status_code}, {len(r.content) // 1024} kB")
            peaks = [status(pid).get("VmHWM", 0) for pid in server.worker_pids()]
            emit("worker_peak_rss", max(peaks), "MB", f"VmHWM of {len(peaks)} workers, goal 600")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
