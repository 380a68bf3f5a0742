"""Drawing strategies: deterministic under a seed and behaving as promised."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from pmtrainer.bank import load_bank
from pmtrainer.drawing import draw, filter_questions
from pmtrainer.models import Grade, MythFinding, Scores
from pmtrainer.scheduling import History, Review, schedule
from tests.banks import small_bank

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def bank(tmp_path):
    return load_bank(small_bank(tmp_path, per_category=6))


def make_grade(overall: int, customer_focus: int | None = None, myths: tuple[str, ...] = ()) -> Grade:
    cf = overall if customer_focus is None else customer_focus
    return Grade(
        engine="test",
        engine_version="1",
        overall=overall,
        verdict="balanced",
        scores=Scores(customer_focus=cf, technology_talk=50, evidence=50),
        myths=[MythFinding(id=m, quote="x", start=0, end=1, explanation="e", advice="a") for m in myths],
    )


def record(store, question, overall, customer_focus=None, myths=()):
    attempt = store.add_attempt(
        answer="an answer", question_id=question.id, question_text=question.text, category=question.category
    )
    store.record_grade(attempt, make_grade(overall, customer_focus, myths))


def test_filters(bank):
    assert {q.category for q in filter_questions(bank.questions, category="go-to-market")} == {"go-to-market"}
    assert {q.difficulty for q in filter_questions(bank.questions, difficulty="hard")} == {"hard"}
    assert len(filter_questions(bank.questions, tags=["customers", "other"])) == 12
    assert filter_questions(bank.questions, tags=["nothing"]) == []


@pytest.mark.parametrize("strategy", ["random", "weakest", "spaced"])
def test_every_strategy_is_deterministic_under_a_seed(bank, strategy):
    history = History(category_scores={"product-sense": 30}, reviews=[Review("product-sense-q0", 20, T0)])

    def sequence(seed):
        rng, seen = random.Random(seed), []
        for _ in range(8):
            seen.append(draw(bank.active, strategy, seen=seen, history=history, rng=rng, now=T0).id)
        return seen

    assert sequence(7) == sequence(7)


@pytest.mark.parametrize("strategy", ["random", "weakest"])
def test_no_repeats_until_the_pool_is_used_up(bank, strategy):
    rng, seen = random.Random(1), []
    history = History(category_scores={"product-sense": 10})
    for _ in range(len(bank.active)):
        seen.append(draw(bank.active, strategy, seen=seen, history=history, rng=rng).id)
    assert sorted(seen) == sorted(q.id for q in bank.active)
    assert draw(bank.active, strategy, seen=seen, history=history, rng=rng) is not None  # then starts over


def test_weakest_favours_the_weak_category_from_the_store(bank, store):
    for q in filter_questions(bank.active, category="product-sense")[:2]:
        record(store, q, 30, customer_focus=20)
    for q in filter_questions(bank.active, category="go-to-market")[:2]:
        record(store, q, 90, customer_focus=95)
    history = History.from_store(store, "default")
    assert history.category_scores == {"product-sense": 25, "go-to-market": 92.5}
    rng = random.Random(3)
    picks = Counter(draw(bank.active, "weakest", history=history, rng=rng).category for _ in range(300))
    assert picks["product-sense"] > 5 * picks["go-to-market"]


def test_weakest_favours_questions_about_frequent_myths(bank, store):
    q = bank.active[0]
    record(store, q, 60, myths=("product-sells-itself", "product-sells-itself"))
    history = History.from_store(store, "default")
    assert history.myths == {"product-sells-itself": 2}


def test_spaced_brings_a_bad_answer_back_sooner(bank):
    bad, good, new = bank.active[:3]
    reviews = [Review(good.id, 95, T0), Review(bad.id, 20, T0)]
    dues = schedule(reviews)
    assert dues[bad.id].due < dues[good.id].due
    assert dues[bad.id].due - T0 == timedelta(minutes=10)
    history = History(reviews=reviews)
    later = T0 + timedelta(hours=1)
    assert draw([good, bad, new], "spaced", history=history, now=later) == bad
    assert draw([good, new], "spaced", history=history, now=later, rng=random.Random(0)) == new
    assert draw([good], "spaced", history=history, now=later) == good  # nothing due or new: soonest due


def test_spaced_intervals_grow_with_good_answers():
    reviews = [Review("q", 90, T0 + timedelta(days=d)) for d in (0, 1, 7)]
    intervals = [schedule(reviews[: n + 1])["q"].interval_days for n in range(3)]
    assert intervals[0] == 1 and intervals[1] == 6 and intervals[2] > 6


def test_spaced_reads_reviews_from_the_store(bank, store):
    record(store, bank.active[0], 15)
    history = History.from_store(store, "default")
    assert [r.question_id for r in history.reviews] == [bank.active[0].id]


def test_empty_pool_and_unknown_strategy(bank):
    assert all(draw([], s) is None for s in ("random", "weakest", "spaced"))
    with pytest.raises(ValueError, match="unknown strategy"):
        draw(bank.active, "hardest")


def test_question_stats_aggregates_per_question(bank, store):
    q = bank.active[0]
    record(store, q, 40, myths=("pm-is-the-boss",))
    record(store, q, 80, myths=("pm-is-the-boss", "pm-pays-more"))
    stats = store.question_stats()[q.id]
    assert stats["attempts"] == 2 and stats["mean"] == 60
    assert stats["myths"] == {"pm-is-the-boss": 2, "pm-pays-more": 1}
