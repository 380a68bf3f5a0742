"""Attempts and their grades in SQLite through sqlite-utils, with numbered schema migrations.

An attempt is written before it is graded, so a grading failure never loses the answer.
"""

from __future__ import annotations

import json
import sqlite3
import time
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


@migrations()
def m020_mock_sessions(db: Database) -> None:
    """Mock interviews and their per-question drafts, so a reload or closed tab loses nothing."""
    db["mock_sessions"].create(
        {
            "id": str,
            "profile": str,
            "created_at": str,
            "finished_at": str,
            "status": str,  # open | finished
            "categories": str,  # JSON list of category slugs
            "question_ids": str,  # JSON list, in the order asked
            "position": int,  # index of the question being answered
        },
        pk="id",
        not_null={"profile", "created_at", "status", "question_ids"},
        defaults={"status": "open", "position": 0},
    )
    db["mock_sessions"].create_index(["profile", "status", "created_at"])
    db["mock_drafts"].create(
        {
            "session_id": str,
            "position": int,
            "question_id": str,
            "draft": str,
            "started_at": str,
            "updated_at": str,
            "attempt_id": int,
        },
        pk=("session_id", "position"),
        foreign_keys=[("session_id", "mock_sessions", "id")],
    )


@migrations()
def m021_coach_notes(db: Database) -> None:
    """A reviewer's comments and verdict overrides, kept beside (never over) the machine grade."""
    db["coach_notes"].create(
        {"id": int, "attempt_id": int, "note": str, "verdict_override": str, "created_at": str},
        pk="id",
        not_null={"attempt_id", "created_at"},
        foreign_keys=[("attempt_id", "attempts", "id")],
    )
    db["coach_notes"].create_index(["attempt_id", "created_at"])


@migrations()
def m022_profiles(db: Database) -> None:
    """Named local profiles, each with its own history; existing histories become profiles."""
    db["profiles"].create({"name": str, "created_at": str}, pk="name", not_null={"created_at"})
    db.execute(
        "insert or ignore into profiles (name, created_at) "
        "select profile, min(created_at) from attempts group by profile"
    )
    db["profiles"].insert({"name": DEFAULT_PROFILE, "created_at": now_iso()}, ignore=True)


# Myths as rows for filters and charts, kept up to date by triggers so any writer (the app,
# the CLI, a bulk import) keeps them right without going through Store.
FACET_TRIGGERS = [
    """
CREATE TRIGGER attempts_facets_ai AFTER INSERT ON attempts WHEN new.grade IS NOT NULL BEGIN
  INSERT INTO attempt_myths (attempt_id, profile, created_at, myth_id)
    SELECT new.id, new.profile, new.created_at, json_extract(value, '$.id') FROM json_each(new.grade, '$.myths');
END""",
    """
CREATE TRIGGER attempts_facets_au AFTER UPDATE OF grade ON attempts BEGIN
  DELETE FROM attempt_myths WHERE attempt_id = new.id;
  INSERT INTO attempt_myths (attempt_id, profile, created_at, myth_id)
    SELECT new.id, new.profile, new.created_at, json_extract(value, '$.id') FROM json_each(new.grade, '$.myths');
END""",
    """
CREATE TRIGGER attempts_facets_ad AFTER DELETE ON attempts BEGIN
  DELETE FROM attempt_myths WHERE attempt_id = old.id;
END""",
]


@migrations()
def m023_attempt_facets(db: Database) -> None:
    """Customer focus as a column and myths as rows, so filters and charts never parse JSON."""
    # A virtual generated column: always equal to the grade's score, and indexable.
    db.execute(
        "alter table attempts add column customer_focus integer "
        "generated always as (json_extract(grade, '$.scores.customer_focus')) virtual"
    )
    db["attempt_myths"].create(
        {"attempt_id": int, "profile": str, "created_at": str, "myth_id": str},
        not_null={"attempt_id", "myth_id"},
    )
    db.execute(
        "insert into attempt_myths (attempt_id, profile, created_at, myth_id) "
        "select attempts.id, attempts.profile, attempts.created_at, json_extract(value, '$.id') "
        "from attempts, json_each(attempts.grade, '$.myths') where attempts.grade is not null"
    )
    for trigger in FACET_TRIGGERS:
        db.execute(trigger)
    db["attempt_myths"].create_index(["attempt_id"])
    db["attempt_myths"].create_index(["profile", "myth_id", "created_at"])
    db["attempt_myths"].create_index(["profile", "created_at", "myth_id"])
    attempts = db["attempts"]
    attempts.create_index(["profile", "verdict", "created_at"])
    attempts.create_index(["profile", "category", "created_at"])
    attempts.create_index(["profile", "session_id", "created_at"])
    attempts.create_index(["profile", "category", "overall"])
    attempts.create_index(["profile", "created_at", "customer_focus", "overall"])


@migrations(transactional=False)
def m024_attempts_fts(db: Database) -> None:
    """Full-text search over answers and questions; triggers keep it in step. Not in a transaction
    because enable_fts runs a script; `replace=True` makes a retry after a crash safe."""
    db["attempts"].enable_fts(["answer", "question_text"], create_triggers=True, replace=True)


# Running totals for the progress charts and the compare list, kept by triggers so the charts
# read a row per day (or category, week, question) instead of scanning every attempt.
ROLLUP_TABLES = {
    "daily_scores": (
        {"profile": str, "day": str, "graded": int, "focus_sum": int, "overall_sum": int},
        ("profile", "day"),
    ),
    "category_scores": ({"profile": str, "category": str, "graded": int, "overall_sum": int}, ("profile", "category")),
    "weekly_myths": ({"profile": str, "week": str, "myth_id": str, "count": int}, ("profile", "week", "myth_id")),
    "question_counts": (
        {"profile": str, "question_id": str, "question_text": str, "attempts": int, "last_at": str},
        ("profile", "question_id"),
    ),
}
WEEK = "date(substr({row}.created_at, 1, 10), 'weekday 0', '-6 days')"


def _rollup_statements(row: str, sign: str) -> list[str]:
    """SQL that adds (sign '+') or removes (sign '-') one attempt row ('new' or 'old') from the totals."""
    graded = f"{row}.overall IS NOT NULL"
    return [
        f"""INSERT INTO daily_scores (profile, day, graded, focus_sum, overall_sum)
  SELECT {row}.profile, substr({row}.created_at, 1, 10), {sign}1, {sign}coalesce({row}.customer_focus, 0),
         {sign}{row}.overall WHERE {graded}
  ON CONFLICT (profile, day) DO UPDATE SET graded = graded + excluded.graded,
    focus_sum = focus_sum + excluded.focus_sum, overall_sum = overall_sum + excluded.overall_sum""",
        f"""INSERT INTO category_scores (profile, category, graded, overall_sum)
  SELECT {row}.profile, coalesce({row}.category, ''), {sign}1, {sign}{row}.overall WHERE {graded}
  ON CONFLICT (profile, category) DO UPDATE SET graded = graded + excluded.graded,
    overall_sum = overall_sum + excluded.overall_sum""",
    ]


ROLLUP_TRIGGERS = [
    "CREATE TRIGGER attempts_rollup_ai AFTER INSERT ON attempts BEGIN\n"
    + ";\n".join(_rollup_statements("new", "+"))
    + """;
INSERT INTO question_counts (profile, question_id, question_text, attempts, last_at)
  SELECT new.profile, new.question_id, new.question_text, 1, new.created_at WHERE new.question_id IS NOT NULL
  ON CONFLICT (profile, question_id) DO UPDATE SET attempts = attempts + 1,
    last_at = max(last_at, excluded.last_at), question_text = excluded.question_text;
END""",
    "CREATE TRIGGER attempts_rollup_au AFTER UPDATE OF overall, grade ON attempts BEGIN\n"
    + ";\n".join(_rollup_statements("old", "-") + _rollup_statements("new", "+"))
    + ";\nEND",
    "CREATE TRIGGER attempts_rollup_ad AFTER DELETE ON attempts BEGIN\n"
    + ";\n".join(_rollup_statements("old", "-"))
    + """;
UPDATE question_counts SET attempts = attempts - 1 WHERE profile = old.profile AND question_id = old.question_id;
END""",
    f"""CREATE TRIGGER attempt_myths_rollup_ai AFTER INSERT ON attempt_myths BEGIN
INSERT INTO weekly_myths (profile, week, myth_id, count) VALUES (new.profile, {WEEK.format(row="new")}, new.myth_id, 1)
  ON CONFLICT (profile, week, myth_id) DO UPDATE SET count = count + 1;
END""",
    f"""CREATE TRIGGER attempt_myths_rollup_ad AFTER DELETE ON attempt_myths BEGIN
UPDATE weekly_myths SET count = count - 1
  WHERE profile = old.profile AND week = {WEEK.format(row="old")} AND myth_id = old.myth_id;
END""",
]


@migrations()
def m025_rollups(db: Database) -> None:
    """Per-day, per-category, per-week-and-myth and per-question totals, backfilled, then kept by triggers."""
    for name, (columns, pk) in ROLLUP_TABLES.items():
        db[name].create(columns, pk=pk)
    db.execute(
        "insert into daily_scores select profile, substr(created_at, 1, 10), count(*), "
        "total(coalesce(customer_focus, 0)), total(overall) from attempts where overall is not null group by 1, 2"
    )
    db.execute(
        "insert into category_scores select profile, coalesce(category, ''), count(*), total(overall) "
        "from attempts where overall is not null group by 1, 2"
    )
    db.execute(
        f"insert into weekly_myths select profile, {WEEK.format(row='attempt_myths')}, myth_id, count(*) "
        "from attempt_myths group by 1, 2, 3"
    )
    db.execute(
        "insert into question_counts select profile, question_id, max(question_text), count(*), max(created_at) "
        "from attempts where question_id is not null group by 1, 2"
    )
    for trigger in ROLLUP_TRIGGERS:
        db.execute(trigger)
    db["question_counts"].create_index(["profile", "last_at"])


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


def _retry_while_busy(fn, pause_s: float = 0.1):
    """Run `fn`, retrying for up to BUSY_TIMEOUT_MS while another connection migrates the same
    new database: a deferred transaction whose snapshot went stale fails at once instead of
    waiting, and a failed migration rolls back, so running it again is safe."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as error:
            text = str(error).lower()
            retryable = "locked" in text or "busy" in text or "already exists" in text
            if not retryable or time.monotonic() > deadline:
                raise
            time.sleep(pause_s)


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
            _retry_while_busy(self._prepare)
        except sqlite3.Error as error:
            raise _friendly(error, self.path) from error

    def _prepare(self) -> None:
        if self.path != ":memory:":
            self.db.enable_wal()
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def _write(self, fn):
        try:
            if self.db.conn.in_transaction:
                with self.db.atomic():
                    return fn()
            # IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout)
            # instead of failing when its read snapshot goes stale mid-transaction.
            self.db.execute("BEGIN IMMEDIATE")
            try:
                result = fn()
            except BaseException:
                if self.db.conn.in_transaction:
                    self.db.conn.rollback()
                raise
            self.db.conn.commit()
            return result
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
            if "grade" in row:
                row["grade"] = json.loads(row["grade"]) if row["grade"] else None
        return rows

    # Shared by the modules that own other tables (sessions, notes, history): one error policy.
    def query(self, sql: str, params: list | tuple = ()) -> list[dict]:
        """Rows as dicts (the `grade` column parsed from JSON); errors become StoreError."""
        return self._read(sql, list(params))

    def write(self, fn):
        """Run `fn` in one transaction; errors become StoreError."""
        return self._write(fn)

    def profiles(self) -> list[str]:
        return [r["name"] for r in self._read("select name from profiles order by name", [])]

    def add_profile(self, name: str) -> str:
        """Create a profile (no-op if it exists); returns the cleaned name."""
        cleaned = " ".join(name.split())
        if not cleaned or len(cleaned) > 40:
            raise ValueError("A profile name needs 1 to 40 characters.")
        self._write(lambda: self.db["profiles"].insert({"name": cleaned, "created_at": now_iso()}, ignore=True))
        return cleaned
