"""Drawing the next question from the bank: filters and three strategies.

`random` never repeats until the pool is used up; `weakest` favours the profile's weakest
categories and questions about its most frequent myths; `spaced` brings back due reviews first.
Every strategy takes a `random.Random` so tests and benchmarks are deterministic under a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from pmtrainer.models import Question
from pmtrainer.scheduling import History, schedule

STRATEGIES = {
    "random": "Random",
    "weakest": "Weakest areas first",
    "spaced": "Spaced repetition",
}


def filter_questions(
    questions: Sequence[Question],
    *,
    category: str | None = None,
    difficulty: str | None = None,
    tags: Iterable[str] = (),
) -> list[Question]:
    """Active questions matching every given filter; `tags` matches a question with any of them."""
    wanted = set(tags)
    return [
        q
        for q in questions
        if q.status == "active"
        and (category is None or q.category == category)
        and (difficulty is None or q.difficulty == difficulty)
        and (not wanted or not wanted.isdisjoint(q.tags))
    ]


def _fresh(pool: Sequence[Question], seen: Iterable[str]) -> list[Question]:
    seen_ids = set(seen)
    return [q for q in pool if q.id not in seen_ids] or list(pool)


def draw_random(
    pool: Sequence[Question], seen: Iterable[str] = (), rng: random.Random | None = None
) -> Question | None:
    """A random question not in `seen`; once the pool is used up, start over."""
    if not pool:
        return None
    return (rng or random).choice(_fresh(pool, seen))


def weakness_weight(question: Question, history: History) -> float:
    """Higher for a weaker category (squared, so the weakest clearly wins) and for myths often made."""
    gap = 1 + (100 - history.category_score(question.category)) / 10
    myth_hits = sum(min(history.myths.get(flag, 0), 4) for flag in question.red_flags)
    return gap * gap * (1 + 0.25 * myth_hits)


def draw_weakest(
    pool: Sequence[Question], history: History, seen: Iterable[str] = (), rng: random.Random | None = None
) -> Question | None:
    """A question weighted towards weak spots, without repeats until the pool is used up."""
    if not pool:
        return None
    fresh = _fresh(pool, seen)
    return (rng or random).choices(fresh, weights=[weakness_weight(q, history) for q in fresh])[0]


def draw_spaced(
    pool: Sequence[Question],
    history: History,
    seen: Iterable[str] = (),
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> Question | None:
    """The most overdue review; else a question never answered; else the one due soonest."""
    if not pool:
        return None
    now = now or datetime.now(UTC)
    dues = schedule(history.reviews)
    reviewed = [(dues[q.id].due, q.id, q) for q in pool if q.id in dues]
    overdue = [item for item in reviewed if item[0] <= now]
    if overdue:
        return min(overdue)[2]
    new = [q for q in pool if q.id not in dues]
    if new:
        return draw_random(new, seen, rng)
    return min(reviewed)[2]


def draw(
    pool: Sequence[Question],
    strategy: str = "random",
    *,
    seen: Iterable[str] = (),
    history: History | None = None,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> Question | None:
    """The next question by `strategy` (a key of STRATEGIES)."""
    if strategy == "random":
        return draw_random(pool, seen, rng)
    history = history or History()
    if strategy == "weakest":
        return draw_weakest(pool, history, seen, rng)
    if strategy == "spaced":
        return draw_spaced(pool, history, seen, rng, now)
    raise ValueError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
