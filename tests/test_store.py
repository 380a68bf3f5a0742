"""The attempt store: saved before grading, grades kept as JSON, clear errors for bad files."""

from __future__ import annotations

import sqlite3

import pytest

from pmtrainer.grading import grade_answer
from pmtrainer.store import Store, StoreError
from tests.conftest import CUSTOMER_ANSWER


def test_attempt_is_saved_before_grading_then_graded(store):
    attempt_id = store.add_attempt(answer=CUSTOMER_ANSWER, question_id="q1", question_text="Why PM?", time_taken_s=42.0)
    pending = store.attempt(attempt_id)
    assert pending["status"] == "pending" and pending["answer"] == CUSTOMER_ANSWER and pending["grade"] is None
    grade = grade_answer(CUSTOMER_ANSWER)
    store.record_grade(attempt_id, grade)
    graded = store.attempt(attempt_id)
    assert graded["status"] == "graded"
    assert graded["grade"] == grade.to_json_dict()
    assert graded["engine"] == "offline" and graded["engine_version"] == grade.engine_version
    assert graded["verdict"] == grade.verdict and graded["time_taken_s"] == 42.0
    assert graded["question_text"] == "Why PM?" and graded["created_at"].endswith("+00:00")


def test_grading_error_keeps_the_answer(store):
    attempt_id = store.add_attempt(answer="my answer", question_id="q1", question_text="Q")
    store.record_error(attempt_id, "engine crashed")
    row = store.attempt(attempt_id)
    assert row["answer"] == "my answer" and row["status"] == "error" and row["error"] == "engine crashed"


def test_profiles_keep_separate_histories(store):
    store.add_attempt(answer="a", question_id="q", question_text="Q", profile="ana")
    store.add_attempt(answer="b", question_id="q", question_text="Q", profile="bo")
    assert [r["answer"] for r in store.attempts("ana")] == ["a"]


def test_previous_graded_attempt_on_same_question(store):
    first = store.add_attempt(answer="first", question_id="q", question_text="Q")
    store.record_grade(first, grade_answer(CUSTOMER_ANSWER))
    second = store.add_attempt(answer="second", question_id="q", question_text="Q")
    assert store.previous_graded("default", "q", second)["id"] == first
    assert store.previous_graded("default", "q", first) is None


def test_reopening_keeps_data_and_does_not_rerun_migrations(tmp_path):
    path = tmp_path / "h.db"
    Store(path).add_attempt(answer="kept", question_id="q", question_text="Q")
    assert [r["answer"] for r in Store(path).attempts()] == ["kept"]


def test_corrupt_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="damaged or not a pmtrainer database"):
        Store(path)


def test_locked_database_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("pmtrainer.store.BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.db"
    store = Store(path)
    blocker = sqlite3.connect(path)
    blocker.execute("begin exclusive")
    try:
        store.db.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(StoreError, match="locked"):
            store.add_attempt(answer="mine", question_id="q", question_text="Q")
    finally:
        blocker.rollback()
        blocker.close()
    assert store.add_attempt(answer="mine", question_id="q", question_text="Q")
