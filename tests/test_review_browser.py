"""The Review page in a real Chromium: selecting a row of the history table opens that attempt."""

from __future__ import annotations

import re

import pytest

from pmtrainer.grading import grade_answer
from pmtrainer.store import Store
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER

pytest_plugins = ["tests.browser_app"]
pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
expect = sync_api.expect
expect.set_options(timeout=15_000)


def test_selecting_a_row_opens_that_attempt(start_app, browser_page, tmp_path, screenshot):
    db_path = tmp_path / "review.db"
    store = Store(db_path)
    ids = []
    for answer in (CUSTOMER_ANSWER, TECH_ANSWER, CUSTOMER_ANSWER):
        ids.append(store.add_attempt(answer=answer, question_id=None, question_text=None))
        store.record_grade(ids[-1], grade_answer(answer))
    server = start_app(db_path=db_path)
    page = browser_page
    server.open(page, "review")
    expect(page.get_by_role("heading", name=f"Attempt #{ids[-1]}")).to_be_visible()  # newest first

    # rows are drawn on a canvas: select the second row by its row marker, left of the first column
    grid = page.get_by_test_id("stDataFrameResizable")
    header = 35  # the header row's height; data rows follow at the same height
    grid.click(position={"x": 18, "y": header + 35 + 35 / 2})
    expect(page.get_by_role("heading", name=f"Attempt #{ids[1]}")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Technology-heavy$")).first).to_be_visible()  # its machine verdict
    screenshot(page, "review-row-selected.png")
