"""The one grading interface: check the answer, pick an engine, fall back to offline on failure."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Protocol

from pmtrainer.models import Fallback, Grade, Question

MAX_ANSWER_CHARS = 20_000

# Engine name -> "module:class". Imported lazily so the offline path never loads the openai SDK.
ENGINES = {
    "offline": "pmtrainer.grading.offline:OfflineEngine",
    "openai": "pmtrainer.grading.openai_engine:OpenAIEngine",
}


class AnswerError(ValueError):
    """An answer that cannot be graded (empty, too long); the message is for the user."""


class EngineError(RuntimeError):
    """An engine could not produce a valid grade; the message says why, without secrets."""


class GradingEngine(Protocol):
    name: str

    @property
    def version(self) -> str: ...

    def grade(self, answer: str, question_text: str | None = None, talking_points: Sequence[str] = ()) -> Grade: ...


def validate_answer(answer: str) -> str:
    """Return the answer unchanged, or raise AnswerError with a message a user can act on."""
    if not answer or not answer.strip():
        raise AnswerError("The answer is empty: type an answer before grading.")
    if len(answer) > MAX_ANSWER_CHARS:
        raise AnswerError(
            f"The answer is {len(answer):,} characters; the limit is {MAX_ANSWER_CHARS:,}. "
            "Shorten it (interview answers run to a few hundred words) and grade again."
        )
    return answer


def get_engine(name: str = "offline", **options) -> GradingEngine:
    """An engine by name; unknown names fail with the list of known ones."""
    if name not in ENGINES:
        raise ValueError(f"Unknown engine {name!r}; choose one of: {', '.join(ENGINES)}.")
    module_name, class_name = ENGINES[name].split(":")
    engine_class = getattr(importlib.import_module(module_name), class_name)
    return engine_class(**options)


def grade_answer(
    answer: str,
    question: Question | None = None,
    *,
    question_text: str | None = None,
    engine: str | GradingEngine = "offline",
) -> Grade:
    """Grade `answer` with `engine`; if a non-offline engine fails, grade offline and say so."""
    validate_answer(answer)
    text = question.text if question else question_text
    points = question.talking_points if question else ()
    chosen = get_engine(engine) if isinstance(engine, str) else engine
    try:
        return chosen.grade(answer, text, points)
    except EngineError as error:
        if chosen.name == "offline":
            raise
        grade = get_engine("offline").grade(answer, text, points)
        grade.fallback = Fallback(from_engine=chosen.name, reason=str(error))
        return grade
