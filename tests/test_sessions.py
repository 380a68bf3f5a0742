"""Mock sessions in the library: question mix, drafts that survive, answers stored, report card."""

from __future__ import annotations

import random

import pytest

from pmtrainer.bank import load_bank
from pmtrainer.grading import AnswerError
from pmtrainer.report_card import build_report_card, report_markdown
from pmtrainer.sessions import (
    SessionMovedOn,
    begin_question,
    load_session,
    open_sessions,
    pick_questions,
    save_draft,
    session_attempts,
    start_session,
    submit_answer,
)
from pmtrainer.store import Store
from tests.conftest import CUSTOMER_ANSWER, TECH_ANSWER
from tests.small_bank import write_bank

MYTH_ANSWER = "A good product sells itself, so I would build it on Kubernetes with Kafka and ship fast."


@pytest.fixture
def bank(tmp_path):
    return load_bank(write_bank(tmp_path / "bank"))


def test_pick_questions_spreads_over_the_chosen_categories(bank):
    picked = pick_questions(bank.questions, 4, ["go-to-market", "career-transition"], random.Random(1))
    assert len({q.id for q in picked}) == 4
    assert sorted(q.category for q in picked) == ["career-transition"] * 2 + ["go-to-market"] * 2
    assert all(q.category == "go-to-market" for q in pick_questions(bank.questions, 3, ["go-to-market"]))


def test_draft_survives_reopening_the_store(bank, store, tmp_path):
    session = start_session(store, pick_questions(bank.questions, 3), profile="ana", categories=[])
    begin_question(store, session)
    save_draft(store, session.id, 0, "half-typed answer")
    reopened = Store(store.path)
    again = load_session(reopened, session.id)
    assert again.position == 0 and begin_question(reopened, again)["draft"] == "half-typed answer"
    assert [s.id for s in open_sessions(reopened, "ana")] == [session.id]


def test_full_session_stores_attempts_and_builds_the_report_card(bank, store):
    session = start_session(store, pick_questions(bank.questions, 3), profile="ana")
    for answer in (CUSTOMER_ANSWER, TECH_ANSWER, MYTH_ANSWER):
        question = bank.by_id(session.current_question_id)
        begin_question(store, session)
        submit_answer(store, session, question, answer)
    assert session.finished and load_session(store, session.id).finished
    assert open_sessions(store, "ana") == []
    rows = session_attempts(store, session.id)
    assert [r["answer"] for r in rows] == [CUSTOMER_ANSWER, TECH_ANSWER, MYTH_ANSWER]
    assert {r["session_id"] for r in rows} == {session.id} and all(r["status"] == "graded" for r in rows)

    card = build_report_card(session.id, rows)
    assert card.strongest.answer == CUSTOMER_ANSWER
    assert card.redo_first.answer in (TECH_ANSWER, MYTH_ANSWER)
    assert card.overall == round(sum(r["overall"] for r in rows) / 3)
    assert "Technology talk in 2 of 3 answers." in card.patterns
    assert "No quantified result in 2 of 3 answers." in card.patterns
    assert any("sells itself" in p.lower() for p in card.patterns)
    markdown = report_markdown(card)
    assert markdown.startswith("# Mock interview report") and "## Patterns" in markdown and "Q3." in markdown


def test_empty_answer_is_refused_and_nothing_advances(bank, store):
    session = start_session(store, pick_questions(bank.questions, 3))
    with pytest.raises(AnswerError):
        submit_answer(store, session, bank.by_id(session.current_question_id), "   ")
    assert load_session(store, session.id).position == 0


def test_a_second_tab_cannot_answer_the_same_question_twice(bank, store):
    session = start_session(store, pick_questions(bank.questions, 3))
    other_tab = load_session(store, session.id)
    question = bank.by_id(session.current_question_id)
    submit_answer(store, session, question, CUSTOMER_ANSWER)
    with pytest.raises(SessionMovedOn):
        submit_answer(store, other_tab, question, TECH_ANSWER)
    assert load_session(store, session.id).position == 1
    assert [r["answer"] for r in session_attempts(store, session.id)] == [CUSTOMER_ANSWER]


def test_report_card_tells_short_answers_apart_from_technology_heavy_ones(bank, store):
    session = start_session(store, pick_questions(bank.questions, 3), profile="ana")
    for answer in ("Customers first, always.", TECH_ANSWER, CUSTOMER_ANSWER):
        question = bank.by_id(session.current_question_id)
        begin_question(store, session)
        submit_answer(store, session, question, answer)
    card = build_report_card(session.id, session_attempts(store, session.id))
    assert "Technology-heavy: 1 of 3 answers." in card.patterns
    assert any(p.startswith("Too short to judge: 1 of 3 answers") for p in card.patterns)
