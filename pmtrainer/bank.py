"""The question bank: YAML files in `question_bank/`, one per category, loaded and validated.

Every problem is reported as `path:line: message` so a curator can jump straight to it.
Files are parsed from libyaml's events (yaml_fast) and the result is cached per file (bank_cache);
line numbers are worked out only for a file that has a problem, by composing it into nodes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from pmtrainer import yaml_fast
from pmtrainer.bank_cache import ParseCache
from pmtrainer.models import SLUG, Question
from pmtrainer.myths import myth_ids
from pmtrainer.paths import bank_dir

CATEGORIES_FILE = "categories.yaml"
FILE_KEYS = ("category", "questions")
QUESTION_FIELDS = tuple(Question.model_fields)
Loader = yaml_fast.Loader


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
    locations: dict[str, str] = field(default_factory=dict)  # question id -> path of its file
    positions: dict[str, int] = field(default_factory=dict)  # question id -> index in its file's list
    _index: dict[str, Question] = field(default_factory=dict, repr=False)

    @property
    def active(self) -> list[Question]:
        return [q for q in self.questions if q.status == "active"]

    def by_id(self, question_id: str) -> Question | None:
        """The question with this id, retired or not."""
        if len(self._index) != len(self.questions):
            self._index = {q.id: q for q in self.questions}
        return self._index.get(question_id)


class BankError(ValueError):
    """The bank has problems; `problems` lists them as path:line: message."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def suggest(word: object, choices) -> str:
    """' (did you mean x?)' for a near miss, else ''; unknown ids should point at the fix."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


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
        data, error = _parse(categories_path)
        if error:
            bank.problems.append(error)
        elif isinstance(data, dict) and data:
            bank.categories = {str(k): str(v) for k, v in data.items()}
            for slug in bank.categories:
                if not re.fullmatch(SLUG, slug):
                    line = _Lines(categories_path).at(slug)
                    bank.problems.append(
                        Problem(str(categories_path), line, f"category {slug!r} is not a slug (lowercase-with-dashes)")
                    )
        else:
            bank.problems.append(Problem(str(categories_path), 1, "expected a mapping of slug: title"))
        known_myths = frozenset(myth_ids())
        cache = ParseCache(root)
        paths = [p for p in sorted(root.glob("*.yaml")) if p.name != CATEGORIES_FILE]
        for path in paths:
            _load_file(path, bank, known_myths, cache)
        cache.save({p.name for p in paths})
    bank.by_id("")  # build the id index now: a cached Bank is shared read-only between sessions
    if strict and bank.problems:
        raise BankError(bank.problems)
    return bank


def _parse(path: Path):
    """(data, problem): the file's YAML data, or a problem with the line of the syntax error."""
    try:
        return yaml_fast.load(path.read_text(encoding="utf-8")), None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(error, "problem", None) or str(error)
        return None, Problem(str(path), line, f"YAML syntax error: {reason}")
    except (OSError, UnicodeDecodeError) as error:
        return None, Problem(str(path), 1, f"cannot read file: {error}")


class _Lines:
    """Line numbers inside one file, composed on first use (only files with problems pay)."""

    def __init__(self, path: Path):
        self.path = path
        self._root = None

    def _node(self):
        if self._root is None:
            self._root = yaml.compose(self.path.read_text(encoding="utf-8"), Loader=Loader)
        return self._root

    @staticmethod
    def _child(node, key):
        if isinstance(node, yaml.MappingNode):
            return next(((k, v) for k, v in node.value if getattr(k, "value", None) == key), (None, None))
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            return node.value[key], node.value[key]
        return None, None

    def at(self, *keys) -> int:
        """The line of the deepest of `keys` (a path like 'questions', 3, 'red_flags', 0) that exists."""
        node = self._node()
        line = node.start_mark.line + 1 if node is not None else 1
        for key in keys:
            key_node, node = self._child(node, key)
            if key_node is None:
                break
            line = key_node.start_mark.line + 1
        return line


def _cached_parse(path: Path, cache: ParseCache):
    try:
        key = cache.key(path)  # taken before reading: a file edited meanwhile is parsed again next time
    except OSError as error:
        return None, Problem(str(path), 1, f"cannot read file: {error}")
    hit, data = cache.get(path, key)
    if hit:
        return data, None
    data, error = _parse(path)
    if error is None:
        cache.put(path, key, data)
    return data, error


def _load_file(path: Path, bank: Bank, known_myths: frozenset[str], cache: ParseCache) -> None:
    where = str(path)
    data, error = _cached_parse(path, cache)
    if error:
        bank.problems.append(error)
        return
    lines = _Lines(path)

    def problem(message: str, *keys) -> None:
        bank.problems.append(Problem(where, lines.at(*keys), message))

    if not isinstance(data, dict) or "questions" not in data or "category" not in data:
        problem("expected 'category: <slug>' and a 'questions:' list")
        return
    for key in data:
        if key not in FILE_KEYS:
            problem(f"unknown top-level key {key!r}; a bank file has only 'category' and 'questions'", key)
    category = data["category"]
    if category not in bank.categories:
        hint = suggest(category, bank.categories) or f"; known: {', '.join(bank.categories)}"
        problem(f"unknown category {category!r}{hint} (categories are listed in {CATEGORIES_FILE})", "category")
        return
    if path.stem != category:
        problem(f"category {category!r} belongs in {category}.yaml, not {path.name}", "category")
    items = data["questions"]
    if not isinstance(items, list):
        problem("'questions' must be a list of questions", "questions")
        return
    for index, raw in enumerate(items):
        at = ("questions", index)
        if not isinstance(raw, dict):
            problem("each question must be a mapping (id, text, difficulty, ...)", *at)
            continue
        ident = raw.get("id") or f"#{index + 1}"
        if "category" in raw and raw["category"] != category:
            problem(f"question {ident}: a question's category is set by its file; remove it", *at, "category")
            continue
        try:
            question = Question(**{**raw, "category": category})
        except ValidationError as invalid:
            for err in invalid.errors():
                problem(f"question {ident}: {describe_error(err)}", *at, *err["loc"])
            continue
        for i, flag in enumerate(question.red_flags):
            if " " not in flag.strip() and flag not in known_myths:
                problem(
                    f"question {question.id}: unknown myth id {flag!r} in red_flags{suggest(flag, known_myths)}"
                    " (a free-text red flag needs spaces)",
                    *at,
                    "red_flags",
                    i,
                )
        if question.id in bank.locations:
            first = bank.locations[question.id]
            first_line = _Lines(Path(first)).at("questions", bank.positions[question.id])
            problem(f"duplicate question id {question.id!r}, first defined at {first}:{first_line}", *at)
            continue
        bank.locations[question.id] = where
        bank.positions[question.id] = index
        bank.questions.append(question)


def describe_error(err: dict) -> str:
    """A pydantic error as a curator would say it."""
    name = ".".join(str(p) for p in err["loc"]) or "question"
    kind, ctx = err.get("type"), err.get("ctx") or {}
    if kind == "missing":
        return f"missing required field {name!r}"
    if kind == "extra_forbidden":
        return f"unknown field {name!r}{suggest(name, QUESTION_FIELDS)}"
    if kind == "string_pattern_mismatch":
        return f"{name}: use lowercase letters, digits and single hyphens, e.g. 'why-leave-engineering'"
    if kind == "too_short" and "min_length" in ctx:
        return f"{name}: needs at least {ctx['min_length']} item(s), has {ctx.get('actual_length', 0)}"
    if kind == "string_too_short" and "min_length" in ctx:
        return f"{name}: needs at least {ctx['min_length']} characters"
    if kind == "literal_error" and "expected" in ctx:
        return f"{name}: must be one of {ctx['expected']}"
    return f"{name}: {err['msg']}"


def bank_signature(directory: str | Path | None = None) -> tuple:
    """Changes whenever a bank file is added, removed or edited: a cheap cache key."""
    root = Path(directory) if directory else bank_dir()
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.glob("*.yaml"))) + (str(root),)
