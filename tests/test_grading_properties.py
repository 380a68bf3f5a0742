"""Property tests: any text up to the answer limit grades cleanly, with valid offsets, every time."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmtrainer.grading.engines import MAX_ANSWER_CHARS
from pmtrainer.grading.offline import OfflineEngine

ENGINE = OfflineEngine()
WORDS = st.sampled_from(
    [
        "customers",
        "Kafka",
        "doubled",
        "by 40%",
        "strategy",
        "I",
        "not",
        "myth",
        "sells itself",
        "\n- ",
        "from $10K to $20K",
        "engineers",
        "call the shots",
        "MBA",
        ".",
        "?",
        "!",
        ",",
        " ",
        "é",
        "🙂",
        "\u200b",
    ]
)
ANSWERS = st.one_of(
    st.text(max_size=MAX_ANSWER_CHARS),
    st.lists(WORDS, max_size=400).map(" ".join),
)


def check(answer: str) -> None:
    grade = ENGINE.grade(answer)
    for span in [*grade.myths, *grade.metrics, *grade.highlights]:
        assert 0 <= span.start <= span.end <= len(answer)
        assert answer[span.start : span.end] == span.quote
    assert 0 <= grade.overall <= 100
    for value in grade.scores.model_dump().values():
        assert 0 <= value <= 100
    assert len(grade.feedback) <= 5
    assert ENGINE.grade(answer) == grade


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS)
def test_any_text_grades_with_valid_offsets_and_ranges(answer):
    check(answer)


def test_longest_allowed_answer_grades():
    check(("Our customers doubled usage; we used Kafka. " * 500)[:MAX_ANSWER_CHARS])
