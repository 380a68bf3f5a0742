"""Small question banks written into a test's folder, so tests never depend on shipped content."""

from __future__ import annotations

from pathlib import Path

CATEGORIES = "product-sense: Product sense\ngo-to-market: Positioning and go-to-market\n"


def question_yaml(qid: str, *, text: str | None = None, difficulty: str = "medium", extra: str = "") -> str:
    """One question as the YAML list item a curator would write."""
    text = text or f"Tell me about {qid.replace('-', ' ')} and how customers reacted."
    return (
        f"  - id: {qid}\n"
        f"    text: {text}\n"
        f"    difficulty: {difficulty}\n"
        "    tags: [customers]\n"
        "    talking_points:\n"
        "      - the customer problem\n"
        "      - what you did\n"
        "      - the measured result\n"
        "    red_flags:\n"
        "      - product-sells-itself\n"
        "      - talks only about the technology\n"
        f"{extra}"
    )


def write_bank(root: Path, files: dict[str, str] | None = None, categories: str = CATEGORIES) -> Path:
    """A bank folder: categories.yaml plus the given files (name -> text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "categories.yaml").write_text(categories, encoding="utf-8")
    for name, text in (files or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def small_bank(root: Path, per_category: int = 3) -> Path:
    """A valid bank: `per_category` questions in each of two categories, mixed difficulties."""
    levels = ["easy", "medium", "hard"]
    files = {}
    for category in ("product-sense", "go-to-market"):
        items = "".join(question_yaml(f"{category}-q{i}", difficulty=levels[i % 3]) for i in range(per_category))
        files[f"{category}.yaml"] = f"# {category} questions\ncategory: {category}\nquestions:\n{items}"
    return write_bank(root, files)
