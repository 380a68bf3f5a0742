"""The mock interview in a real Chromium: a reload in the middle loses neither session nor draft."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER
from tests.small_bank import write_bank

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
expect.set_options(timeout=15_000)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served_app(tmp_path):
    """The app on a free port with its own database and bank; yields (base url, db path)."""
    port, db = free_port(), tmp_path / "browser.db"
    env = {**os.environ, "PMTRAINER_DB": str(db), "PMTRAINER_BANK": str(write_bank(tmp_path / "bank"))}
    command = [sys.executable, "-m", "streamlit", "run", "trainer.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base, db
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def page(served_app):

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    args += ["--disable-sync", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield browser.new_page()
        browser.close()


def stored_draft(db: Path) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("select draft from mock_drafts order by updated_at desc limit 1").fetchone()
    return row[0] if row else None


def wait_for(check, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


def test_reload_mid_session_keeps_session_and_draft(page, served_app):
    base, db = served_app
    page.goto(f"{base}/mock")
    page.get_by_role("button", name="Start the interview").click()
    answer = page.get_by_label("Your answer")
    answer.wait_for()
    assert "session=" in page.url

    answer.fill(CUSTOMER_ANSWER)
    page.get_by_text("Question 1 of 3").click()  # blur: Streamlit commits the text, the app saves it
    wait_for(lambda: stored_draft(db) == CUSTOMER_ANSWER)

    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value(CUSTOMER_ANSWER)
    expect(page.get_by_text("Question 1 of 3")).to_be_visible()

    for number, text in ((1, None), (2, TECH_ANSWER), (3, TECH_ANSWER)):
        if text:
            expect(page.get_by_text(f"Question {number} of 3")).to_be_visible()
            box = page.get_by_label("Your answer")
            expect(box).to_have_count(1)  # the previous question's box is gone, not just stale
            expect(box).to_have_value("")
            box.fill(text)
            page.get_by_text(f"Question {number} of 3").click()
        page.get_by_role("button", name="Submit and").click()
        if number < 3:
            expect(page.get_by_text(f"Answer {number} saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Report card")).to_be_visible()
    expect(page.get_by_text("Technology talk in 2 of 3 answers.")).to_be_visible()


def test_draft_is_saved_while_typing_without_leaving_the_box(page, served_app):
    base, db = served_app
    page.goto(f"{base}/mock")
    page.get_by_role("button", name="Start the interview").click()
    box = page.get_by_label("Your answer")
    box.click()
    box.press_sequentially("We interviewed ten customers", delay=20)
    wait_for(lambda: stored_draft(db) == "We interviewed ten customers")  # no blur, no Ctrl+Enter
    box.press_sequentially(" and cut churn by 20%.", delay=20)  # typing goes on across the save
    expect(box).to_have_value("We interviewed ten customers and cut churn by 20%.")
    wait_for(lambda: stored_draft(db) == "We interviewed ten customers and cut churn by 20%.")

    page.reload()  # as if the tab had been closed mid-sentence
    expect(page.get_by_label("Your answer")).to_have_value("We interviewed ten customers and cut churn by 20%.")
