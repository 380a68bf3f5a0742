"""The offline grading engine: rules, word lists and small trained models; no network, no key.

It weighs what each sentence is about (customer/business or technology talk, technology in
service of a customer counting for the customer), finds asserted myths (not refuted or reported
ones), quantified results and talking-point coverage, then composes the grade. Deterministic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from pmtrainer.grading.coverage import talking_point_coverage
from pmtrainer.grading.feedback import compose_feedback
from pmtrainer.grading.highlights import assemble_highlights
from pmtrainer.grading.lexicon import lexicon
from pmtrainer.grading.myth_detection import myth_findings
from pmtrainer.grading.quantified import quantified_results
from pmtrainer.grading.sentence_model import FocusEvidence, sentence_models
from pmtrainer.grading.text import Sentence, word_count
from pmtrainer.grading.views import MODEL_SURE, SentenceView, sentence_views
from pmtrainer.models import Grade, MythFinding, Scores, Span, focus_verdict

ENGINE_NAME = "offline"
RULES_VERSION = "2.7"
MIN_WORDS = 25  # below this an answer says too little to judge
TECHNOLOGY_FIRST_MYTH = "tech-depth-wins"
# Term weight added to both sides of the lexicon ratio: a few generic words ("people", "cost")
# should not outweigh an answer whose technical words the lexicon does not know.
LEXICON_PRIOR = 2.0


class OfflineEngine:
    """Grades an answer with the rules and word lists in `pmtrainer/data/`."""

    name = ENGINE_NAME

    @property
    def version(self) -> str:
        return f"{RULES_VERSION}+lexicon.{lexicon().version}+models.{sentence_models().trained_on}"

    def grade(
        self,
        answer: str,
        question_text: str | None = None,
        talking_points: Sequence[str] = (),
    ) -> Grade:
        lex = lexicon()
        views = sentence_views(answer, sentence_models())
        words = word_count(answer)

        myths = myth_findings(answer, views, lex, question_text)
        metrics = [
            Span(quote=answer[a:b], start=a, end=b) for a, b in quantified_results(answer, [v.sentence for v in views])
        ]
        coverage = talking_point_coverage(answer, talking_points, has_result=bool(metrics)) if talking_points else None

        customer_focus = round(100 * sentence_models().customer_focus(focus_evidence(views, myths)))
        signal = [v for v in views if v.has_focus_signal]
        technology_talk = round(100 * sum(v.is_technology for v in signal) / len(signal)) if signal else 0
        evidence = min(100, 40 * len(metrics) + (20 if _has_example(answer) else 0))

        verdict = "insufficient" if words < MIN_WORDS else focus_verdict(customer_focus)

        covered_share = (
            100 * len(coverage.covered) / max(1, len(coverage.covered) + len(coverage.missed))
            if coverage
            else customer_focus
        )
        overall = 0.5 * customer_focus + 0.25 * evidence + 0.25 * covered_share - 12 * len(myths)
        if verdict == "insufficient":
            overall = min(overall, 10 + words)
        scores = Scores(customer_focus=customer_focus, technology_talk=technology_talk, evidence=evidence)
        grade = Grade(
            engine=self.name,
            engine_version=self.version,
            overall=max(0, min(100, round(overall))),
            verdict=verdict,
            scores=scores,
            myths=myths,
            metrics=metrics,
            highlights=assemble_highlights(
                answer, metrics, myths, _term_spans(views), _model_technology_sentences(views)
            ),
            feedback=[],
            coverage=coverage,
        )
        grade.feedback = compose_feedback(answer, grade, [_view_summary(v) for v in views], words)
        return grade


def focus_evidence(views: list[SentenceView], myths: list[MythFinding]) -> FocusEvidence:
    """What the answer's focus is judged on: its terms, each sentence's model logit, its myths."""
    cust = sum(v.customer_weight for v in views)
    tech = sum(v.technology_weight for v in views)
    return FocusEvidence(
        lexicon_logit=math.log((cust + LEXICON_PRIOR) / (tech + LEXICON_PRIOR)),
        sentence_logits=[(v.focus_logit, len(v.words)) for v in views],
        # Arguing that technical depth wins is technology talk, however often it names customers.
        technology_first=any(m.id == TECHNOLOGY_FIRST_MYTH for m in myths),
    )


def _view_summary(view: SentenceView) -> tuple[Sentence, bool, list[str]]:
    return view.sentence, view.is_technology, [m.text for m in view.technology]


_EXAMPLE = re.compile(
    r"\b(?:for example|for instance|when i|at my|in my (?:last|current|previous)|last (?:year|quarter)|we (?:ran|shipped|launched|built|interviewed))\b",
    re.IGNORECASE,
)


def _has_example(answer: str) -> bool:
    return bool(_EXAMPLE.search(answer))


def _model_technology_sentences(views: list[SentenceView]):
    """Sentences the focus model is sure are technology talk though the word lists found no
    technical term in them ("re-tuned the PID loops on the jacket temperature"): the whole
    sentence is the evidence, so the whole sentence is marked."""
    for view in views:
        if not view.technology and view.focus_logit <= -MODEL_SURE:
            yield "technology", view.sentence.start, view.sentence.end


def _term_spans(views: list[SentenceView]):
    for view in views:
        base = view.sentence.start
        for m in view.customer:
            yield "customer", base + m.start, base + m.end
        for m in view.technology:
            yield "technology", base + m.start, base + m.end
