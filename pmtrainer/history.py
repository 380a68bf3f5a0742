"""Querying the attempt history: filters, full-text search and pagination, all in SQL.

Pages never load the whole table: a page is LIMIT/OFFSET over indexed columns and the
answer is cut to a snippet; full rows are fetched one attempt at a time.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, timedelta

from pmtrainer.store import DEFAULT_PROFILE, Store

PAGE_SIZE = 25
SNIPPET_CHARS = 120
LIST_COLUMNS = (
    "id, created_at, category, question_id, question_text, verdict, overall, status, session_id, "
    f"substr(answer, 1, {SNIPPET_CHARS}) as answer_start"
)


@dataclass(frozen=True)
class HistoryFilter:
    """What the history table shows; every field narrows it, None means any."""

    profile: str = DEFAULT_PROFILE
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    category: str | None = None
    verdict: str | None = None
    myth: str | None = None
    session_id: str | None = None
    search: str | None = None

    def where(self) -> tuple[str, list]:
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
        if self.myth:
            clauses.append("id in (select attempt_id from attempt_myths where profile = ? and myth_id = ?)")
            params += [self.profile, self.myth]
        if self.search and (query := fts_query(self.search)):
            clauses.append("rowid in (select rowid from attempts_fts where attempts_fts match ?)")
            params.append(query)
        return " and ".join(clauses), params


def fts_query(text: str) -> str:
    """User text as an FTS5 query: every word must appear; quotes make operators literal."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)  # NUL ends an SQLite string
    return " ".join('"' + word.replace('"', '""') + '"' for word in printable.split())


def count(store: Store, filters: HistoryFilter) -> int:
    where, params = filters.where()
    return store.query(f"select count(*) as n from attempts where {where}", params)[0]["n"]


def page(store: Store, filters: HistoryFilter, number: int = 1, size: int = PAGE_SIZE) -> list[dict]:
    """Page `number` (from 1), newest first, without the grade JSON or the full answer."""
    where, params = filters.where()
    return store.query(
        f"select {LIST_COLUMNS} from attempts where {where} order by created_at desc, id desc limit ? offset ?",
        [*params, size, (max(number, 1) - 1) * size],
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
