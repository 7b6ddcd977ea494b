"""Session fixtures for the browser tests.

`server`: the app under real gunicorn on a free loopback port, with a fresh SQLite database
seeded with the demo organisation (`flask --app wsgi jamcheck seed-demo`).
`browser_context`: Debian's /usr/bin/chromium driven by Playwright, headless, with a fresh
profile directory and the background-networking, component-update and sync features off.
Playwright never downloads a browser of its own.
`a11y`: runs axe-core (WCAG 2.1 A and AA rules) on a page and fails on violations.
`shoot`: saves a screenshot at 1280 px width to docs/screenshots/.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 900}
MAX_UPLOAD_MB = 2
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
START_TIMEOUT = 90  # seconds for gunicorn's workers to load the language pipeline


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    env: dict[str, str]
    instance: Path
    database: Path
    log: Path

    def flask(self, *args: str) -> subprocess.Popen:
        """Start `flask --app wsgi jamcheck ...` against this server's database; the caller
        waits for it with `.communicate(timeout=...)`."""
        return subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "jamcheck", *args],
                                cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped at start (exit {process.returncode}):\n"
                        + log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(url + "/logga-in", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"gunicorn did not answer on {url} within {START_TIMEOUT} s:\n"
                + log.read_text(errors="replace")[-3000:])


@contextlib.contextmanager
def running_server(instance: Path, extra_env: dict[str, str] | None = None,
                   prepare=None) -> Server:
    """The app under real gunicorn on a free loopback port, on a fresh SQLite database seeded
    with the demo organisation; `prepare(server)` runs after seeding, before the start."""
    database = instance / "e2e.sqlite"
    env = dict(os.environ)
    for name in ("JAMCHECK_BIND", "JAMCHECK_WORKERS", "JAMCHECK_PRODUCTION"):
        env.pop(name, None)
    env.update({"JAMCHECK_INSTANCE": str(instance), "DATABASE_URL": f"sqlite:///{database}",
                "JAMCHECK_SECRET_KEY": "test", "JAMCHECK_MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
                "PYTHONUNBUFFERED": "1", **(extra_env or {})})
    port = _free_port()
    log = instance / "gunicorn.log"
    server = Server(f"http://127.0.0.1:{port}", env, instance, database, log)
    seeding = server.flask("seed-demo")
    out, err = seeding.communicate(timeout=300)
    assert seeding.returncode == 0, f"seed-demo failed:\n{out}\n{err}"
    if prepare is not None:
        prepare(server)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(server.url, process, log)
        yield server
    finally:
        process.terminate()  # SIGTERM: gunicorn's graceful shutdown
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_factory():
    """running_server, for modules that need a server configured their own way."""
    return running_server


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    with running_server(tmp_path_factory.mktemp("e2e-instance")) as running:
        yield running


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests drive Debian's chromium package. "
                    "Install it with ./scripts/install-system-packages (`make test` runs it "
                    "before the tests).")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport=VIEWPORT, locale="sv-SE", timezone_id="Europe/Stockholm",
            accept_downloads=True,
            # axe-core is injected into the page; the app's CSP (script-src 'self') could block
            # that, so the test browser ignores the CSP. The app's own pages use no scripts.
            bypass_csp=True)
        context.set_default_timeout(20_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context, server):
    """A new tab with no one logged in; fails the test on server errors (5xx) it meets."""
    browser_context.clear_cookies()
    tab = browser_context.new_page()
    errors: list[str] = []
    tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    yield tab
    tab.close()
    assert not errors, f"server errors during the test: {errors}"


# --- accessibility -------------------------------------------------------------------------

@dataclass
class A11y:
    """axe-core on each page the journeys visit. A test that met violations of WCAG 2.1 A/AA
    rules fails when it ends (so one run lists all of them, page by page)."""
    scans: list[tuple[str, str, int]] = field(default_factory=list)  # label, url, violations
    pending: list[str] = field(default_factory=list)  # the running test's violations
    _axe: object = None

    def check(self, page, label: str) -> None:
        if self._axe is None:
            from axe_playwright_python.sync_playwright import Axe
            self._axe = Axe()
        page.wait_for_load_state("load")
        results = self._axe.run(page, options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        violations = results.response["violations"]
        self.scans.append((label, page.url, len(violations)))
        for v in violations:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"]][:5]
            self.pending.append(f"{label} ({page.url}): {v['id']} ({v['impact']}): "
                                f"{v['help']} -> {targets}")

_A11Y = A11y()


@pytest.fixture(scope="session")
def a11y() -> A11y:
    return _A11Y


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    _A11Y.pending.clear()
    result = yield
    if _A11Y.pending:
        pytest.fail(f"axe-core found {len(_A11Y.pending)} WCAG 2.1 A/AA violation(s):\n  "
                    + "\n  ".join(_A11Y.pending), pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter):
    if _A11Y.scans:
        pages = {url.split("?")[0] for _label, url, _n in _A11Y.scans}
        found = sum(n for _label, _url, n in _A11Y.scans)
        terminalreporter.write_line(
            f"axe-core: {len(_A11Y.scans)} scans of {len(pages)} distinct pages, "
            f"{found} WCAG 2.1 A/AA violations")


# --- screenshots ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def shoot():
    """Save the current page as docs/screenshots/<name>.png (1280 px wide, first screen)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str, at=None) -> Path:
        """`at`: a locator to scroll to the top of the screen first (else the page's top)."""
        page.set_viewport_size(VIEWPORT)
        if at is None:
            page.evaluate("window.scrollTo(0, 0)")
        else:
            at.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + "
                        "window.scrollY - 16)")
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), animations="disabled", caret="hide")
        return path

    return save
