"""The rollup tables the progress charts read always equal a direct aggregation over attempts."""

from __future__ import annotations

import random

from pmtrainer import progress
from pmtrainer.grading import grade_answer
from pmtrainer.history import attempts_at, repeated_questions
from pmtrainer.store import Store, migrations
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER

ANSWERS = [CUSTOMER_ANSWER, TECH_ANSWER, "A good product sells itself, so we skipped the launch plan."]
GRADES = [grade_answer(a) for a in ANSWERS]


def direct(store: Store, profile: str) -> tuple:
    focus = store.query(
        "select substr(created_at, 1, 10) as day, round(avg(customer_focus), 1) as customer_focus, "
        "round(avg(overall), 1) as overall, count(*) as attempts from attempts "
        "where profile = ? and overall is not null group by day order by day",
        [profile],
    )
    myths = store.query(
        "select date(substr(created_at, 1, 10), 'weekday 0', '-6 days') as week, myth_id, count(*) as count "
        "from attempt_myths where profile = ? group by week, myth_id order by week, myth_id",
        [profile],
    )
    categories = store.query(
        "select coalesce(category, 'free text') as category, round(avg(overall), 1) as overall, count(*) as attempts "
        "from attempts where profile = ? and overall is not null group by category order by overall desc",
        [profile],
    )
    return focus, myths, sorted(categories, key=lambda r: r["category"])


def rolled(store: Store, profile: str) -> tuple:
    categories = progress.score_by_category(store, profile)
    return (
        progress.scores_by_day(store, profile),
        progress.myths_by_week(store, profile),
        sorted(categories, key=lambda r: r["category"]),
    )


def random_history(store: Store, rng: random.Random, steps: int = 120) -> None:
    ids = []
    for _ in range(steps):
        action = rng.random()
        if action < 0.6 or not ids:
            ids.append(
                store.add_attempt(
                    answer="x",
                    question_id=rng.choice(["q1", "q2", None]),
                    question_text="Q",
                    category=rng.choice(["a", "b", None]),
                    profile=rng.choice(["ana", "bo"]),
                )
            )
            store.db["attempts"].update(
                ids[-1], {"created_at": f"2025-0{rng.randint(1, 3)}-1{rng.randint(0, 9)}T10:00:00+00:00"}
            )
        elif action < 0.9:
            store.record_grade(rng.choice(ids), rng.choice(GRADES))  # grading and regrading
        else:
            victim = ids.pop(rng.randrange(len(ids)))
            store.db["attempts"].delete(victim)


def test_rollups_match_direct_aggregation_through_inserts_regrades_and_deletes(store):
    random_history(store, random.Random(3))
    for profile in ("ana", "bo"):
        assert rolled(store, profile) == direct(store, profile)


def test_rollups_are_backfilled_when_an_older_database_upgrades(tmp_path):
    path = tmp_path / "old.db"
    old = Store(path)
    random_history(old, random.Random(5), steps=60)
    expected = direct(old, "ana")
    old.db.execute("delete from _sqlite_migrations where name = 'm025_rollups'")
    for table in ("daily_scores", "category_scores", "weekly_myths", "question_counts"):
        old.db[table].drop()
    for trigger in ("attempts_rollup_ai", "attempts_rollup_au", "attempts_rollup_ad"):
        old.db.execute(f"drop trigger {trigger}")
    old.db.execute("drop trigger attempt_myths_rollup_ai")
    old.db.execute("drop trigger attempt_myths_rollup_ad")
    old.close()
    upgraded = Store(path)
    assert [m.name for m in migrations.pending(upgraded.db)] == []
    assert rolled(upgraded, "ana") == expected


def test_repeated_questions_lists_only_questions_answered_twice(store):
    for question_id in ("q1", "q1", "q2"):
        store.add_attempt(answer="x", question_id=question_id, question_text=f"text {question_id}")
    assert repeated_questions(store, "default") == [{"question_id": "q1", "question_text": "text q1", "attempts": 2}]


def test_compare_lists_the_latest_attempts_oldest_first(store):
    ids = [store.add_attempt(answer="x", question_id="q", question_text="Q") for _ in range(5)]
    assert [a["id"] for a in attempts_at(store, "default", "q", limit=3)] == ids[2:]


def test_long_histories_chart_customer_focus_by_week(store):
    for day in range(120):
        attempt_id = store.add_attempt(answer="x", question_id="q", question_text="Q")
        store.db.execute(
            "update attempts set created_at = date('2025-01-01', ?) || 'T10:00:00+00:00' where id = ?",
            [f"+{day} days", attempt_id],
        )
        store.record_grade(attempt_id, GRADES[day % 2])
    points = progress.scores_by_day(store, "default")
    assert 17 <= len(points) <= 19 and sum(p["attempts"] for p in points) == 120
