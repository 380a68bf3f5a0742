"""The bank in and out: statistics, export to CSV or YAML, and reading questions to import.

CSV cells hold list fields one item per line, so a spreadsheet shows them readably.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import yaml
from pydantic import ValidationError

from pmtrainer.bank import Bank, Problem, describe_error
from pmtrainer.models import Question

COLUMNS = ("id", "category", *(name for name in Question.model_fields if name not in ("id", "category")))
LIST_FIELDS = tuple(name for name, f in Question.model_fields.items() if f.annotation == list[str])


def bank_stats(bank: Bank) -> dict:
    """Counts of active questions, by category, difficulty and source; retired ones counted apart."""
    active = bank.active
    return {
        "questions": len(active),
        "retired": len(bank.questions) - len(active),
        "categories": {slug: sum(q.category == slug for q in active) for slug in bank.categories},
        "difficulties": dict(Counter(q.difficulty for q in active).most_common()),
        "sources": dict(Counter(q.source for q in active).most_common()),
        "seed_sourced": sum(q.source != "general" for q in active),
        "problems": len(bank.problems),
    }


def format_stats_text(stats: dict, titles: dict[str, str]) -> str:
    lines = [f"{stats['questions']} active questions ({stats['retired']} retired), {stats['seed_sourced']} from seeds"]
    lines += [f"  {titles.get(slug, slug)}: {count}" for slug, count in stats["categories"].items()]
    lines.append("Difficulty: " + ", ".join(f"{k} {v}" for k, v in stats["difficulties"].items()))
    lines.append("Source: " + ", ".join(f"{k} {v}" for k, v in stats["sources"].items()))
    if stats["problems"]:
        lines.append(f"{stats['problems']} problem(s): run 'python -m pmtrainer bank validate'")
    return "\n".join(lines)


def export_rows(questions: list[Question]) -> list[dict]:
    return [q.model_dump() for q in questions]


def export_text(questions: list[Question], fmt: str) -> str:
    """Every question, retired ones too, as CSV or as a YAML list (each with its category)."""
    rows = export_rows(questions)
    if fmt == "yaml":
        return yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=4096)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "\n".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()})
    return buffer.getvalue()


def read_import(path: Path) -> tuple[list[Question], list[Problem]]:
    """Questions from a CSV or YAML export; problems name the file and the row or item's line."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(where, 1, f"cannot read file: {error}")]
    if path.suffix.lower() == ".csv":
        records = _csv_records(text)
    else:
        try:
            records = _yaml_records(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            return [], [Problem(where, mark.line + 1 if mark else 1, f"YAML syntax error: {error}")]
        if records is None:
            return [], [Problem(where, 1, "expected a list of questions, each with its category")]
    questions, problems, seen = [], [], {}
    for line, record in records:
        if record.get("id") in seen:
            problems.append(Problem(where, line, f"duplicate id {record['id']!r}, first at line {seen[record['id']]}"))
            continue
        seen[record.get("id")] = line
        try:
            questions.append(Question(**record))
        except (ValidationError, TypeError) as invalid:
            errors = invalid.errors() if isinstance(invalid, ValidationError) else [{"loc": (), "msg": str(invalid)}]
            for err in errors:
                problems.append(Problem(where, line, f"question {record.get('id', '?')}: {describe_error(err)}"))
    return questions, problems


def _csv_records(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    out = []
    line = reader.line_num
    for row in reader:
        record = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
        for name in LIST_FIELDS:
            if name in record:
                record[name] = [item.strip() for item in record[name].splitlines() if item.strip()]
        out.append((line + 1, record))
        line = reader.line_num
    return out


def _yaml_records(text: str) -> list[tuple[int, dict]] | None:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    data = yaml.safe_load(text)
    if not isinstance(data, list):
        return None
    lines = [item.start_mark.line + 1 for item in node.value]
    return [(line, item if isinstance(item, dict) else {"id": item}) for line, item in zip(lines, data, strict=True)]
