"""The command line: the grading contract, batch grading and bank validation, without tracebacks."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pmtrainer.cli import cli
from pmtrainer.myths import myth_catalogue
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


def test_grade_json_follows_the_contract():
    result = run(["grade", "--answer", CUSTOMER_ANSWER, "--format", "json"])
    assert result.exit_code == 0
    grade = json.loads(result.output)
    assert grade["verdict"] == "customer-focused"
    for span in grade["metrics"] + grade["highlights"]:
        assert CUSTOMER_ANSWER[span["start"] : span["end"]] == span["quote"]


def test_grade_text_reads_like_a_report():
    result = run(["grade", "--answer", TECH_ANSWER])
    assert result.exit_code == 0
    assert result.output.startswith("Overall ")
    assert "technology-heavy" in result.output


def test_grade_text_gives_myth_advice_once_and_the_point_quotes_the_answer():
    claim = "As a PM I'll make the strategy decisions while the engineers handle execution."
    result = run(["grade", "--answer", f"{CUSTOMER_ANSWER} {claim}"])
    advice = myth_catalogue()["strategy-is-the-job"].instead
    assert result.output.count(advice) == 1
    assert f'Rework "{claim}"' in result.output


def test_grade_reads_answer_from_stdin():
    result = run(["grade", "--answer-file", "-", "--format", "json"], input=TECH_ANSWER)
    assert json.loads(result.output)["verdict"] == "technology-heavy"


def test_grade_with_bank_question_checks_talking_points():
    from pmtrainer.bank import load_bank

    question = load_bank().active[0]
    result = run(["grade", "--answer", CUSTOMER_ANSWER, "--question-id", question.id, "--format", "json"])
    coverage = json.loads(result.output)["coverage"]
    assert len(coverage["covered"]) + len(coverage["missed"]) == len(question.talking_points)


def test_empty_answer_exits_2_with_one_line():
    result = run(["grade", "--answer", "  "])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "empty" in result.output


def test_unknown_question_id_exits_2():
    result = run(["grade", "--answer", CUSTOMER_ANSWER, "--question-id", "no-such-question"])
    assert result.exit_code == 2 and "unknown question id" in result.output


def test_jsonl_keeps_order_and_ids_and_reports_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "answer": CUSTOMER_ANSWER}),
        "{not json",
        json.dumps({"id": 7, "question": "Why?", "answer": TECH_ANSWER}),
        json.dumps({"id": "empty", "answer": ""}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = run(["grade", "--jsonl", str(path)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", None, 7, "empty"]
    assert out[0]["verdict"] == "customer-focused" and out[2]["verdict"] == "technology-heavy"
    assert "invalid JSON" in out[1]["error"] and "empty" in out[3]["error"]


def test_jsonl_all_good_exits_0(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "answer": CUSTOMER_ANSWER}) + "\n")
    assert run(["grade", "--jsonl", str(path)]).exit_code == 0


def test_bank_validate_passes_on_shipped_bank():
    result = run(["bank", "validate"])
    assert result.exit_code == 0, result.output


def test_bank_validate_reports_file_and_line(tmp_path):
    (tmp_path / "categories.yaml").write_text("product-sense: Product sense\n")
    (tmp_path / "product-sense.yaml").write_text(
        "category: product-sense\nquestions:\n  - id: ok-one\n    text: [unclosed\n"
    )
    result = run(["bank", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{tmp_path / 'product-sense.yaml'}:")
    assert "YAML syntax error" in result.output
