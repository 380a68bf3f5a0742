"""Querying the attempt history: filters, full-text search and pagination, all in SQL.

Pages never load the whole table: a page is LIMIT/OFFSET over indexed columns and the
answer is cut to a snippet; full rows are fetched one attempt at a time. A search walks the
full-text index newest first and stops at the page, and its count stops at SEARCH_COUNT_CAP.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from pmtrainer.notes import COACH_VERDICT_SQL
from pmtrainer.store import DEFAULT_PROFILE, Store

PAGE_SIZE = 25
SNIPPET_CHARS = 120
SEARCH_COUNT_CAP = 1_000
NO_COACH_VERDICT = "none"  # a coach-verdict filter value: attempts no coach has judged (yet)
LIST_COLUMNS = (
    "attempts.id, created_at, category, question_id, attempts.question_text, verdict, overall, status, "
    f"session_id, substr(attempts.answer, 1, {SNIPPET_CHARS}) as answer_start, {COACH_VERDICT_SQL} as coach_verdict"
)
# The search joins the FTS table, so it can read matches in rowid order and stop early.
SEARCH_SOURCE = "attempts_fts join attempts on attempts.id = attempts_fts.rowid"


@dataclass(frozen=True)
class HistoryFilter:
    """What the history table shows; every field narrows it, None means any."""

    profile: str = DEFAULT_PROFILE
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    category: str | None = None
    verdict: str | None = None  # the machine's
    coach_verdict: str | None = None  # the coach's current override, or NO_COACH_VERDICT
    myth: str | None = None
    session_id: str | None = None
    search: str | None = None

    @property
    def fts(self) -> str | None:
        """The search as an FTS5 query, or None when there is nothing to search for."""
        return fts_query(self.search) if self.search else None

    def where(self, *, search: bool = True) -> tuple[str, list]:
        """SQL conditions on `attempts`; with search=False the caller matches the FTS table itself."""
        clauses, params = ["profile = ?"], [self.profile]
        if self.date_from:
            clauses.append("created_at >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to:
            clauses.append("created_at < ?")
            params.append((self.date_to + timedelta(days=1)).isoformat())
        for column, value in (("category", self.category), ("verdict", self.verdict), ("session_id", self.session_id)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.coach_verdict == NO_COACH_VERDICT:
            clauses.append(f"{COACH_VERDICT_SQL} is null")
        elif self.coach_verdict:
            clauses.append(f"{COACH_VERDICT_SQL} = ?")
            params.append(self.coach_verdict)
        if self.myth:
            clauses.append("attempts.id in (select attempt_id from attempt_myths where profile = ? and myth_id = ?)")
            params += [self.profile, self.myth]
        if search and self.fts:
            clauses.append("attempts.id in (select rowid from attempts_fts where attempts_fts match ?)")
            params.append(self.fts)
        return " and ".join(clauses), params


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word must appear; quotes make operators literal."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)  # NUL ends an SQLite string
    return " ".join('"' + word.replace('"', '""') + '"' for word in printable.split())


def count(store: Store, filters: HistoryFilter) -> int:
    """How many attempts match; for a search, at most SEARCH_COUNT_CAP + 1 (show it as "1,000+")."""
    if filters.fts:
        where, params = filters.where(search=False)
        return store.query(
            f"select count(*) as n from (select 1 from {SEARCH_SOURCE} where attempts_fts match ? and {where} limit ?)",
            [filters.fts, *params, SEARCH_COUNT_CAP + 1],
        )[0]["n"]
    where, params = filters.where()
    return store.query(f"select count(*) as n from attempts where {where}", params)[0]["n"]


def page(store: Store, filters: HistoryFilter, number: int = 1, size: int = PAGE_SIZE) -> list[dict]:
    """Page `number` (from 1), newest first, without the grade JSON or the full answer."""
    offset = (max(number, 1) - 1) * size
    if filters.fts:  # newest first by id (attempts are numbered as they are made)
        where, params = filters.where(search=False)
        return store.query(
            f"select {LIST_COLUMNS} from {SEARCH_SOURCE} where attempts_fts match ? and {where} "
            "order by attempts_fts.rowid desc limit ? offset ?",
            [filters.fts, *params, size, offset],
        )
    where, params = filters.where()
    return store.query(
        f"select {LIST_COLUMNS} from attempts where {where} order by created_at desc, attempts.id desc "
        "limit ? offset ?",
        [*params, size, offset],
    )


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def sessions(store: Store, profile: str, limit: int = 200) -> list[dict]:
    """Mock sessions of a profile, newest first, for the session filter."""
    return store.query(
        "select id, created_at, status from mock_sessions where profile = ? order by created_at desc limit ?",
        [profile, limit],
    )


def repeated_questions(store: Store, profile: str, limit: int = 200) -> list[dict]:
    """Questions answered at least twice: the ones worth comparing."""
    return store.query(
        "select question_id, question_text, attempts from question_counts "
        "where profile = ? and attempts > 1 order by last_at desc limit ?",
        [profile, limit],
    )


def attempts_at(store: Store, profile: str, question_id: str, limit: int = 100) -> list[dict]:
    """The latest `limit` attempts at one question, oldest first, without the answer body."""
    newest = store.query(
        "select id, created_at, overall, verdict, status from attempts "
        "where profile = ? and question_id = ? order by created_at desc, id desc limit ?",
        [profile, question_id, limit],
    )
    return newest[::-1]


def answer_diff(before: str, after: str) -> str:
    """A unified word-wrapped diff of two answers, one sentence per line so changes read well."""

    def lines(text: str) -> list[str]:
        return [s.strip() + "\n" for s in text.replace("\n", " ").replace(". ", ".\n").splitlines() if s.strip()]

    return "".join(difflib.unified_diff(lines(before), lines(after), "before", "after", n=1))
