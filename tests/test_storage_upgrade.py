"""Storage: an old database upgrades in place, concurrent writers both land, failures explain."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlite_utils import Database

from pmtrainer import store as store_module
from pmtrainer.grading import grade_answer
from pmtrainer.store import Store, StoreError, migrations
from tests.conftest import CUSTOMER_ANSWER

MYTH_ANSWER = "A good product sells itself, so we skipped the launch plan and shipped."


def test_database_with_only_m001_upgrades_in_place_keeping_rows(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m020_mock_sessions")
    old["attempts"].insert(
        {
            "profile": "ana",
            "answer": MYTH_ANSWER,
            "status": "graded",
            "created_at": "2025-01-02T10:00:00+00:00",
            "grade": grade_answer(MYTH_ANSWER).model_dump_json(by_alias=True, exclude_none=True),
            "overall": 10,
            "verdict": "insufficient",
        }
    )
    old.close()

    upgraded = Store(path)
    tables = set(upgraded.db.table_names())
    assert {"mock_sessions", "mock_drafts", "coach_notes", "profiles", "attempt_myths", "attempts_fts"} <= tables
    rows = upgraded.attempts("ana")
    assert [r["answer"] for r in rows] == [MYTH_ANSWER]
    assert "ana" in upgraded.profiles()
    assert upgraded.query("select myth_id from attempt_myths") == [{"myth_id": "product-sells-itself"}]
    assert upgraded.query("select rowid from attempts_fts where attempts_fts match 'launch'") == [{"rowid": 1}]
    assert rows[0]["customer_focus"] == rows[0]["grade"]["scores"]["customer_focus"]


def test_two_stores_writing_at_once_both_land(tmp_path):
    path = tmp_path / "shared.db"
    Store(path).close()
    errors = []

    def tab(name: str) -> None:
        s = Store(path)
        try:
            for n in range(25):
                attempt_id = s.add_attempt(answer=f"{name} {n}", question_id="q", question_text="Q", profile=name)
                s.record_grade(attempt_id, grade_answer(CUSTOMER_ANSWER))
        except Exception as error:  # collected so the main thread can fail the test
            errors.append(error)
        finally:
            s.close()

    threads = [threading.Thread(target=tab, args=(name,)) for name in ("left", "right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = Store(path)
    assert len(check.attempts("left", limit=100)) == 25 and len(check.attempts("right", limit=100)) == 25


def test_locked_database_gives_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.db"
    s = Store(path)
    blocker = sqlite3.connect(path)
    blocker.execute("begin exclusive")
    try:
        with pytest.raises(StoreError, match="locked by another program"):
            s.add_attempt(answer="kept in the UI", question_id="q", question_text="Q")
    finally:
        blocker.rollback()
        blocker.close()
    assert s.add_attempt(answer="kept in the UI", question_id="q", question_text="Q") == 1


def test_profiles_are_created_once_and_validated(store):
    assert store.add_profile("  Ana   Lima ") == "Ana Lima"
    store.add_profile("Ana Lima")
    assert store.profiles() == ["Ana Lima", "default"]
    with pytest.raises(ValueError):
        store.add_profile("   ")


def test_tabs_opening_a_brand_new_database_at_once_all_work(tmp_path):
    path = tmp_path / "new.db"
    errors = []

    def tab() -> None:
        try:
            s = Store(path)
            s.add_attempt(answer="first launch", question_id="q", question_text="Q")
            s.close()
        except Exception as error:  # collected so the main thread can fail the test
            errors.append(error)

    threads = [threading.Thread(target=tab) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(Store(path).attempts(limit=10)) == 4


def test_opening_a_database_locked_by_another_program_fails_fast_and_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "held.db"
    blocker = sqlite3.connect(path)
    blocker.execute("begin exclusive")  # a new file, held before any schema exists
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked by another program"):
            Store(path)
        assert time.monotonic() - started < 3
    finally:
        blocker.rollback()
        blocker.close()
