"""Grading: one interface over the offline and OpenAI engines, plus the input checks."""

from pmtrainer.grading.engines import (
    ENGINES,
    AnswerError,
    GradingEngine,
    get_engine,
    grade_answer,
    validate_answer,
)

__all__ = ["ENGINES", "AnswerError", "GradingEngine", "get_engine", "grade_answer", "validate_answer"]
