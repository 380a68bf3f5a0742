"""The Mock interview page, driven headless with AppTest: feedback held back, report card at the end."""

from __future__ import annotations

import os
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from pmtrainer import store as store_module
from pmtrainer.sessions import open_sessions
from pmtrainer.store import Store
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER
from tests.small_bank import write_bank

MYTH_ANSWER = "A good product sells itself, so I would build it on Kubernetes with Kafka and ship fast."


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PMTRAINER_BANK", str(write_bank(tmp_path / "bank")))
    at = AppTest.from_file("../trainer.py", default_timeout=30)
    at.switch_page("app_pages/mock.py").run()
    assert not at.exception
    return at


def answer_box(at):
    return next(t for t in at.text_area if t.key.startswith("mock_answer_"))


def test_three_question_session_end_to_end(app):
    app.radio(key="mock_length").set_value(3).run()
    app.button(key="mock_start").click().run()
    assert not app.exception
    assert any("left" in m.value for m in app.markdown), [e.value for e in app.error]  # the countdown
    for number, answer in enumerate((CUSTOMER_ANSWER, TECH_ANSWER, MYTH_ANSWER), start=1):
        assert app.get("progress")[0].proto.text == f"Question {number} of 3"
        answer_box(app).input(answer)
        app.button(key="mock_submit").click().run()
        assert not app.exception
        if number < 3:  # no feedback mid-interview: no score, no verdict, no coaching
            assert not app.metric and app.success, [e.value for e in app.error]
            assert f"Answer {number} saved." in app.success[0].value
            assert not [m for m in app.markdown if "[customer/business]" in m.value]

    assert app.title[0].value == "Report card"
    assert [m.label for m in app.metric][:3] == ["Overall", "Strongest answer", "Redo first"]
    patterns = "".join(m.value for m in app.markdown)
    assert "Technology talk in 2 of 3 answers." in patterns
    assert app.get("download_button")

    rows = Store().attempts(limit=10)
    assert len(rows) == 3 and len({r["session_id"] for r in rows}) == 1 and rows[0]["session_id"]
    assert {r["answer"] for r in rows} == {CUSTOMER_ANSWER, TECH_ANSWER, MYTH_ANSWER}
    assert all(r["status"] == "graded" for r in rows)


def test_draft_comes_back_after_a_fresh_browser_session(app):
    app.button(key="mock_start").click().run()
    answer_box(app).input("half-typed draft").run()
    session_id = open_sessions(Store())[0].id
    assert session_id in str(app.query_params["session"])  # the URL names the session

    fresh = AppTest.from_file("../trainer.py", default_timeout=30)
    fresh.query_params["session"] = session_id
    fresh.switch_page("app_pages/mock.py").run()
    assert answer_box(fresh).value == "half-typed draft"


def test_unfinished_session_is_listed_for_resume(app):
    app.button(key="mock_start").click().run()
    session = open_sessions(Store())[0]
    fresh = AppTest.from_file("../trainer.py", default_timeout=30)
    fresh.switch_page("app_pages/mock.py").run()
    fresh.button(key=f"mock_resume_{session.id}").click().run()
    assert fresh.get("progress")[0].proto.text == "Question 1 of 3"


def test_empty_answer_is_refused_without_advancing(app):
    app.button(key="mock_start").click().run()
    app.button(key="mock_submit").click().run()
    assert "empty" in app.error[0].value
    assert app.get("progress")[0].proto.text == "Question 1 of 3"


def test_locked_database_explains_and_keeps_the_answer(app, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    app.button(key="mock_start").click().run()
    blocker = sqlite3.connect(os.environ["PMTRAINER_DB"])
    blocker.execute("begin exclusive")
    try:
        answer_box(app).input(CUSTOMER_ANSWER)
        app.button(key="mock_submit").click().run()
    finally:
        blocker.rollback()
        blocker.close()
    assert not app.exception
    assert any("locked by another program" in e.value for e in app.error)
    assert answer_box(app).value == CUSTOMER_ANSWER
    app.button(key="mock_submit").click().run()  # the lock is gone: the same answer goes through
    assert app.get("progress")[0].proto.text == "Question 2 of 3"
    assert [r["answer"] for r in Store().attempts()] == [CUSTOMER_ANSWER]
