"""The review scale benchmark's data generator builds graded attempts the review can read."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pmtrainer import history, progress
from pmtrainer.store import Store

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "review_scale.py"


def test_generate_builds_graded_attempts_with_facets(tmp_path):
    spec = importlib.util.spec_from_file_location("review_scale", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "bench.db"
    module.generate(path, 200)
    store = Store(path)
    assert history.count(store, history.HistoryFilter()) == 200
    assert sum(r["attempts"] for r in progress.scores_by_day(store, "default")) == 200
    assert progress.myths_by_week(store, "default")
    assert history.count(store, history.HistoryFilter(search="Kafka")) == 25
