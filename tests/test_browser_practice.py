"""The Practice page driven in a real Chromium: draw, answer, feedback, storage, try again."""

from __future__ import annotations

import re

import pytest

from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER
from ui.components import VERDICT_BADGES

pytest_plugins = ["tests.browser_app"]
pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
expect = sync_api.expect
expect.set_options(timeout=15_000)

CATEGORY = "Positioning and go-to-market"
MYTH_SENTENCE = "A good product sells itself."
ANSWER = f"{CUSTOMER_ANSWER} {MYTH_SENTENCE} So we skipped the launch plan."


def draw(page, category: str | None = CATEGORY) -> str:
    """Pick a category (None keeps "Any category"), draw a question and return its text."""
    if category:
        page.get_by_label("Category").click()
        page.get_by_role("option", name=category, exact=True).click()
        expect(page.get_by_label("Category")).to_have_value(category)
    page.get_by_role("button", name="Draw a question").click()
    heading = page.get_by_role("heading", level=3).first
    expect(heading).to_be_visible()
    if category:
        expect(page.get_by_text(re.compile(rf"^{re.escape(category)} · "))).to_be_visible()
    return heading.inner_text().strip()


def answer(page, text: str) -> None:
    """Type into the answer box and commit it: a text_area sends its value on blur or Ctrl+Enter."""
    box = page.get_by_role("textbox", name="Your answer")
    box.fill(text)
    instructions = page.get_by_test_id("InputInstructions")
    expect(instructions).to_contain_text("Enter to apply")  # typed, not yet sent to the server
    box.press("Control+Enter")
    expect(instructions).to_be_hidden()  # committed
    expect(box).to_have_value(text)


def submit(page) -> None:
    page.get_by_role("button", name="Submit for feedback").click()
    expect(page.get_by_role("heading", name="Your answer, annotated")).to_be_visible()


def test_practice_feedback_is_shown_and_saved(app_server, browser_page, screenshot):
    page = browser_page
    app_server.open(page)
    expect(page.get_by_text("Pick a category and draw a question to start.")).to_be_visible()
    question = draw(page)
    answer(page, ANSWER)
    submit(page)

    # Score and verdict match what was stored.
    [row] = app_server.attempts()
    assert row["status"] == "graded", row
    assert row["answer"] == ANSWER
    assert row["category"] == "go-to-market"
    assert row["question_text"] == question
    score = page.get_by_test_id("stMetricValue")
    expect(score).to_have_text(f"{row['overall']}/100")
    expect(page.get_by_test_id("stMetricLabel")).to_have_text("Overall")
    badge_text = VERDICT_BADGES[row["verdict"]][0]
    expect(page.locator(".stMarkdownBadge")).to_have_text(re.compile(rf"{re.escape(badge_text)}$"))

    # Highlighted spans carry their text tags, so they read without colour.
    annotated = page.locator(".pmt-answer")
    for label, tag in [("customer", "customer/business"), ("metric", "quantified result"), ("myth", "myth")]:
        span = annotated.locator(f".pmt-hl.pmt-{label}").first
        expect(span).to_be_visible()
        expect(span.locator(".pmt-tag")).to_have_text(f"[{tag}]")
    expect(annotated.locator(".pmt-myth").first).to_contain_text("A good product sells itself")
    expect(annotated.locator(".pmt-metric").first).to_contain_text("40%")

    # A card for the myth.
    expect(page.get_by_role("heading", name=re.compile(r"^Myths to drop \(1\)"))).to_be_visible()
    expect(page.get_by_text("product-sells-itself", exact=True)).to_be_visible()
    expect(page.get_by_text("Why it's a red flag:")).to_be_visible()
    expect(page.get_by_text("Say instead:")).to_be_visible()
    expect(page.get_by_role("heading", name="Coaching points")).to_be_visible()

    screenshot(page, "practice_feedback.png")


def test_try_again_shows_the_change_since_the_last_attempt(app_server, browser_page):
    page = browser_page
    app_server.open(page)
    draw(page, category=None)
    answer(page, TECH_ANSWER)
    submit(page)
    expect(page.get_by_text("Since your last attempt")).to_have_count(0)

    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("textbox", name="Your answer")).to_have_value(TECH_ANSWER)
    answer(page, CUSTOMER_ANSWER)
    submit(page)
    expect(page.get_by_text(re.compile(r"^Since your last attempt: Customer focus \d+ → \d+"))).to_be_visible()
    rows = app_server.attempts()
    assert [r["answer"] for r in rows] == [TECH_ANSWER, CUSTOMER_ANSWER]
    assert rows[0]["question_id"] == rows[1]["question_id"]
    assert rows[1]["overall"] > rows[0]["overall"]
    expect(page.get_by_test_id("stMetricDelta")).to_have_text(str(rows[1]["overall"] - rows[0]["overall"]))


def test_empty_answer_explains_and_saves_nothing(app_server, browser_page):
    page = browser_page
    app_server.open(page)
    draw(page, category=None)
    page.get_by_role("button", name="Submit for feedback").click()
    expect(page.get_by_role("alert").filter(has_text="empty")).to_be_visible()
    expect(page.get_by_role("heading", name="Your answer, annotated")).to_have_count(0)
    assert app_server.attempts() == []


def test_timer_ticks_when_shown_and_reports_the_time_taken(app_server, browser_page):
    page = browser_page
    app_server.open(page)
    draw(page, category=None)
    clock = page.get_by_text(re.compile(r"^Elapsed \d+:\d\d"))
    expect(clock).to_have_count(0)
    toggle = page.get_by_role("switch", name="Show timer")
    page.get_by_text("Show timer", exact=True).click()
    expect(toggle).to_be_checked()
    expect(clock).to_be_visible()
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=5_000)  # the fragment reruns every second
    page.get_by_text("Show timer", exact=True).click()
    expect(toggle).not_to_be_checked()
    expect(clock).to_have_count(0)

    page.get_by_text("Show timer", exact=True).click()
    expect(clock).to_be_visible()
    answer(page, CUSTOMER_ANSWER)
    submit(page)
    expect(clock).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Answered in \d+:\d\d$"))).to_be_visible()


def test_feedback_fits_a_narrow_window(app_server, new_page, screenshot):
    page = new_page(width=420, height=900)
    app_server.open(page)
    draw(page)
    answer(page, ANSWER)
    submit(page)
    expect(page.get_by_role("button", name="Next question")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 420px wide"
    screenshot(page, "practice_feedback_narrow.png")


def test_typed_answer_survives_a_visit_to_another_page(app_server, browser_page):
    page = browser_page
    app_server.open(page)
    question = draw(page)
    answer(page, CUSTOMER_ANSWER)
    page.get_by_role("link", name="Review").click()
    expect(page.get_by_role("heading", name="Review", level=1)).to_be_visible()
    page.get_by_role("link", name="Practice").click()
    expect(page.get_by_role("heading", level=3).first).to_have_text(question)
    expect(page.get_by_role("textbox", name="Your answer")).to_have_value(CUSTOMER_ANSWER)
