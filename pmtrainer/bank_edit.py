"""Editing the question bank: add, update, retire and import questions, written atomically.

Files are edited with ruamel.yaml's round trip so comments and key order survive; every change
is validated against a scratch copy of the bank before any real file is replaced.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import fuzz, process
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from pmtrainer.bank import CATEGORIES_FILE, Bank, BankError, Problem, load_bank
from pmtrainer.models import Question
from pmtrainer.paths import bank_dir

FIELD_ORDER = tuple(name for name in Question.model_fields if name != "category")
NEAR_DUPLICATE = 85


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # never re-wrap a curator's long lines
    y.preserve_quotes = True
    return y


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` all at once: readers see the old file or the new, never half."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def question_fields(question: Question) -> dict:
    """A question as it is written in its category file: no category, no empty optional fields."""
    data = question.model_dump(exclude={"category"})
    if data["time_limit_s"] is None:
        del data["time_limit_s"]
    return {k: data[k] for k in FIELD_ORDER if k in data}


def _seq(items: list, flow: bool = False) -> CommentedSeq:
    seq = CommentedSeq(items)
    if flow:
        seq.fa.set_flow_style()
    return seq


def _set_fields(target: CommentedMap, question: Question) -> None:
    """Update a question's mapping in place, keeping its comments and the order of its keys.

    An existing entry that leaves out a field at its default keeps leaving it out."""
    fields = question_fields(question)
    for key in [k for k in target if k not in fields]:
        del target[key]
    for key, value in fields.items():
        if target and key not in target and value == Question.model_fields[key].get_default(call_default_factory=True):
            continue
        if isinstance(value, list):
            value = _seq(value, flow=key == "tags")
        if target.get(key) != value:
            target[key] = value


class _Files:
    """Category files loaded for editing, written back only when changed."""

    def __init__(self, root: Path):
        self.root = root
        self.yaml = _yaml()
        self.docs: dict[str, CommentedMap] = {}

    def doc(self, category: str) -> CommentedMap:
        if category not in self.docs:
            path = self.root / f"{category}.yaml"
            if path.exists():
                try:
                    doc = self.yaml.load(path.read_text(encoding="utf-8"))
                except YAMLError as error:
                    mark = getattr(error, "problem_mark", None)
                    line = mark.line + 1 if mark else 1
                    raise BankError([Problem(str(path), line, f"fix this file first: {error}")]) from error
                if not isinstance(doc, CommentedMap) or not isinstance(doc.get("questions"), list):
                    raise BankError([Problem(str(path), 1, "fix this file first: expected category and questions")])
                self.docs[category] = doc
            else:
                self.docs[category] = CommentedMap(category=category, questions=CommentedSeq())
        return self.docs[category]

    def find(self, category: str, question_id: str) -> CommentedMap | None:
        return next((q for q in self.doc(category)["questions"] if q.get("id") == question_id), None)

    def texts(self) -> dict[str, str]:
        out = {}
        for category, doc in self.docs.items():
            buffer = io.StringIO()
            self.yaml.dump(doc, buffer)
            out[f"{category}.yaml"] = buffer.getvalue()
        return out


def _check_and_write(root: Path, texts: dict[str, str]) -> Bank:
    """Validate the bank as it would be after the change; write the files only if it is clean."""
    with tempfile.TemporaryDirectory() as scratch:
        scratch_root = Path(scratch)
        for path in root.glob("*.yaml"):
            shutil.copy2(path, scratch_root / path.name)
        for name, text in texts.items():
            (scratch_root / name).write_text(text, encoding="utf-8")
        before = {_gist(p, str(root)) for p in load_bank(root).problems}
        after = load_bank(scratch_root)
        new = [
            Problem(p.path.replace(scratch, str(root)), p.line, p.message.replace(scratch, str(root)))
            for p in after.problems
            if _gist(p, scratch) not in before
        ]
        if new:
            raise BankError(new)
    for name, text in texts.items():
        atomic_write(root / name, text)
    return load_bank(root)


def _gist(problem: Problem, root: str) -> tuple[str, str]:
    """A problem without its folder and line numbers, to tell old problems from new ones after an edit."""
    return problem.path.replace(root, ""), re.sub(r":\d+", "", problem.message.replace(root, ""))


def _root(directory: str | Path | None) -> Path:
    root = Path(directory) if directory else bank_dir()
    if not (root / CATEGORIES_FILE).exists():
        raise BankError([Problem(str(root / CATEGORIES_FILE), 0, "missing: it lists the allowed categories")])
    return root


def upsert_questions(questions: Iterable[Question], directory: str | Path | None = None) -> Bank:
    """Add new questions and replace existing ones (matched by id, moved if the category changed).

    Raises BankError, changing nothing, if the resulting bank would have new problems.
    """
    root = _root(directory)
    current = load_bank(root)
    files = _Files(root)
    for question in questions:
        old = current.by_id(question.id)
        if old is not None and old.category != question.category:
            old_items = files.doc(old.category)["questions"]
            old_items.remove(files.find(old.category, question.id))
        existing = files.find(question.category, question.id)
        if existing is not None:
            _set_fields(existing, question)
        else:
            entry = CommentedMap()
            _set_fields(entry, question)
            files.doc(question.category)["questions"].append(entry)
    return _check_and_write(root, files.texts())


def add_question(question: Question, directory: str | Path | None = None) -> Bank:
    """Append a new question to its category file; its id must be new."""
    root = _root(directory)
    if load_bank(root).by_id(question.id) is not None:
        raise BankError([Problem(str(root / f"{question.category}.yaml"), 0, f"id {question.id!r} is already taken")])
    return upsert_questions([question], root)


def update_question(question: Question, directory: str | Path | None = None) -> Bank:
    """Replace an existing question (same id), keeping the comments around it."""
    root = _root(directory)
    if load_bank(root).by_id(question.id) is None:
        raise BankError([Problem(str(root), 0, f"no question with id {question.id!r}")])
    return upsert_questions([question], root)


def retire_question(question_id: str, directory: str | Path | None = None) -> Bank:
    """Mark a question retired: it stays in the file (and history) but is never drawn."""
    root = _root(directory)
    question = load_bank(root).by_id(question_id)
    if question is None:
        raise BankError([Problem(str(root), 0, f"no question with id {question_id!r}")])
    return upsert_questions([question.model_copy(update={"status": "retired"})], root)


def near_duplicates(
    text: str, questions: Iterable[Question], *, exclude_id: str | None = None, threshold: int = NEAR_DUPLICATE
) -> list[tuple[Question, float]]:
    """Existing questions whose text is nearly the same as `text` (rapidfuzz token_set_ratio), best first."""
    pool = [q for q in questions if q.id != exclude_id]
    matches = process.extract(
        text,
        [q.text for q in pool],
        scorer=fuzz.token_set_ratio,
        processor=str.lower,
        score_cutoff=threshold,
        limit=5,
    )
    return [(pool[index], score) for _, score, index in matches]
