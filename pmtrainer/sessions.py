"""Mock interviews: a fixed set of questions answered in order, feedback held back until the end.

Every keystroke the UI can see is saved as a draft in SQLite, so a reload or a closed tab
resumes the session where it was; each submitted answer is stored (and graded) at once.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pmtrainer.grading import grade_answer, validate_answer
from pmtrainer.models import Question
from pmtrainer.store import DEFAULT_PROFILE, Store, now_iso

LENGTHS = (3, 5, 8)
DEFAULT_TIME_LIMIT_S = 180


class SessionMovedOn(ValueError):
    """The session advanced elsewhere (another tab) since this page was drawn."""


@dataclass
class MockSession:
    id: str
    profile: str
    created_at: str
    status: str  # open | finished
    categories: list[str]
    question_ids: list[str]
    position: int
    finished_at: str | None = None

    @property
    def length(self) -> int:
        return len(self.question_ids)

    @property
    def finished(self) -> bool:
        return self.status == "finished"

    @property
    def current_question_id(self) -> str | None:
        return None if self.finished else self.question_ids[self.position]

    @classmethod
    def from_row(cls, row: dict) -> MockSession:
        return cls(
            id=row["id"],
            profile=row["profile"],
            created_at=row["created_at"],
            status=row["status"],
            categories=json.loads(row["categories"] or "[]"),
            question_ids=json.loads(row["question_ids"]),
            position=row["position"],
            finished_at=row.get("finished_at"),
        )


def time_limit(question: Question) -> int:
    return question.time_limit_s or DEFAULT_TIME_LIMIT_S


def pick_questions(
    pool: Sequence[Question], length: int, categories: Sequence[str] = (), rng: random.Random | None = None
) -> list[Question]:
    """`length` distinct active questions, spread evenly over `categories` (all when empty)."""
    rng = rng or random.Random()
    active = [q for q in pool if q.status == "active" and (not categories or q.category in categories)]
    by_category: dict[str, list[Question]] = {}
    for question in active:
        by_category.setdefault(question.category, []).append(question)
    for questions in by_category.values():
        rng.shuffle(questions)
    order = list(by_category)
    rng.shuffle(order)
    picked: list[Question] = []
    while len(picked) < length and any(by_category.values()):
        for category in order:
            if by_category[category] and len(picked) < length:
                picked.append(by_category[category].pop())
    return picked


def start_session(
    store: Store, questions: Sequence[Question], *, profile: str = DEFAULT_PROFILE, categories: Sequence[str] = ()
) -> MockSession:
    if not questions:
        raise ValueError("No questions match those categories; choose more categories.")
    row = {
        "id": uuid.uuid4().hex[:12],
        "profile": profile,
        "created_at": now_iso(),
        "status": "open",
        "categories": json.dumps(list(categories)),
        "question_ids": json.dumps([q.id for q in questions]),
        "position": 0,
    }
    store.write(lambda: store.db["mock_sessions"].insert(row))
    return MockSession.from_row(row)


def load_session(store: Store, session_id: str) -> MockSession | None:
    rows = store.query("select * from mock_sessions where id = ?", [session_id])
    return MockSession.from_row(rows[0]) if rows else None


def open_sessions(store: Store, profile: str = DEFAULT_PROFILE, limit: int = 20) -> list[MockSession]:
    """Unfinished sessions, newest first: the Resume list."""
    rows = store.query(
        "select * from mock_sessions where profile = ? and status = 'open' order by created_at desc limit ?",
        [profile, limit],
    )
    return [MockSession.from_row(r) for r in rows]


def begin_question(store: Store, session: MockSession) -> dict:
    """The draft row of the current question, created (and its clock started) on first sight.

    Reads before writing, so an open question still shows while another program holds the lock.
    """
    existing = store.query(
        "select * from mock_drafts where session_id = ? and position = ?", [session.id, session.position]
    )
    if existing:
        return existing[0]
    row = {
        "session_id": session.id,
        "position": session.position,
        "question_id": session.current_question_id,
        "draft": "",
        "started_at": now_iso(),
        "updated_at": now_iso(),
    }
    store.write(lambda: store.db["mock_drafts"].insert(row, ignore=True))
    return store.query(
        "select * from mock_drafts where session_id = ? and position = ?", [session.id, session.position]
    )[0]


def save_draft(store: Store, session_id: str, position: int, text: str) -> None:
    store.write(
        lambda: store.db.execute(
            "update mock_drafts set draft = ?, updated_at = ? where session_id = ? and position = ?",
            [text, now_iso(), session_id, position],
        )
    )


def seconds_since(iso: str) -> float:
    return (datetime.now(datetime.fromisoformat(iso).tzinfo) - datetime.fromisoformat(iso)).total_seconds()


def submit_answer(store: Store, session: MockSession, question: Question, answer: str, engine="offline") -> int:
    """Store the answer with the session id, grade it (kept hidden until the end) and move on.

    Raises AnswerError (nothing saved but the draft) for an empty or overlong answer, and
    SessionMovedOn if another tab already answered this question.
    """
    validate_answer(answer)
    stored = load_session(store, session.id)
    if stored is None or stored.finished or stored.position != session.position:
        raise SessionMovedOn("This question was already answered in another tab; here is where the interview is now.")
    draft = begin_question(store, session)
    save_draft(store, session.id, session.position, answer)
    attempt_id = store.add_attempt(
        answer=answer,
        question_id=question.id,
        question_text=question.text,
        category=question.category,
        profile=session.profile,
        time_taken_s=round(seconds_since(draft["started_at"]), 1),
        session_id=session.id,
        engine=engine if isinstance(engine, str) else engine.name,
    )
    try:
        store.record_grade(attempt_id, grade_answer(answer, question, engine=engine))
    except Exception as error:  # a grading bug must not lose the answer or block the interview
        store.record_error(attempt_id, str(error))
    finished = session.position + 1 >= session.length
    updates = {"position": min(session.position + 1, session.length - 1)}
    if finished:
        updates |= {"status": "finished", "finished_at": now_iso()}

    def advance():
        store.db["mock_drafts"].update((session.id, draft["position"]), {"attempt_id": attempt_id})
        store.db["mock_sessions"].update(session.id, updates)

    store.write(advance)
    session.position = updates["position"]
    if finished:
        session.status, session.finished_at = "finished", updates["finished_at"]
    return attempt_id


def session_attempts(store: Store, session_id: str) -> list[dict]:
    """The session's stored attempts, in the order the questions were asked."""
    return store.query(
        "select attempts.*, mock_drafts.position from mock_drafts "
        "join attempts on attempts.id = mock_drafts.attempt_id "
        "where mock_drafts.session_id = ? order by mock_drafts.position",
        [session_id],
    )
