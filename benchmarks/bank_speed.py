"""Time loading a 10,000-question bank and drawing from it with each strategy.

Run: .venv/bin/python benchmarks/bank_speed.py   (targets: load <= 1 s, draw <= 5 ms)
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from pmtrainer.bank import Loader, load_bank  # noqa: E402
from pmtrainer.drawing import STRATEGIES, draw, filter_questions  # noqa: E402
from pmtrainer.paths import BANK_DIR  # noqa: E402
from pmtrainer.scheduling import History, Review  # noqa: E402

QUESTIONS = 10_000
DRAWS = 200


def generate(root: Path) -> None:
    """A bank like the shipped one, ten thousand questions spread over its categories."""
    categories = yaml.safe_load((BANK_DIR / "categories.yaml").read_text())
    (root / "categories.yaml").write_text(yaml.safe_dump(categories))
    slugs = list(categories)
    rng = random.Random(0)
    per_file = {slug: [] for slug in slugs}
    for i in range(QUESTIONS):
        slug = slugs[i % len(slugs)]
        per_file[slug].append(
            {
                "id": f"{slug}-{i}",
                "text": f"Question {i}: tell me about a time you changed a product for its customers.",
                "difficulty": rng.choice(["easy", "medium", "hard"]),
                "tags": rng.sample(["metrics", "customers", "launch", "pricing", "teams"], 2),
                "talking_points": ["the customer problem", "what you did", "the measured result"],
                "red_flags": ["product-sells-itself", "Talks only about the technology"],
                "follow_ups": ["What would you do differently?"],
                "time_limit_s": 180,
                "source": "general",
                "status": "active",
            }
        )
    for slug, items in per_file.items():
        (root / f"{slug}.yaml").write_text(yaml.safe_dump({"category": slug, "questions": items}, sort_keys=False))


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), sorted(times)[len(times) // 2]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bank"
        root.mkdir()
        generate(root)
        cache = Path(tmp) / "cache"
        os.environ["PMTRAINER_CACHE"] = str(cache)
        size = sum(p.stat().st_size for p in root.glob("*.yaml")) / 1e6
        print(f"parser: libyaml events via yaml_fast ({Loader.__name__}); {QUESTIONS} questions, {size:.1f} MB of YAML")
        best, median = best_of(lambda: (shutil.rmtree(cache, ignore_errors=True), load_bank(root)), 3)
        print(f"load, cold (parse YAML, fill the cache): best {best * 1000:.0f} ms, median {median * 1000:.0f} ms")
        bank = load_bank(root)
        assert not bank.problems and len(bank.active) == QUESTIONS
        best, median = best_of(lambda: load_bank(root), 5)
        print(
            f"load, warm (files unchanged): best {best * 1000:.0f} ms, median {median * 1000:.0f} ms (target <= 1000 ms)"
        )
        first = root / "product-sense.yaml"
        first.write_text(first.read_text())  # one file edited: only it is parsed again
        best, _ = best_of(lambda: (os.utime(first), load_bank(root)), 3)
        print(f"load after editing one of {len(list(root.glob('*.yaml'))) - 1} files: best {best * 1000:.0f} ms")

        rng = random.Random(1)
        now = datetime(2026, 1, 1, tzinfo=UTC)
        reviews = [
            Review(rng.choice(bank.active).id, rng.randint(0, 100), now - timedelta(hours=2000 - i))
            for i in range(2000)
        ]
        history = History(category_scores={"product-sense": 35.0, "go-to-market": 80.0}, reviews=reviews)
        for strategy in STRATEGIES:
            seen: list[str] = []

            def one_draw(strategy=strategy, seen=seen):
                pool = filter_questions(bank.active, difficulty="medium")
                seen.append(draw(pool, strategy, seen=seen, history=history, rng=rng, now=now).id)

            _, median = best_of(one_draw, DRAWS)
            worst = max(best_of(one_draw, 1)[0] for _ in range(20))
            print(
                f"draw {strategy:8s}: median {median * 1000:.2f} ms, worst of 20 {worst * 1000:.2f} ms "
                f"(filter + draw, {len(seen)} seen, 2000 reviews; target <= 5 ms)"
            )


if __name__ == "__main__":
    main()
