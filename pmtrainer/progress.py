"""Progress over time, read from the rollup tables the store's triggers keep (see m025_rollups),
so a chart costs a row per day, category or week however many attempts there are."""

from __future__ import annotations

from pmtrainer.store import Store

DAILY_POINTS_MAX = 90  # beyond this many days, points are weeks: a readable chart of constant size


def scores_by_day(store: Store, profile: str) -> list[dict]:
    """Mean customer focus and overall score per day (per week on long histories), graded only."""
    days = store.query("select count(*) as n from daily_scores where profile = ? and graded > 0", [profile])[0]["n"]
    period = "day" if days <= DAILY_POINTS_MAX else "date(day, 'weekday 0', '-6 days')"
    return store.query(
        f"select {period} as day, round(1.0 * sum(focus_sum) / sum(graded), 1) as customer_focus, "
        "round(1.0 * sum(overall_sum) / sum(graded), 1) as overall, sum(graded) as attempts "
        f"from daily_scores where profile = ? and graded > 0 group by {period} order by 1",
        [profile],
    )


def myths_by_week(store: Store, profile: str) -> list[dict]:
    """How often each myth appeared, per week (starting Monday)."""
    return store.query(
        "select week, myth_id, count from weekly_myths where profile = ? and count > 0 order by week, myth_id",
        [profile],
    )


def score_by_category(store: Store, profile: str) -> list[dict]:
    return store.query(
        "select case category when '' then 'free text' else category end as category, "
        "round(1.0 * overall_sum / graded, 1) as overall, graded as attempts "
        "from category_scores where profile = ? and graded > 0 order by overall desc",
        [profile],
    )
