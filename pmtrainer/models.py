"""The data shapes every part of pmtrainer shares: questions, myths and the grade contract.

The `Grade` model is the grading contract that the CLI, the store, the UI and both engines
depend on; change it only by adding optional fields.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Verdict = Literal["customer-focused", "balanced", "technology-heavy", "insufficient"]
HighlightLabel = Literal["customer", "technology", "myth", "metric"]
Difficulty = Literal["easy", "medium", "hard"]


def focus_verdict(customer_focus: int) -> Verdict:
    """What a `customer_focus` score (0-100) reads as, for an answer long enough to judge."""
    if customer_focus >= 60:
        return "customer-focused"
    if customer_focus <= 40:
        return "technology-heavy"
    return "balanced"


SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Span(BaseModel):
    """A piece of the answer: `answer[start:end] == quote`."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError("span end before start")
        return self


class Highlight(Span):
    label: HighlightLabel


class MythFinding(Span):
    id: str
    explanation: str
    advice: str


class Scores(BaseModel):
    """Sub-scores, 0-100. `customer_focus` is higher for more customer-focused answers."""

    customer_focus: int = Field(ge=0, le=100)
    technology_talk: int = Field(ge=0, le=100)
    evidence: int = Field(ge=0, le=100)


class Coverage(BaseModel):
    """Which of a bank question's talking points the answer covered."""

    covered: list[str] = []
    missed: list[str] = []


class Fallback(BaseModel):
    """Set when the requested engine failed and another one produced the grade."""

    model_config = ConfigDict(populate_by_name=True)

    from_engine: str = Field(alias="from")
    reason: str


class Grade(BaseModel):
    """The grade of one answer: the stable JSON contract (see README, 'Grading contract')."""

    model_config = ConfigDict(populate_by_name=True)

    engine: str
    engine_version: str
    overall: int = Field(ge=0, le=100)
    verdict: Verdict
    scores: Scores
    myths: list[MythFinding] = []
    metrics: list[Span] = []
    highlights: list[Highlight] = []
    feedback: list[str] = Field(default_factory=list, max_length=5)
    coverage: Coverage | None = None
    fallback: Fallback | None = None
    usage: dict | None = None  # {prompt_tokens, completion_tokens, cost_usd, cached} for model engines
    model: str | None = None  # the model a model engine asked
    prompt: str | None = None  # the prompt file it used, e.g. "grade_answer.v1"

    def to_json_dict(self) -> dict:
        """The grade as plain JSON data, optional fields left out when empty."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class Myth(BaseModel):
    """One entry of the myth catalogue (`pmtrainer/data/myths.yaml`)."""

    id: str = Field(pattern=SLUG)
    title: str
    description: str
    why_red_flag: str
    instead: str
    source: str


class Question(BaseModel):
    """A bank question. `category` comes from the file the question lives in."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG)
    text: str = Field(min_length=10)
    category: str = Field(pattern=SLUG)
    difficulty: Difficulty
    tags: list[str] = []
    talking_points: list[str] = Field(min_length=3)
    red_flags: list[str] = Field(min_length=1)
    follow_ups: list[str] = []
    time_limit_s: int | None = Field(default=None, ge=30, le=3600)
    source: str = "general"
    status: Literal["active", "retired"] = "active"
