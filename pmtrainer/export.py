"""Exporting the history as CSV, JSONL or Markdown, streamed in batches so any size fits in memory.

Coach notes travel with each attempt, beside (never instead of) the machine grade.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import TextIO

from pmtrainer.history import HistoryFilter
from pmtrainer.notes import current_override
from pmtrainer.store import Store

FORMATS = ("csv", "jsonl", "md")
MIME_TYPES = {"csv": "text/csv", "jsonl": "application/jsonl", "md": "text/markdown"}
BATCH = 1_000
CSV_COLUMNS = [
    "id",
    "created_at",
    "profile",
    "category",
    "question_id",
    "question_text",
    "answer",
    "status",
    "verdict",
    "overall",
    "customer_focus",
    "technology_talk",
    "evidence",
    "myths",
    "quantified_results",
    "coach_verdict",
    "coach_notes",
    "session_id",
    "engine",
    "engine_version",
    "time_taken_s",
]


def iter_attempts(store: Store, filters: HistoryFilter) -> Iterator[dict]:
    """Matching attempts oldest first, each with its `notes`, fetched BATCH rows at a time (keyset)."""
    where, params = filters.where()
    last_id = 0
    while True:
        rows = store.query(
            f"select * from attempts where {where} and id > ? order by id limit ?", [*params, last_id, BATCH]
        )
        if not rows:
            return
        ids = [r["id"] for r in rows]
        notes: dict[int, list[dict]] = {}
        marks = ",".join("?" * len(ids))
        for note in store.query(
            f"select * from coach_notes where attempt_id in ({marks}) order by created_at, id", ids
        ):
            notes.setdefault(note["attempt_id"], []).append(note)
        for row in rows:
            row["notes"] = notes.get(row["id"], [])
            yield row
        last_id = ids[-1]


def _csv_row(row: dict) -> dict:
    grade = row.get("grade") or {}
    scores = grade.get("scores", {})
    return {
        **{k: row.get(k) for k in CSV_COLUMNS if k in row},
        "technology_talk": scores.get("technology_talk"),
        "evidence": scores.get("evidence"),
        "myths": ";".join(m["id"] for m in grade.get("myths", [])),
        "quantified_results": len(grade.get("metrics", [])),
        "coach_verdict": current_override(row["notes"]),
        "coach_notes": " | ".join(n["note"] for n in row["notes"] if n["note"]),
    }


def _jsonl_row(row: dict) -> str:
    row = {k: v for k, v in row.items() if k != "answer_start"}
    row["coach_verdict"] = current_override(row["notes"])
    return json.dumps(row, ensure_ascii=False)


def _markdown_row(row: dict) -> str:
    lines = [f"## #{row['id']} · {row['created_at']} · {row.get('category') or 'free text'}", ""]
    lines.append(f"**Question:** {row.get('question_text') or row.get('question_id') or '(none)'}")
    machine = f"{row['overall']}/100, {row['verdict']}" if row.get("overall") is not None else row["status"]
    lines.append(f"**Machine grade:** {machine}")
    if override := current_override(row["notes"]):
        lines.append(f"**Coach verdict:** {override}")
    lines += ["", *(f"> {line}" if line else ">" for line in row["answer"].splitlines()), ""]
    for note in row["notes"]:
        if note["note"]:
            lines.append(f"- Coach ({note['created_at']}): {note['note']}")
    grade = row.get("grade") or {}
    for myth in grade.get("myths", []):
        lines.append(f'- Myth `{myth["id"]}`: "{myth["quote"]}"')
    return "\n".join(lines) + "\n\n"


def write_export(store: Store, filters: HistoryFilter, fmt: str, out: TextIO) -> int:
    """Write the matching attempts to `out`; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}.")
    written = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
    elif fmt == "md":
        out.write(f"# pmtrainer history ({filters.profile})\n\n")
    for row in iter_attempts(store, filters):
        if writer:
            writer.writerow(_csv_row(row))
        elif fmt == "jsonl":
            out.write(_jsonl_row(row) + "\n")
        else:
            out.write(_markdown_row(row))
        written += 1
    return written


def export_text(store: Store, filters: HistoryFilter, fmt: str) -> str:
    buffer = io.StringIO()
    write_export(store, filters, fmt, buffer)
    return buffer.getvalue()
