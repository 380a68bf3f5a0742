"""Progress over time, aggregated in SQL on indexed columns so 100,000 attempts stay quick."""

from __future__ import annotations

from pmtrainer.store import Store


def customer_focus_by_day(store: Store, profile: str) -> list[dict]:
    """Mean customer focus and overall score per day, graded attempts only."""
    return store.query(
        "select substr(created_at, 1, 10) as day, round(avg(customer_focus), 1) as customer_focus, "
        "round(avg(overall), 1) as overall, count(*) as attempts from attempts "
        "where profile = ? and customer_focus is not null group by day order by day",
        [profile],
    )


def myths_by_week(store: Store, profile: str) -> list[dict]:
    """How often each myth appeared, per ISO week (Monday)."""
    return store.query(
        "select date(substr(created_at, 1, 10), 'weekday 0', '-6 days') as week, myth_id, count(*) as count "
        "from attempt_myths where profile = ? group by week, myth_id order by week",
        [profile],
    )


def score_by_category(store: Store, profile: str) -> list[dict]:
    return store.query(
        "select coalesce(category, 'free text') as category, round(avg(overall), 1) as overall, "
        "count(*) as attempts from attempts where profile = ? and overall is not null "
        "group by category order by overall desc",
        [profile],
    )
