"""The question bank: YAML files in `question_bank/`, one per category, loaded and validated.

Every problem is reported as `path:line: message` so a curator can jump straight to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from pmtrainer.models import Question
from pmtrainer.myths import myth_ids
from pmtrainer.paths import bank_dir

CATEGORIES_FILE = "categories.yaml"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Bank:
    questions: list[Question] = field(default_factory=list)
    categories: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)  # question id -> "path:line"

    @property
    def active(self) -> list[Question]:
        return [q for q in self.questions if q.status == "active"]

    def by_id(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class BankError(ValueError):
    """The bank has problems; `problems` lists them as path:line: message."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_bank(directory: str | Path | None = None, *, strict: bool = False) -> Bank:
    """Load every category file; with `strict`, raise BankError if anything is wrong."""
    root = Path(directory) if directory else bank_dir()
    bank = Bank()
    categories_path = root / CATEGORIES_FILE
    if not root.is_dir():
        bank.problems.append(Problem(str(root), 0, "no such question bank folder"))
    elif not categories_path.exists():
        bank.problems.append(Problem(str(categories_path), 0, "missing: it lists the allowed categories"))
    else:
        data, _, error = _parse(categories_path)
        if error:
            bank.problems.append(error)
        elif isinstance(data, dict):
            bank.categories = {str(k): str(v) for k, v in data.items()}
        else:
            bank.problems.append(Problem(str(categories_path), 1, "expected a mapping of slug: title"))
        for path in sorted(root.glob("*.yaml")):
            if path.name != CATEGORIES_FILE:
                _load_file(path, bank)
    if strict and bank.problems:
        raise BankError(bank.problems)
    return bank


def _parse(path: Path):
    """(data, root node, problem) with line numbers kept in the node tree."""
    try:
        text = path.read_text(encoding="utf-8")
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
        return data, node, None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, None, Problem(str(path), line, f"YAML syntax error: {reason}")
    except (OSError, UnicodeDecodeError) as error:
        return None, None, Problem(str(path), 1, f"cannot read file: {error}")


def _key_lines(mapping_node) -> dict[str, int]:
    return {k.value: k.start_mark.line + 1 for k, _ in getattr(mapping_node, "value", []) if hasattr(k, "value")}


def _load_file(path: Path, bank: Bank) -> None:
    data, node, error = _parse(path)
    where = str(path)
    if error:
        bank.problems.append(error)
        return
    if not isinstance(data, dict) or "questions" not in data:
        bank.problems.append(Problem(where, 1, "expected 'category:' and a 'questions:' list"))
        return
    top_lines = _key_lines(node)
    category = data.get("category")
    if category not in bank.categories:
        known = ", ".join(bank.categories)
        bank.problems.append(
            Problem(where, top_lines.get("category", 1), f"unknown category {category!r}; known: {known}")
        )
        return
    if path.stem != category:
        bank.problems.append(
            Problem(where, top_lines.get("category", 1), f"category {category!r} belongs in {category}.yaml")
        )
    items = data.get("questions") or []
    item_nodes = next((v.value for k, v in node.value if k.value == "questions"), [])
    known_myths = set(myth_ids())
    for raw, item_node in zip(items, item_nodes, strict=False):
        line = item_node.start_mark.line + 1
        lines = _key_lines(item_node)
        if not isinstance(raw, dict):
            bank.problems.append(Problem(where, line, "each question must be a mapping"))
            continue
        if "category" in raw and raw["category"] != category:
            bank.problems.append(
                Problem(where, lines.get("category", line), "a question's category is set by its file; remove it")
            )
            continue
        try:
            question = Question(**{**raw, "category": category})
        except ValidationError as invalid:
            for err in invalid.errors():
                field_name = str(err["loc"][0]) if err["loc"] else ""
                label = ".".join(str(p) for p in err["loc"]) or "question"
                ident = raw.get("id", "?")
                bank.problems.append(
                    Problem(where, lines.get(field_name, line), f"question {ident}: {label}: {err['msg']}")
                )
            continue
        for flag in question.red_flags:
            if " " not in flag.strip() and flag not in known_myths:
                bank.problems.append(
                    Problem(
                        where,
                        lines.get("red_flags", line),
                        f"question {question.id}: unknown myth id {flag!r} in red_flags",
                    )
                )
        if question.id in bank.locations:
            first = bank.locations[question.id]
            bank.problems.append(
                Problem(where, line, f"duplicate question id {question.id!r}, first defined at {first}")
            )
            continue
        bank.locations[question.id] = f"{where}:{line}"
        bank.questions.append(question)


def bank_signature(directory: str | Path | None = None) -> tuple:
    """Changes whenever a bank file is added, removed or edited: a cheap cache key."""
    root = Path(directory) if directory else bank_dir()
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.glob("*.yaml"))) + (str(root),)
