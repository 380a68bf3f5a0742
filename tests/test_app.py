"""The Streamlit app, driven headless with AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from pmtrainer.store import Store
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER


@pytest.fixture
def app():
    return AppTest.from_file("../trainer.py", default_timeout=30).run()


def test_practice_flow_draw_answer_feedback_and_storage(app):
    assert not app.exception
    app.selectbox(key="practice_category").set_value("go-to-market").run()
    app.button(key="draw").click().run()
    question_heading = next(m.value for m in app.markdown if m.value.startswith("### "))
    assert "Positioning and go-to-market" in app.caption[0].value

    app.text_area(key="answer").input(CUSTOMER_ANSWER + " A good product sells itself, so we skipped the launch plan.")
    app.button(key="submit").click().run()
    assert not app.exception
    assert app.metric[0].value.endswith("/100")
    html = "".join(m.value for m in app.markdown)
    assert "[quantified result]" in html and "[customer/business]" in html and "[myth]" in html
    assert any("A good product sells itself" in m.value for m in app.markdown)
    assert "Talking points for this question" in [e.label for e in app.expander]

    rows = Store().attempts()
    assert len(rows) == 1
    assert rows[0]["status"] == "graded" and rows[0]["question_text"] in question_heading
    assert rows[0]["category"] == "go-to-market"


def test_empty_answer_is_not_submitted(app):
    app.button(key="draw").click().run()
    app.button(key="submit").click().run()
    assert "empty" in app.error[0].value
    assert Store().attempts() == []


def test_overlong_answer_keeps_the_text_and_explains(app):
    app.button(key="draw").click().run()
    long_answer = "customers " * 2_500
    app.text_area(key="answer").input(long_answer)
    app.button(key="submit").click().run()
    assert "20,000" in app.error[0].value
    assert app.text_area(key="answer").value == long_answer


def test_try_again_shows_the_change_against_the_previous_attempt(app):
    app.button(key="draw").click().run()
    app.text_area(key="answer").input(TECH_ANSWER)
    app.button(key="submit").click().run()
    app.button(key="try_again").click().run()
    assert app.text_area(key="answer").value == TECH_ANSWER
    app.text_area(key="answer").input(CUSTOMER_ANSWER)
    app.button(key="submit").click().run()
    assert any(i.value.startswith("Since your last attempt") for i in app.info)
    assert int(app.metric[0].delta) > 0
    assert app.metric[0].proto.delta_description == "vs last attempt"


def test_next_question_draws_a_different_one(app):
    app.button(key="draw").click().run()
    first = next(m.value for m in app.markdown if m.value.startswith("### "))
    app.text_area(key="answer").input(CUSTOMER_ANSWER)
    app.button(key="submit").click().run()
    app.button(key="next").click().run()
    second = next(m.value for m in app.markdown if m.value.startswith("### "))
    assert first != second
    assert app.text_area(key="answer").value == ""


def test_broken_database_explains_and_keeps_the_answer(app, tmp_path, monkeypatch):
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"garbage" * 500)
    monkeypatch.setenv("PMTRAINER_DB", str(bad))
    app.button(key="draw").click().run()
    app.text_area(key="answer").input(CUSTOMER_ANSWER)
    app.button(key="submit").click().run()
    assert not app.exception
    assert any("damaged" in e.value for e in app.error)
    assert app.metric[0].value.endswith("/100")  # still graded, just not saved


def test_drawing_with_an_unsubmitted_answer_asks_before_discarding(app):
    app.button(key="draw").click().run()
    first = next(m.value for m in app.markdown if m.value.startswith("### "))
    app.text_area(key="answer").input(CUSTOMER_ANSWER)
    app.button(key="draw").click().run()
    assert "isn't submitted yet" in app.warning[0].value
    assert app.text_area(key="answer").value == CUSTOMER_ANSWER
    assert next(m.value for m in app.markdown if m.value.startswith("### ")) == first
    app.button(key="keep_answer").click().run()
    assert not app.warning and app.text_area(key="answer").value == CUSTOMER_ANSWER
    app.button(key="draw").click().run()
    app.button(key="discard_draw").click().run()
    assert app.text_area(key="answer").value == ""
    assert next(m.value for m in app.markdown if m.value.startswith("### ")) != first
