"""Spoken answers: run-on sentences are judged clause by clause, and a clause stays governed by
the refutation or reported speech around it in the same sentence."""

from pmtrainer.grading import grade_answer
from pmtrainer.grading.text import RUN_ON_WORDS, sentences

SPOKEN_TECHNOLOGY = (
    "sure, so the big one was moving our nightly batch jobs to streaming, we had Airflow kicking off Spark "
    "at two in the morning, and I rebuilt it around Kafka and Flink with change data capture off the Postgres "
    "replicas, so the Flink jobs do the windowed aggregates and write into ClickHouse, and the tricky bit was "
    "exactly-once delivery into the sink, so we used two-phase commit with idempotent writes keyed on the "
    "offset, and then we chaos-tested broker failover and killed task managers mid-checkpoint until recovery "
    "was clean, and it's been running on version two of the pipeline since spring"
)


def test_a_run_on_sentence_is_cut_into_clauses_that_quote_the_answer():
    parts = sentences(SPOKEN_TECHNOLOGY)
    assert len(SPOKEN_TECHNOLOGY.split()) >= RUN_ON_WORDS
    assert len(parts) >= 4
    assert all(SPOKEN_TECHNOLOGY[p.start : p.end] == p.text for p in parts)
    assert not parts[0].continues and all(p.continues for p in parts[1:])


def test_a_written_sentence_is_left_whole():
    text = "We interviewed twelve clinic managers, and the scheduling problem came up in every call."
    assert [s.text for s in sentences(text)] == [text]


def test_what_follows_a_semicolon_continues_the_sentence():
    first, second = sentences("Plenty of engineers assume product pays more; it mostly doesn't at first.")
    assert not first.continues and second.continues


def test_a_long_spoken_technology_answer_reads_as_technology_talk():
    # As one 100-word bag of words it scored customer-focused; clause by clause it is what it is.
    assert grade_answer(SPOKEN_TECHNOLOGY).verdict == "technology-heavy"


def test_reported_belief_governs_the_next_clause_of_a_run_on_sentence():
    answer = (
        "not a ton, but some, my cofounder on a side project was convinced, like, completely convinced, that we "
        "didn't need to market the invoicing tool at all, that if it was good enough freelancers would just find "
        "it on their own, and I pushed to at least try, so I wrote a handful of guides for translators and posted "
        "them in the communities they hang out in, and that's where nearly all our signups came from"
    )
    assert grade_answer(answer).myths == []


def test_an_ironic_claim_rejected_after_a_semicolon_is_not_a_myth():
    answer = (
        "Not the visionary part, if that's what you expect. Yes, I'd love to spend my days drawing three-year "
        "roadmaps while someone else ships them; but that isn't the job. What appeals to me is "
        "the release train: the branch cut, the regression suite and the staged rollout."
    )
    assert grade_answer(answer).myths == []


def test_a_past_belief_swallowed_by_a_cue_pattern_is_not_asserted():
    answer = (
        "I used to think of the PM as the engineers' boss, which said more about my old teams than the role. "
        "Now I see the tech lead and the PM working as a pair, each owning their calls."
    )
    assert [m.id for m in grade_answer(answer).myths] == []


def test_a_myth_in_a_clause_of_a_run_on_sentence_is_still_found():
    answer = (
        "so yeah I've been on the payments backend for nine years, mostly Java and Kafka, I know the ledger and "
        "the settlement jobs better than anyone, and honestly the reason I'm moving is the money, product managers "
        "here make a lot more than staff engineers and the ceiling is higher, so that's the big factor for me, "
        "plus I'd like to be closer to the merchants who actually use the thing"
    )
    assert "pm-pays-more" in [m.id for m in grade_answer(answer).myths]
