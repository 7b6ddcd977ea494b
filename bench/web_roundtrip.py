"""Measures the web round trip: upload a draft to POST /api/v1/cases/{id}/revisions and get the
stored report back, through gunicorn with the production settings, next to a bare endpoint in
the same server that only reads the upload and opens it with python-docx (the floor).

The server: `gunicorn -c gunicorn.conf.py` with 2 workers on a free loopback port,
JAMCHECK_PRODUCTION=1 with a secret key, a fresh SQLite database (write-ahead log) in a
temporary folder (and, with --postgres, a throw-away PostgreSQL server from tests/pgserver.py
when initdb is installed), serving `bench.floor:app`: the application with the floor
endpoint (bench/floor.py, POST /bench/floor) added. Each client is a thread with its own
HTTP connection and its own case, authenticated with a bearer token. Cases:
samples/bus_routes_strong.docx (2 pages) and a generated 10-page case (bench/check_speed.py).

For 1 and 8 concurrent clients, each setting is bounded by a request count and a time limit;
it prints the median and 95th-percentile latency, reports per second, and the ratio to the
floor measured in the same run. One line per figure, `name: value unit (detail)`.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import requests

BIN = Path(sys.executable).parent


def emit(name: str, value: float, unit: str, detail: str = "") -> None:
    print(f"{name}: {value:.4g} {unit}" + (f" ({detail})" if detail else ""), flush=True)


def load_line(label: str = "load_average") -> None:
    one, five, fifteen = os.getloadavg()
    print(f"{label}: {one:.2f} (1/5/15 min {one:.2f} {five:.2f} {fifteen:.2f}, "
          f"{os.cpu_count()} cores)", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(database_url: str, n_cases: int) -> tuple[str, list[int]]:
    """Migrate a fresh database; one committee, one writer with a token, `n_cases` cases."""
    from jamcheck.web import create_app, db, tokens
    from jamcheck.web.models import Case, Committee, User

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "PRELOAD": False})
    with app.app_context():
        session = db.session()
        committee = Committee(name="Kollektivtrafiknämnden")
        writer = User(username="bench", name="Bench Writer", role="writer", password_hash="x")
        session.add_all([committee, writer])
        session.flush()
        cases = [Case(diarienummer=f"RS 2026/{i}", title=f"Ärende {i}",
                      committee_id=committee.id, owner_id=writer.id) for i in range(n_cases)]
        session.add_all(cases)
        session.commit()
        _row, token = tokens.create(session, writer, "bench", writer)
        case_ids = [c.id for c in cases]
        session.close()
        db.engine().dispose()
    return token, case_ids


class Server:
    """gunicorn with gunicorn.conf.py (preload, post_fork) in production mode."""

    def __init__(self, database_url: str, instance: Path, workers: int = 2,
                 bench_floor: bool = True, max_requests: int | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DATABASE_URL=database_url, JAMCHECK_PRODUCTION="1",
                   JAMCHECK_SECRET_KEY="bench-" + os.urandom(16).hex(),
                   JAMCHECK_INSTANCE=str(instance))
        command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py",
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                   "--access-logfile", "/dev/null"]
        if bench_floor:  # the application with the floor endpoint of bench/floor.py
            command.append("bench.floor:app")
        if max_requests is not None:
            command += ["--max-requests", str(max_requests), "--max-requests-jitter", "0"]
        self.log = open(instance / "gunicorn.log", "w+b")  # noqa: SIM115
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.base + "/logga-in", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.3)
        self.stop()
        self.log.seek(0)
        raise SystemExit("gunicorn did not start: " + self.log.read().decode()[-3000:])

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def drive(url_for_client, token: str, filename: str, content: bytes, clients: int,
          max_requests: int, max_seconds: float, expect: int) -> dict:
    """`clients` threads send requests back to back until `max_requests` are done in total or
    `max_seconds` have passed; returns latencies and throughput."""
    latencies: list[float] = []
    lock = threading.Lock()
    issued = [0]
    deadline = time.perf_counter() + max_seconds
    failures: list[str] = []

    def client(index: int) -> None:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token}"
        url = url_for_client(index)
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    return
                issued[0] += 1
            start = time.perf_counter()
            response = http.post(url, files={"file": (filename, content)}, timeout=120)
            elapsed = time.perf_counter() - start
            if response.status_code != expect:
                failures.append(f"{response.status_code} {response.text[:200]}")
                return
            with lock:
                latencies.append(elapsed)
        http.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, range(clients)))
    wall = time.perf_counter() - start
    if failures:
        raise SystemExit(f"requests failed: {failures[:3]}")
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    return {"n": len(latencies), "median": statistics.median(latencies), "p95": p95,
            "rate": len(latencies) / wall, "wall": wall}


def measure(server: Server, token: str, case_ids: list[int], cases: list[tuple[str, bytes]],
            concurrency: list[int], max_requests: int, max_seconds: float, prefix: str) -> None:
    floor_url = server.base + "/bench/floor"
    for name, content in cases:
        for clients in concurrency:
            n = max(max_requests, 10 * clients)
            floor = drive(lambda _i: floor_url, token, "utkast.docx", content, clients, n,
                          max_seconds, 200)
            trip = drive(lambda i: f"{server.base}/api/v1/cases/{case_ids[i]}/revisions", token,
                         "utkast.docx", content, clients, n, max_seconds, 201)
            tag = f"{prefix}{name}_c{clients}"
            for label, r in (("roundtrip", trip), ("floor", floor)):
                emit(f"{label}_{tag}_median", r["median"] * 1000, "ms",
                     f"p95 {r['p95'] * 1000:.1f} ms, n={r['n']} in {r['wall']:.1f} s")
                emit(f"{label}_{tag}_p95", r["p95"] * 1000, "ms")
                emit(f"{label}_{tag}_rate", r["rate"], "reports/s" if label == "roundtrip"
                     else "requests/s")
            emit(f"ratio_{tag}_median", trip["median"] / floor["median"], "x",
                 "round-trip median / floor median")
            emit(f"ratio_{tag}_rate", floor["rate"] / trip["rate"], "x",
                 "floor requests/s / round-trip reports/s")


def warm_up(server: Server, token: str, case_ids: list[int], content: bytes) -> None:
    """A few requests of each kind, so both workers have done one before timing."""
    drive(lambda _i: server.base + "/bench/floor", token, "utkast.docx", content, 2, 6, 60, 200)
    drive(lambda i: f"{server.base}/api/v1/cases/{case_ids[i]}/revisions", token,
          "utkast.docx", content, 2, 6, 60, 201)


def run(database_url: str, instance: Path, args, cases, prefix: str) -> None:
    clients = max(args.clients)
    token, case_ids = prepare_database(database_url, clients)
    server = Server(database_url, instance, workers=args.workers)
    try:
        warm_up(server, token, case_ids, cases[0][1])
        measure(server, token, case_ids, cases, args.clients, args.requests, args.seconds, prefix)
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--requests", type=int, default=40,
                        help="requests per setting (at least 10 per client)")
    parser.add_argument("--seconds", type=float, default=30, help="time limit per setting")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", action="store_true",
                        help="also on a throw-away PostgreSQL server (needs initdb)")
    parser.add_argument("--no-sqlite", action="store_true",
                        help="skip SQLite (with --postgres: PostgreSQL only)")
    args = parser.parse_args()

    from check_speed import make_case

    cases = [("strong2p", (ROOT / "samples" / "bus_routes_strong.docx").read_bytes()),
             ("generated10p", make_case(10))]
    load_line()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="jamcheck-web-") as tmp:
            run(f"sqlite:///{tmp}/jamcheck.sqlite", Path(tmp), args, cases, "")
    if args.postgres:
        sys.path.insert(0, str(ROOT / "tests"))
        try:
            from pgserver import PostgresServer
            pg = PostgresServer()
            pg.start()
        except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
            print(f"postgres: skipped ({exc})")
        else:
            try:
                with tempfile.TemporaryDirectory(prefix="jamcheck-web-pg-") as tmp:
                    run(pg.create_database("bench"), Path(tmp), args, cases, "pg_")
            finally:
                pg.stop()
    load_line("load_average_after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
