"""A tiny question bank written into a test's folder, so tests never depend on the shipped bank."""

from __future__ import annotations

from pathlib import Path

import yaml

CATEGORIES = {"go-to-market": "Positioning and go-to-market", "career-transition": "Career transition and motivation"}


def _question(slug: str, n: int, category: str) -> dict:
    return {
        "id": f"{slug}-{n}",
        "text": f"Question {n} about {category.replace('-', ' ')}: how would you approach it?",
        "difficulty": "medium",
        "talking_points": ["Names the customer", "Says what changed for them", "Gives a number"],
        "red_flags": ["tech-depth-wins"],
        "time_limit_s": 120 if n == 1 else None,
    }


def write_bank(folder: Path, per_category: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "categories.yaml").write_text(yaml.safe_dump(CATEGORIES), encoding="utf-8")
    for slug in CATEGORIES:
        questions = [_question(slug, n, slug) for n in range(1, per_category + 1)]
        (folder / f"{slug}.yaml").write_text(
            yaml.safe_dump({"category": slug, "questions": questions}, sort_keys=False), encoding="utf-8"
        )
    return folder
