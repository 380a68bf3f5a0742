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

    def category_performance(self, profile: str = DEFAULT_PROFILE) -> list[dict]:
        """Per category: graded attempts, mean overall and mean customer focus."""
        return self._query(
            "select category, count(*) as attempts, avg(overall) as overall, "
            "avg(json_extract(grade, '$.scores.customer_focus')) as customer_focus "
            "from attempts where profile = ? and status = 'graded' and category is not null group by category",
            [profile],
        )

    def myth_frequency(self, profile: str = DEFAULT_PROFILE) -> dict[str, int]:
        """Myth id -> how many times it was flagged in this profile's graded answers."""
        rows = self._query(
            "select json_extract(m.value, '$.id') as myth, count(*) as n "
            "from attempts a, json_each(a.grade, '$.myths') m "
            "where a.profile = ? and a.status = 'graded' group by myth",
            [profile],
        )
        return {row["myth"]: row["n"] for row in rows}

    def reviews(self, profile: str = DEFAULT_PROFILE) -> list[dict]:
        """(question_id, overall, created_at) of every graded bank-question attempt, oldest first."""
        return self._query(
            "select question_id, overall, created_at from attempts where profile = ? and status = 'graded' "
            "and question_id is not null order by created_at, id",
            [profile],
        )

    def question_stats(self) -> dict[str, dict]:
        """Per question, over all profiles: attempts, mean overall and myth id -> times flagged."""
        stats = {
            row["question_id"]: {"attempts": row["attempts"], "mean": row["mean"], "myths": {}}
            for row in self._query(
                "select question_id, count(*) as attempts, avg(overall) as mean from attempts "
                "where status = 'graded' and question_id is not null group by question_id",
                [],
            )
        }
        for row in self._query(
            "select a.question_id, json_extract(m.value, '$.id') as myth, count(*) as n "
            "from attempts a, json_each(a.grade, '$.myths') m "
            "where a.status = 'graded' and a.question_id is not null group by a.question_id, myth order by n desc",
            [],
        ):
            stats[row["question_id"]]["myths"][row["myth"]] = row["n"]
        return stats

    def _query(self, sql: str, params: list) -> list[dict]:
        try:
            return [dict(r) for r in self.db.query(sql, params)]
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from error

    def _read(self, sql: str, params: list) -> list[dict]:
        try:
            rows = [dict(r) for r in self.db.query(sql, params)]
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from error
        for row in rows:
            row["grade"] = json.loads(row["grade"]) if row.get("grade") else None
        return rows
