"""The editing library: round-trip writes keep comments, retire keeps the question, near duplicates warn."""

from __future__ import annotations

import os

import pytest

from pmtrainer.bank import BankError, load_bank
from pmtrainer.bank_edit import add_question, atomic_write, near_duplicates, retire_question, update_question
from pmtrainer.models import Question
from tests.banks import small_bank


def new_question(**changes) -> Question:
    fields = {
        "id": "pricing-a-new-plan",
        "text": "How would you price a new team plan for our product?",
        "category": "go-to-market",
        "difficulty": "hard",
        "tags": ["pricing"],
        "talking_points": ["who pays", "value metric", "how you would test it"],
        "red_flags": ["product-sells-itself"],
    }
    return Question(**{**fields, **changes})


def test_add_appends_and_keeps_comments(tmp_path):
    root = small_bank(tmp_path)
    (root / "go-to-market.yaml").write_text(
        (root / "go-to-market.yaml")
        .read_text()
        .replace("  - id: go-to-market-q1\n", "  # keep me\n  - id: go-to-market-q1\n")
    )
    bank = add_question(new_question(), root)
    text = (root / "go-to-market.yaml").read_text()
    assert text.startswith("# go-to-market questions\ncategory: go-to-market\n")
    assert "  # keep me\n  - id: go-to-market-q1\n" in text
    assert "  - id: pricing-a-new-plan\n    text: How would you price" in text and "tags: [pricing]" in text
    assert bank.by_id("pricing-a-new-plan").difficulty == "hard"
    assert not list(root.glob(".*.tmp"))


def test_add_refuses_a_taken_id(tmp_path):
    root = small_bank(tmp_path)
    with pytest.raises(BankError, match="already taken"):
        add_question(new_question(id="product-sense-q0"), root)


def test_update_keeps_key_order_and_other_questions(tmp_path):
    root = small_bank(tmp_path)
    before = (root / "product-sense.yaml").read_text()
    question = load_bank(root).by_id("product-sense-q1")
    update_question(question.model_copy(update={"text": "What is a reworded question, really, for customers?"}), root)
    after = (root / "product-sense.yaml").read_text()
    assert after == before.replace(question.text, "What is a reworded question, really, for customers?")


def test_update_can_move_a_question_to_another_category(tmp_path):
    root = small_bank(tmp_path)
    question = load_bank(root).by_id("product-sense-q1")
    bank = update_question(question.model_copy(update={"category": "go-to-market"}), root)
    assert bank.by_id("product-sense-q1").category == "go-to-market" and bank.problems == []
    assert "product-sense-q1" not in (root / "product-sense.yaml").read_text()


def test_retire_keeps_the_question_but_not_active(tmp_path):
    root = small_bank(tmp_path)
    bank = retire_question("product-sense-q2", root)
    assert bank.by_id("product-sense-q2").status == "retired"
    assert "product-sense-q2" not in {q.id for q in bank.active}


def test_invalid_change_writes_nothing(tmp_path):
    root = small_bank(tmp_path)
    before = (root / "go-to-market.yaml").read_bytes()
    with pytest.raises(BankError, match="unknown myth id"):
        add_question(new_question(red_flags=["not-a-myth"]), root)
    assert (root / "go-to-market.yaml").read_bytes() == before


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "f.yaml"
    path.write_text("old\n")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(path, "new\n")
    assert path.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_near_duplicates(tmp_path):
    questions = load_bank(small_bank(tmp_path)).questions
    hits = near_duplicates("tell me about product sense q1 and how customers reacted", questions)
    assert hits and hits[0][0].id == "product-sense-q1" and hits[0][1] >= 85
    assert near_duplicates("How would you price a new team plan?", questions) == []
    assert all(
        q.id != "product-sense-q1"
        for q, _ in near_duplicates(hits[0][0].text, questions, exclude_id="product-sense-q1")
    )


def test_a_broken_file_is_reported_not_raised(tmp_path):
    root = small_bank(tmp_path)
    (root / "go-to-market.yaml").write_text("category: go-to-market\nquestions: [\n")
    with pytest.raises(BankError, match="fix this file first"):
        add_question(new_question(), root)


def test_old_problems_elsewhere_do_not_block_an_edit(tmp_path):
    root = small_bank(tmp_path)
    path = root / "product-sense.yaml"
    path.write_text(path.read_text().replace("difficulty: hard", "difficulty: extreme"))
    bank = add_question(new_question(), root)
    assert bank.by_id("pricing-a-new-plan") and len(bank.problems) == 1
