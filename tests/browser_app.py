"""Fixtures for tests that drive the real app in Debian's Chromium through Playwright.

Use them from a test module with ``pytest_plugins = ["tests.browser_app"]``, and do not also
import this module there (pytest then cannot register it and warns, which fails the run):

- ``start_app(env=None, db_path=None)``: start ``streamlit run trainer.py`` on a free port with its
  own SQLite file and return an :class:`AppServer` (``url``, ``db_path``, ``log_path``,
  ``open(page)``, ``attempts()``); every server started is stopped when the test ends. Pass
  ``env`` to add or override variables (a mock LLM endpoint, say); ``None`` removes a variable.
- ``app_server``: one such server with the default environment.
- ``chromium``: one headless Chromium for the whole test session (skips if it is not installed).
- ``new_page(width=1280, height=900)``: a page in a fresh browser context, closed after the test.
- ``browser_page``: a 1280x900 page.
- ``artifacts``: the git-ignored ``tests/artifacts/`` folder, for screenshots.
- ``screenshot(page, name)``: save the whole app page (Streamlit scrolls inside ``stMain``, so
  Playwright's ``full_page`` alone shows one viewport) to ``tests/artifacts/<name>``.

Playwright's own browser downloads are never used: ``CHROMIUM`` is the system binary.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT_S = 30.0


@dataclass
class AppServer:
    url: str
    db_path: Path
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        """What the server printed so far (for failure messages)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def open(self, page, path: str = "") -> None:
        """Load the app in ``page`` and wait until Streamlit has rendered the page title."""
        page.goto(f"{self.url}/{path}")
        page.get_by_role("heading", level=1).first.wait_for()

    def attempts(self) -> list[dict]:
        """The rows of the attempts table, oldest first ([] before the app created the file)."""
        if not self.db_path.exists():
            return []
        db = sqlite3.connect(self.db_path)
        try:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute("SELECT * FROM attempts ORDER BY id")]
        finally:
            db.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(server: AppServer, timeout: float = STARTUP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    health = f"{server.url}/_stcore/health"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit was not healthy at {health} within {timeout:.0f} s:\n{server.log()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def start_app(tmp_path_factory):
    """A factory that starts the app; all servers it started are stopped after the test."""
    started: list[AppServer] = []
    logs: list = []

    def start(env: dict[str, str | None] | None = None, db_path: str | Path | None = None) -> AppServer:
        folder = tmp_path_factory.mktemp("app")
        db = Path(db_path) if db_path else folder / "pmtrainer.db"
        port = free_port()
        child_env = {**os.environ, "PMTRAINER_DB": str(db), "PYTHONUNBUFFERED": "1"}
        for name, value in (env or {}).items():
            if value is None:
                child_env.pop(name, None)
            else:
                child_env[name] = value
        log_path = folder / "streamlit.log"
        log = open(log_path, "w")  # closed after the server stops
        logs.append(log)
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "trainer.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        process = subprocess.Popen(command, cwd=ROOT, env=child_env, stdout=log, stderr=subprocess.STDOUT)
        server = AppServer(f"http://127.0.0.1:{port}", db, log_path, process)
        started.append(server)
        _wait_healthy(server)
        return server

    yield start
    for server in started:
        _stop(server.process)
    for log in logs:
        log.close()


@pytest.fixture
def app_server(start_app) -> AppServer:
    """The app with the default environment and a fresh database."""
    return start_app()


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium driven by Playwright, shared by the session's tests."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing; install Debian's chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def new_page(chromium):
    """A factory for pages in fresh contexts (own cookies and storage); all closed after the test."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = chromium.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_page):
    """A desktop-sized (1280x900) page."""
    return new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests save screenshots and other artefacts (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _content_height(page) -> int:
    return page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return Math.ceil(Math.max(main ? main.scrollHeight : 0, document.documentElement.scrollHeight));
        }"""
    )


@pytest.fixture
def screenshot(artifacts):
    """Save a screenshot of the whole app page: the viewport grows to the content's height."""

    def save(page, name: str) -> Path:
        path = artifacts / name
        viewport = page.viewport_size
        page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], _content_height(page))})
        try:
            page.screenshot(path=path, full_page=True, animations="disabled")
        finally:
            page.set_viewport_size(viewport)
        return path

    return save
