"""How the review page scales: its queries and a full AppTest render with 100 vs 100,000 attempts.

Run: .venv/bin/python benchmarks/review_scale.py [--large 100000] [--repeat 7]
Prints one line per measurement (median milliseconds) and the large/small ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pmtrainer import history, progress  # noqa: E402
from pmtrainer.grading import grade_answer  # noqa: E402
from pmtrainer.history import HistoryFilter  # noqa: E402
from pmtrainer.store import DEFAULT_PROFILE, Store  # noqa: E402

ANSWERS = [
    "I interviewed twenty customers about onboarding, rebuilt the flow around their first invoice and cut "
    "support tickets by 40% in a quarter.",
    "I would build it on Kubernetes with microservices, Kafka events and a Redis cache in front of Postgres.",
    "A good product sells itself, so we skipped the launch plan and shipped the feature to everyone.",
    "My engineering experience transfers directly, so I already know how to be a product manager.",
    "We talked to churned users, found pricing confusion, simplified the plans and retention rose 12 points.",
    "Strategy is the job of a PM; I would set the vision and the engineers would figure out the rest.",
    "I ran a pilot with three hospitals, measured time saved per nurse shift and grew usage to 18 wards.",
    "I would rewrite the backend in Rust for performance and add GraphQL so the API is more flexible.",
]
CATEGORIES = ["career-transition", "pm-role", "customer-insight", "product-sense", "go-to-market"]


def generate(path: Path, count: int, seed: int = 7) -> float:
    """Fill a fresh database with `count` graded attempts; returns seconds taken."""
    rng = random.Random(seed)
    grades = [(answer, grade_answer(answer)) for answer in ANSWERS]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    store = Store(path)
    began = time.perf_counter()

    def rows():
        for n in range(count):
            answer, grade = grades[n % len(grades)]
            category = rng.choice(CATEGORIES)
            yield {
                "profile": DEFAULT_PROFILE,
                "question_id": f"{category}-{rng.randint(1, 12)}",
                "question_text": f"A {category.replace('-', ' ')} question",
                "category": category,
                "answer": f"{answer} (attempt {n})",
                "engine": "offline",
                "engine_version": grade.engine_version,
                "status": "graded",
                "grade": grade.model_dump_json(by_alias=True, exclude_none=True),
                "overall": grade.overall,
                "verdict": grade.verdict,
                "created_at": (start + timedelta(minutes=n * 525_600 / max(count, 1))).isoformat(timespec="seconds"),
                "time_taken_s": rng.uniform(40, 240),
            }

    with store.db.atomic():
        store.db["attempts"].insert_all(rows(), batch_size=2_000)
    store.db.execute("analyze")
    store.close()
    return time.perf_counter() - began


def median_ms(fn, repeat: int) -> float:
    fn()  # warm caches (SQLite pages, Streamlit imports)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def measure(path: Path, repeat: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["PMTRAINER_DB"] = str(path)
    store = Store(path)
    filters = HistoryFilter(DEFAULT_PROFILE)

    def history_queries():
        history.count(store, filters)
        history.page(store, filters, 1)
        history.sessions(store, DEFAULT_PROFILE)

    def filtered_queries():
        narrowed = HistoryFilter(DEFAULT_PROFILE, category="go-to-market", search="Kafka")
        history.count(store, narrowed)
        history.page(store, narrowed, 3)

    def worst_search():  # every "Kafka" answer is checked and none passes the verdict filter
        nothing = HistoryFilter(DEFAULT_PROFILE, category="go-to-market", verdict="customer-focused", search="Kafka")
        history.count(store, nothing)
        history.page(store, nothing, 1)

    def progress_queries():
        progress.scores_by_day(store, DEFAULT_PROFILE)
        progress.myths_by_week(store, DEFAULT_PROFILE)
        progress.score_by_category(store, DEFAULT_PROFILE)

    def render(view: str, search: str = ""):
        def run():
            at = AppTest.from_file(str(ROOT / "trainer.py"), default_timeout=60)
            at.session_state["review_view"] = view
            at.session_state["review_search"] = search
            at.switch_page("app_pages/review.py").run()
            assert not at.exception, at.exception

        return run

    return {
        "history queries (count + page 1)": median_ms(history_queries, repeat),
        "search + category queries (count + page 3)": median_ms(filtered_queries, repeat),
        "search + filters matching nothing (worst case)": median_ms(worst_search, repeat),
        "progress aggregates": median_ms(progress_queries, repeat),
        "AppTest render, History view": median_ms(render("History"), repeat),
        "AppTest render, History view, search 'Kafka'": median_ms(render("History", "Kafka"), repeat),
        "AppTest render, Progress view": median_ms(render("Progress"), repeat),
        "AppTest render, Compare view": median_ms(render("Compare"), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("PMTRAINER_BANK", str(ROOT / "question_bank"))
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for count in (args.small, args.large):
            path = Path(folder) / f"review-{count}.db"
            seconds = generate(path, count)
            print(f"generated {count:,} attempts in {seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
            results[count] = measure(path, args.repeat)
        print(f"\n| measurement (median of {args.repeat}) | {args.small:,} | {args.large:,} | ratio |")
        print("| --- | ---: | ---: | ---: |")
        for name, small in results[args.small].items():
            large = results[args.large][name]
            print(f"| {name} | {small:.2f} ms | {large:.2f} ms | {large / small:.2f}x |")


if __name__ == "__main__":
    main()
