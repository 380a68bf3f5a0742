"""The eval command: measures computed right on a tiny set, misses listed, bad files refused."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pmtrainer.cli import cli
from pmtrainer.evaluation import auc
from tests.conftest import CUSTOMER_ANSWER

# Technology talk without any myth (TECH_ANSWER's "I would build it on Kubernetes..." is a known
# tech-depth-wins false flag since engine 2.3; see test_grading_contract).
TECH_ANSWER = (
    "Most of my last two years went into the reactor revamp. We replaced the shell-and-tube exchangers with "
    "plate units, re-tuned the PID loops on the jacket temperature and rewrote the HAZOP for the new relief "
    "valves. I ran the Aspen model for every operating case and chased the pinch analysis down to a two-degree "
    "approach."
)

ITEMS = [
    {"id": "c1", "answer": CUSTOMER_ANSWER, "focus": "customer", "myths": [], "has_metrics": True},
    {"id": "t1", "answer": TECH_ANSWER, "focus": "technology", "myths": [], "has_metrics": False},
    {
        "id": "m1",
        "answer": CUSTOMER_ANSWER + " Honestly, a good product sells itself.",
        "focus": "customer",
        "myths": ["product-sells-itself"],
        "has_metrics": True,
    },
    # Deliberately mislabeled: the grader finds no myth here, so this is a recall miss.
    {"id": "x1", "answer": TECH_ANSWER, "focus": None, "myths": ["pm-pays-more"], "has_metrics": None},
]


@pytest.fixture
def labeled(tmp_path):
    path = tmp_path / "labeled.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in ITEMS) + "\n")
    return path


def test_eval_json_measures(labeled):
    result = CliRunner().invoke(cli, ["eval", str(labeled), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["items"] == 4
    assert report["focus_accuracy"] == 1.0 and report["focus_items"] == 3
    assert report["customer_focus_auc"] == 1.0
    assert report["myths"]["product-sells-itself"] == {"precision": 1.0, "recall": 1.0}
    assert report["myths"]["pm-pays-more"] == {"precision": None, "recall": 0.0}
    assert report["myth_micro_f1"] == pytest.approx(2 / 3)
    assert report["myths_flagged_on_myth_free_answers"] == 0 and report["myth_free_answers"] == 2
    assert report["quantified_result_accuracy"] == 1.0 and report["quantified_result_items"] == 3
    assert report["span_integrity"] == 1.0


def test_eval_errors_lists_each_miss(labeled):
    result = CliRunner().invoke(cli, ["eval", str(labeled), "--errors"], catch_exceptions=False)
    assert "misses (1):" in result.output
    assert "x1: myths ['pm-pays-more'], found []" in result.output


def test_eval_rejects_malformed_file_with_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ITEMS[0]) + "\n{oops\n")
    result = CliRunner().invoke(cli, ["eval", str(path)])
    assert result.exit_code == 2 and f"{path}:2:" in result.output


def test_auc_counts_ties_as_half():
    assert auc([3, 2], [1, 2]) == pytest.approx((1 + 1 + 1 + 0.5) / 4)
    assert auc([], [1]) is None
