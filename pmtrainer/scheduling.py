"""What a profile's attempt history says about the next question: weak spots and due reviews.

Spaced repetition follows SM-2: a grade of 0-5 (overall / 20) updates an ease factor; a poor
answer (below 3) comes back within minutes, a good one after 1, 6, then ease-times-more days.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

RELEARN = timedelta(minutes=10)
FIRST_INTERVALS = (1.0, 6.0)  # days after the first and second good answer
MIN_EASE = 1.3
UNKNOWN_SCORE = 50.0  # a category never answered counts as middling: worth a look, not top priority


class Review(NamedTuple):
    question_id: str
    overall: int
    at: datetime


class Due(NamedTuple):
    """When a question should come back, and the SM-2 state that led there."""

    question_id: str
    due: datetime
    interval_days: float
    ease: float
    repetitions: int


@dataclass
class History:
    """One profile's graded attempts, summarised for drawing."""

    category_scores: dict[str, float] = field(default_factory=dict)  # mean of overall and customer focus
    myths: Counter = field(default_factory=Counter)  # myth id -> times it showed up
    reviews: list[Review] = field(default_factory=list)  # oldest first

    @classmethod
    def from_store(cls, store, profile: str) -> History:
        performance = store.category_performance(profile)
        return cls(
            category_scores={
                row["category"]: (row["overall"] + (row["customer_focus"] or row["overall"])) / 2 for row in performance
            },
            myths=Counter(store.myth_frequency(profile)),
            reviews=[
                Review(r["question_id"], r["overall"], datetime.fromisoformat(r["created_at"]))
                for r in store.reviews(profile)
            ],
        )

    def category_score(self, category: str) -> float:
        return self.category_scores.get(category, UNKNOWN_SCORE)


def schedule(reviews: list[Review]) -> dict[str, Due]:
    """The next due time of every reviewed question (reviews oldest first)."""
    state: dict[str, tuple[datetime, float, float, int]] = {}  # id -> (last review, interval, ease, reps)
    relearn = RELEARN / timedelta(days=1)
    for review in reviews:
        _, interval, ease, repetitions = state.get(review.question_id, (None, 0.0, 2.5, 0))
        quality = min(5.0, review.overall / 20)
        if quality < 3:
            repetitions, interval = 0, relearn
        else:
            interval = FIRST_INTERVALS[repetitions] if repetitions < len(FIRST_INTERVALS) else interval * ease
            repetitions += 1
        ease = max(MIN_EASE, ease + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
        state[review.question_id] = (review.at, interval, ease, repetitions)
    return {
        qid: Due(qid, at + timedelta(days=interval), interval, ease, reps)
        for qid, (at, interval, ease, reps) in state.items()
    }
