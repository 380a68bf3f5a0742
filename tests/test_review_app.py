"""The Review page, driven headless with AppTest: filters, search, pages, notes and overrides."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from pmtrainer.grading import grade_answer
from pmtrainer.store import Store
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER
from tests.small_bank import write_bank

TODAY = datetime.now(UTC).date()  # attempts are stamped in UTC
MYTH_ANSWER = "A good product sells itself, so we skipped the launch plan and shipped."


def seed(store: Store) -> None:
    """30 attempts: 20 customer-focused in go-to-market, 8 technology-heavy, 2 with a myth."""
    plan = [(CUSTOMER_ANSWER, "go-to-market")] * 20 + [(TECH_ANSWER, "career-transition")] * 8
    plan += [(MYTH_ANSWER, "career-transition")] * 2
    for n, (answer, category) in enumerate(plan):
        attempt_id = store.add_attempt(
            answer=answer,
            question_id=f"{category}-1",
            question_text=f"Question 1 about {category}",
            category=category,
            session_id="s1" if n < 3 else None,
        )
        store.record_grade(attempt_id, grade_answer(answer))


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTRAINER_BANK", str(write_bank(tmp_path / "bank")))
    seed(Store())
    at = AppTest.from_file("../trainer.py", default_timeout=30)
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    return at


def summary(at) -> str:
    return next(m.value for m in at.markdown if re.match(r"\*\*[\d,]+\+? attempts?\*\*", m.value))


def test_history_pages_and_filters(app):
    assert summary(app).startswith("**30 attempts** · page 1 of 2")
    assert len(app.dataframe[0].value) == 25
    app.number_input(key="review_page").set_value(2).run()
    assert len(app.dataframe[0].value) == 5

    app.selectbox(key="review_verdict").set_value("technology-heavy").run()
    assert summary(app).startswith("**8 attempts** · page 1 of 1")  # page reset to 1
    app.selectbox(key="review_verdict").set_value("any")
    app.selectbox(key="review_category").set_value("go-to-market").run()
    assert summary(app).startswith("**20 attempts**")
    app.selectbox(key="review_category").set_value("any")
    app.selectbox(key="review_myth").set_value("product-sells-itself").run()
    assert summary(app).startswith("**2 attempts**")
    app.selectbox(key="review_myth").set_value("any")
    app.text_input(key="review_search").input("Kubernetes gRPC").run()
    assert summary(app).startswith("**8 attempts**")
    app.text_input(key="review_search").input('"sells" OR').run()  # operators are taken literally
    assert not app.exception and summary(app).startswith("**0 attempts**")


def test_coach_note_and_override_shown_beside_machine_grade(app):
    app.selectbox(key="review_verdict").set_value("technology-heavy").run()
    attempt_id = app.selectbox(key="review_attempt").value
    app.text_area(key="review_note").input("Lead with the user problem, not the stack.")
    app.selectbox(key="review_override").set_value("balanced")
    app.button(key="review_add_note").click().run()
    assert not app.exception
    body = " ".join(m.value for m in app.markdown)
    assert "**Machine verdict**" in body and "**Coach verdict**" in body
    assert "Lead with the user problem, not the stack." in body and "verdict → **balanced**" in body
    assert "Technology-heavy" in body and "Balanced" in body  # both badges
    stored = Store().attempt(attempt_id)
    assert stored["verdict"] == "technology-heavy"  # the machine grade is never overwritten
    # the table shows both verdicts, and the coach's can be filtered on and withdrawn
    assert summary(app).startswith("**8 attempts**") and app.selectbox(key="review_attempt").value == attempt_id
    app.selectbox(key="review_coach").set_value("balanced").run()
    assert summary(app).startswith("**1 attempt**")
    table = app.dataframe[0].value
    assert list(table["coach_verdict"]) == ["balanced"] and list(table["verdict"]) == ["technology-heavy"]

    assert "Back to the machine verdict" in app.selectbox(key="review_override").options
    app.selectbox(key="review_override").set_value("machine")
    app.button(key="review_add_note").click().run()
    assert not app.exception
    assert summary(app).startswith("**0 attempts**")
    app.selectbox(key="review_coach").set_value("none").run()
    assert summary(app).startswith("**8 attempts**")
    assert "back to the machine verdict" in " ".join(m.value for m in app.markdown)
    assert "Back to the machine verdict" not in app.selectbox(key="review_override").options  # nothing to withdraw


def test_compare_and_progress_views_render(app):
    app.radio(key="review_view").set_value("Compare").run()
    assert not app.exception
    assert any("What changed" in s.value for s in app.subheader)
    app.radio(key="review_view").set_value("Progress").run()
    assert not app.exception
    assert [s.value for s in app.subheader] == ["Scores over time", "Myths per week", "Score by category"]


def test_progress_shows_a_single_day_as_a_figure_and_more_days_as_a_line(app):
    app.radio(key="review_view").set_value("Progress").run()
    labels = [m.label for m in app.metric]
    assert labels == [f"Customer focus on {TODAY.isoformat()}", f"Overall score on {TODAY.isoformat()}"]
    assert any("from 30 graded attempts" in c.value.lower() for c in app.caption)
    charts = len(app.get("vega_lite_chart"))
    store = Store()
    attempt_id = store.add_attempt(answer=CUSTOMER_ANSWER, question_id=None, question_text=None)
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    store.db.execute("update attempts set created_at = ? where id = ?", [yesterday, attempt_id])
    store.record_grade(attempt_id, grade_answer(CUSTOMER_ANSWER))
    app.run()
    assert not app.exception
    assert not app.metric
    assert len(app.get("vega_lite_chart")) == charts + 1


def test_session_and_date_filters(app):
    store = Store()
    store.db["mock_sessions"].insert(
        {
            "id": "s1",
            "profile": "default",
            "created_at": "2025-01-01T10:00:00+00:00",
            "status": "finished",
            "question_ids": "[]",
            "position": 0,
        }
    )
    app.run()
    app.selectbox(key="review_session").set_value("s1").run()
    assert summary(app).startswith("**3 attempts**")
    app.selectbox(key="review_session").set_value("any")
    app.date_input(key="review_to").set_value(TODAY - timedelta(days=1)).run()
    assert summary(app).startswith("**0 attempts**")
    app.date_input(key="review_to").set_value(None)
    app.date_input(key="review_from").set_value(TODAY).run()
    assert summary(app).startswith("**30 attempts**")


def test_profiles_keep_separate_histories_in_the_sidebar(app):
    app.text_input(key="new_profile").input("Ana").run()
    assert app.selectbox(key="profile").value == "Ana"
    assert summary(app).startswith("**0 attempts**")
    app.selectbox(key="profile").set_value("default").run()
    assert summary(app).startswith("**30 attempts**")


def test_adding_a_profile_that_exists_switches_to_it_and_says_so(app):
    app.text_input(key="new_profile").input("Ana").run()
    app.selectbox(key="profile").set_value("default").run()
    app.text_input(key="new_profile").input("  Ana ").run()
    assert app.selectbox(key="profile").value == "Ana"
    assert sorted(app.selectbox(key="profile").options) == ["Ana", "default"]
    assert any("already exists" in i.value and "Ana" in i.value for i in app.sidebar.info)


def test_export_view_offers_three_formats(app):
    app.radio(key="review_view").set_value("Export").run()
    assert not app.exception
    assert summary(app).startswith("**30 attempts** match")
    assert len(app.get("download_button")) == 3


def test_history_names_each_attempts_question_and_compare_starts_from_the_first_try(app):
    table = app.dataframe[0].value
    assert table["question_text"].str.startswith("Question 1 about").all()
    assert table["created_at"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d").all()
    assert "Question 1 about" in app.selectbox(key="review_attempt").format_func(
        app.selectbox(key="review_attempt").value
    )
    app.radio(key="review_view").set_value("Compare").run()
    question_id = app.selectbox(key="review_compare_question").value
    ids = [a["id"] for a in Store().query("select id from attempts where question_id = ? order by id", [question_id])]
    assert app.selectbox(key=f"review_before_{question_id}").value == ids[0]
    assert app.selectbox(key=f"review_after_{question_id}").value == ids[-1]
