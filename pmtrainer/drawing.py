"""Drawing the next question from the bank."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from pmtrainer.models import Question


def filter_questions(
    questions: Sequence[Question], *, category: str | None = None, difficulty: str | None = None
) -> list[Question]:
    return [
        q
        for q in questions
        if q.status == "active"
        and (category is None or q.category == category)
        and (difficulty is None or q.difficulty == difficulty)
    ]


def draw_random(
    pool: Sequence[Question], seen: Iterable[str] = (), rng: random.Random | None = None
) -> Question | None:
    """A random question not in `seen`; once the pool is used up, start over."""
    if not pool:
        return None
    seen_ids = set(seen)
    fresh = [q for q in pool if q.id not in seen_ids] or list(pool)
    return (rng or random).choice(fresh)
