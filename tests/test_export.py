"""Exports: CSV, JSONL and Markdown from the library and the CLI, notes beside the machine grade."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from pmtrainer.cli import cli
from pmtrainer.export import export_text
from pmtrainer.grading import grade_answer
from pmtrainer.history import HistoryFilter
from pmtrainer.notes import MACHINE_VERDICT, add_note
from pmtrainer.store import Store
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER


def seeded(profile: str = "ana") -> Store:
    store = Store()
    for answer in (CUSTOMER_ANSWER, TECH_ANSWER):
        attempt_id = store.add_attempt(answer=answer, question_id="q", question_text="Why PM?", profile=profile)
        store.record_grade(attempt_id, grade_answer(answer))
    add_note(store, attempt_id, "Start from the user.", "balanced")
    store.add_attempt(answer="someone else", question_id="q", question_text="Why PM?", profile="bo")
    return store


def test_csv_has_machine_and_coach_verdicts():
    rows = list(csv.DictReader(io.StringIO(export_text(seeded(), HistoryFilter("ana"), "csv"))))
    assert [r["verdict"] for r in rows] == ["customer-focused", "technology-heavy"]
    assert rows[1]["coach_verdict"] == "balanced" and rows[1]["coach_notes"] == "Start from the user."
    assert rows[0]["answer"] == CUSTOMER_ANSWER


def test_a_withdrawn_override_leaves_the_machine_verdict_alone():
    store = seeded()
    attempt_id = store.query("select max(attempt_id) as id from coach_notes")[0]["id"]
    add_note(store, attempt_id, "", MACHINE_VERDICT)
    rows = list(csv.DictReader(io.StringIO(export_text(store, HistoryFilter("ana"), "csv"))))
    assert rows[1]["coach_verdict"] == "" and rows[1]["coach_notes"] == "Start from the user."


def test_jsonl_keeps_the_full_grade_and_notes():
    lines = export_text(seeded(), HistoryFilter("ana"), "jsonl").splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) == 2 and items[0]["grade"]["verdict"] == "customer-focused"
    assert items[1]["notes"][0]["note"] == "Start from the user." and items[1]["coach_verdict"] == "balanced"


def test_cli_exports_one_profile_to_a_file(tmp_path):
    seeded()
    target = tmp_path / "ana.md"
    result = CliRunner().invoke(
        cli,
        ["history", "export", "--format", "md", "--profile", "ana", "--output", str(target)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# pmtrainer history (ana)") and "**Coach verdict:** balanced" in text
    assert "someone else" not in text


def test_cli_exports_to_stdout_and_reports_a_broken_database(tmp_path, monkeypatch):
    seeded()
    result = CliRunner().invoke(cli, ["history", "export", "--format", "jsonl", "--profile", "ana"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 2
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 500)
    monkeypatch.setenv("PMTRAINER_DB", str(bad))
    result = CliRunner().invoke(cli, ["history", "export"])
    assert result.exit_code == 1 and "damaged" in result.output
