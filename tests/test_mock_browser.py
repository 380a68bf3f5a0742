"""The mock interview in a real Chromium: a reload in the middle loses neither session nor draft."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER
from tests.small_bank import write_bank

CHROMIUM = "/usr/bin/chromium"
pytest_plugins = ["tests.browser_app"]  # one shared Chromium: two sync Playwrights can't coexist
expect.set_options(timeout=15_000)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium"),
]


@pytest.fixture
def served_app(start_app, tmp_path):
    """The app with its own database and a small bank; yields (base url, db path)."""
    server = start_app(env={"PMTRAINER_BANK": str(write_bank(tmp_path / "bank"))})
    return server.url, server.db_path


@pytest.fixture
def page(new_page):
    return new_page()


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


def settled_to_one_empty_box(box) -> bool:
    """True once there is exactly one answer box and it is empty, twice in a row."""
    for _ in range(2):
        try:
            if box.count() != 1 or box.input_value(timeout=1_000) != "":
                return False
        except PlaywrightError:  # a second box appeared between the two calls
            return False
        time.sleep(0.3)
    return True


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
            # The previous question's box is gone, not just stale: under load Streamlit may show
            # both for a moment while the rerun that replaces it finishes.
            wait_for(lambda box=box: settled_to_one_empty_box(box), timeout=15)
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


def test_draft_survives_a_visit_to_another_page(page, served_app):
    base, db = served_app
    page.goto(f"{base}/mock")
    page.get_by_role("button", name="Start the interview").click()
    box = page.get_by_label("Your answer")
    box.wait_for()
    box.press_sequentially("Customers first, then the result.", delay=10)
    wait_for(lambda: stored_draft(db) == "Customers first, then the result.")
    session_url = page.url
    page.get_by_role("link", name="Review").click()
    # Leaving must never overwrite the saved draft (it used to be saved as "").
    page.wait_for_timeout(1500)
    assert stored_draft(db) == "Customers first, then the result."
    heading = page.get_by_role("heading", name="Review", level=1)
    if not heading.count():
        # Streamlit can swallow a navigation click that races the box's own update and show the
        # box empty; the draft is safe in the database and a reload brings it back.
        page.goto(session_url)
        expect(page.get_by_label("Your answer")).to_have_value("Customers first, then the result.")
        page.get_by_role("link", name="Review").click()
    expect(heading).to_be_visible()
    assert stored_draft(db) == "Customers first, then the result."
    page.get_by_role("link", name="Mock interview").click()
    expect(page.get_by_label("Your answer")).to_have_value("Customers first, then the result.")
