"""Attempts and their grades in SQLite through sqlite-utils, with numbered schema migrations.

An attempt is written before it is graded, so a grading failure never loses the answer.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from pmtrainer.models import Grade
from pmtrainer.paths import default_db_path

DEFAULT_PROFILE = "default"
BUSY_TIMEOUT_MS = 5_000

migrations = Migrations("pmtrainer")


@migrations()
def m001_attempts(db: Database) -> None:
    db["attempts"].create(
        {
            "id": int,
            "profile": str,
            "question_id": str,
            "question_text": str,
            "category": str,
            "answer": str,
            "engine": str,
            "engine_version": str,
            "status": str,  # pending | graded | error
            "error": str,
            "grade": str,  # the Grade contract as JSON
            "overall": int,
            "verdict": str,
            "created_at": str,  # ISO 8601, UTC
            "time_taken_s": float,
            "session_id": str,
        },
        pk="id",
        not_null={"profile", "answer", "status", "created_at"},
        defaults={"profile": DEFAULT_PROFILE, "status": "pending"},
    )
    db["attempts"].create_index(["profile", "created_at"])
    db["attempts"].create_index(["profile", "question_id", "created_at"])


@migrations()
def m010_grade_cache(db: Database) -> None:
    # What a model said about one (prompt, model, question, answer); keyed by a hash, so the
    # answer text itself is not stored twice.
    db["grade_cache"].create(
        {
            "key": str,  # sha256 of prompt name, model, question, talking points, answer
            "prompt": str,
            "model": str,
            "judgement": str,  # the model's validated structured output as JSON
            "prompt_tokens": int,
            "completion_tokens": int,
            "created_at": str,
        },
        pk="key",
        not_null={"judgement", "created_at"},
    )


class StoreError(RuntimeError):
    """The database cannot be used (locked, corrupt, unwritable); the message is for the user."""


def _friendly(error: sqlite3.Error, path: str) -> StoreError:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StoreError(f"The database {path} is locked by another program; try again in a moment.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"The database {path} is damaged or not a pmtrainer database. Move it aside "
            "(or set PMTRAINER_DB to another file) and start again."
        )
    return StoreError(f"The database {path} could not be used: {error}")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The attempt history. Open one per session or call: a SQLite connection is not thread-safe."""

    def __init__(self, path: str | Path | None = None, *, memory: bool = False):
        self.path = ":memory:" if memory else str(path or default_db_path())
        try:
            if memory:
                self.db = Database(memory=True)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.db = Database(self.path)
                self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                self.db.enable_wal()
            migrations.apply(self.db)
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from error

    def close(self) -> None:
        self.db.close()

    def _write(self, fn):
        try:
            with self.db.atomic():
                return fn()
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from error

    def add_attempt(
        self,
        *,
        answer: str,
        question_id: str | None,
        question_text: str | None,
        category: str | None = None,
        profile: str = DEFAULT_PROFILE,
        time_taken_s: float | None = None,
        session_id: str | None = None,
        engine: str | None = None,
    ) -> int:
        """Save an answer before grading; returns the attempt id."""
        row = {
            "profile": profile,
            "question_id": question_id,
            "question_text": question_text,
            "category": category,
            "answer": answer,
            "engine": engine,
            "status": "pending",
            "created_at": now_iso(),
            "time_taken_s": time_taken_s,
            "session_id": session_id,
        }
        return self._write(lambda: self.db["attempts"].insert(row).last_pk)

    def record_grade(self, attempt_id: int, grade: Grade) -> None:
        data = grade.to_json_dict()
        self._write(
            lambda: self.db["attempts"].update(
                attempt_id,
                {
                    "grade": json.dumps(data),
                    "engine": grade.engine,
                    "engine_version": grade.engine_version,
                    "overall": grade.overall,
                    "verdict": grade.verdict,
                    "status": "graded",
                    "error": None,
                },
            )
        )

    def record_error(self, attempt_id: int, message: str) -> None:
        self._write(lambda: self.db["attempts"].update(attempt_id, {"status": "error", "error": message}))

    def attempt(self, attempt_id: int) -> dict | None:
        rows = self._read("select * from attempts where id = ?", [attempt_id])
        return rows[0] if rows else None

    def attempts(
        self, profile: str = DEFAULT_PROFILE, *, question_id: str | None = None, limit: int = 50
    ) -> list[dict]:
        """Newest first."""
        where, params = "profile = ?", [profile]
        if question_id:
            where += " and question_id = ?"
            params.append(question_id)
        return self._read(
            f"select * from attempts where {where} order by created_at desc, id desc limit ?",
            [*params, limit],
        )

    def previous_graded(self, profile: str, question_id: str, before_id: int) -> dict | None:
        """The latest graded attempt at the same question before `before_id`."""
        rows = self._read(
            "select * from attempts where profile = ? and question_id = ? and id < ? "
            "and status = 'graded' order by id desc limit 1",
            [profile, question_id, before_id],
        )
        return rows[0] if rows else None

    def cached_judgement(self, key: str) -> dict | None:
        """A cached model judgement (see `m010_grade_cache`) or None."""
        try:
            rows = list(self.db.query("select * from grade_cache where key = ?", [key]))
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from error
        return dict(rows[0]) if rows else None

    def cache_judgement(
        self, key: str, *, prompt: str, model: str, judgement: str, prompt_tokens: int, completion_tokens: int
    ) -> None:
        row = {
            "key": key,
            "prompt": prompt,
            "model": model,
            "judgement": judgement,
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "created_at": now_iso(),
        }
        self._write(lambda: self.db["grade_cache"].upsert(row, pk="key"))

    def _read(self, sql: str, params: list) -> list[dict]:
        try:
            rows = [dict(r) for r in self.db.query(sql, params)]
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from error
        for row in rows:
            row["grade"] = json.loads(row["grade"]) if row.get("grade") else None
        return rows
