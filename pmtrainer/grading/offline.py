"""The offline grading engine: deterministic rules over sentences, no network, no key.

It weighs each sentence as customer/business talk or technology talk (technology in service
of a customer outcome counts for the customer), finds asserted myths (not refuted or reported
ones), quantified results and talking-point coverage, then composes the grade.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pmtrainer.grading.coverage import talking_point_coverage
from pmtrainer.grading.feedback import compose_feedback
from pmtrainer.grading.highlights import assemble_highlights
from pmtrainer.grading.lexicon import Lexicon, lexicon
from pmtrainer.grading.quantified import quantified_results
from pmtrainer.grading.terms import TOKEN, TermMatch, lower_words
from pmtrainer.grading.text import Sentence, sentences, word_count
from pmtrainer.models import Grade, MythFinding, Scores, Span
from pmtrainer.myths import myth_catalogue

ENGINE_NAME = "offline"
RULES_VERSION = "1.1"
MIN_WORDS = 25  # below this an answer says too little to judge


@dataclass
class SentenceView:
    """One sentence with the evidence found in it."""

    sentence: Sentence
    words: list[str] = field(default_factory=list)  # lower-cased tokens
    customer: list[TermMatch] = field(default_factory=list)
    technology: list[TermMatch] = field(default_factory=list)
    in_service: bool = False

    @property
    def customer_weight(self) -> float:
        weight = min(len(self.customer), 3)
        if self.in_service:
            weight += min(len(self.technology), 3)
        return float(weight)

    @property
    def technology_weight(self) -> float:
        weight = float(min(len(self.technology), 3))
        return weight * 0.25 if self.in_service else weight

    @property
    def is_technology(self) -> bool:
        return self.technology_weight > self.customer_weight


class OfflineEngine:
    """Grades an answer with the rules and word lists in `pmtrainer/data/`."""

    name = ENGINE_NAME

    @property
    def version(self) -> str:
        return f"{RULES_VERSION}+lexicon.{lexicon().version}"

    def grade(
        self,
        answer: str,
        question_text: str | None = None,
        talking_points: Sequence[str] = (),
    ) -> Grade:
        lex = lexicon()
        views = [_view(s, lex) for s in sentences(answer)]
        words = word_count(answer)

        myths = _myth_findings(views, lex)
        metrics = [
            Span(quote=answer[a:b], start=a, end=b) for a, b in quantified_results(answer, [v.sentence for v in views])
        ]
        coverage = talking_point_coverage(answer, talking_points, has_result=bool(metrics)) if talking_points else None

        cust = sum(v.customer_weight for v in views)
        tech = sum(v.technology_weight for v in views)
        customer_focus = round(100 * (cust + 0.5) / (cust + tech + 1))
        signal = [v for v in views if v.customer or v.technology]
        technology_talk = round(100 * sum(v.is_technology for v in signal) / len(signal)) if signal else 0
        evidence = min(100, 40 * len(metrics) + (20 if _has_example(answer) else 0))

        if words < MIN_WORDS:
            verdict = "insufficient"
        elif customer_focus >= 60:
            verdict = "customer-focused"
        elif customer_focus <= 40:
            verdict = "technology-heavy"
        else:
            verdict = "balanced"

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
            highlights=assemble_highlights(answer, metrics, myths, _term_spans(views)),
            feedback=[],
            coverage=coverage,
        )
        grade.feedback = compose_feedback(answer, grade, [_view_summary(v) for v in views], words)
        return grade


def _view(sentence: Sentence, lex: Lexicon) -> SentenceView:
    tokens = list(TOKEN.finditer(sentence.text))
    words = lower_words(tokens)
    view = SentenceView(
        sentence=sentence,
        words=words,
        customer=lex.customer.find(sentence.text, tokens, words),
        technology=lex.technology.find(sentence.text, tokens, words),
    )
    if view.customer and view.technology and lex.service_linkers.search(sentence.text):
        view.in_service = True
    return view


def _view_summary(view: SentenceView) -> tuple[Sentence, bool, list[str]]:
    return view.sentence, view.is_technology, [m.text for m in view.technology]


def _myth_findings(views: list[SentenceView], lex: Lexicon) -> list[MythFinding]:
    catalogue = myth_catalogue()
    findings: list[MythFinding] = []
    found_ids: set[str] = set()  # each myth is reported once, at its first assertion
    for index, view in enumerate(views):
        text = view.sentence.text
        following = views[index + 1].sentence.text if index + 1 < len(views) else ""
        # The previous sentence counts for triggers: "Get an MBA. Without one, nobody hires you."
        nearby = set(view.words).union(views[index - 1].words if index else ())
        present = {term for word in nearby for term in lex.triggers.terms_of(word)}
        if not present:
            continue
        for myth_id, cues in lex.myth_cues.items():
            if myth_id in found_ids:
                continue
            match = next((m for c in cues.candidates(present) if (m := c.search(text))), None)
            if not match or not _asserted(text, match, following, lex):
                continue
            found_ids.add(myth_id)
            myth = catalogue[myth_id]
            s = view.sentence
            findings.append(
                MythFinding(
                    id=myth_id,
                    quote=s.text,
                    start=s.start,
                    end=s.end,
                    explanation=myth.why_red_flag,
                    advice=myth.instead,
                )
            )
    return findings


_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no|hardly|isn't|aren't|wasn't|don't|doesn't|won't|wouldn't|can't|cannot|neither|nor)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
_INNER_NEGATION = re.compile(
    r"\b(?:not|never|rather than|instead of)\b|n't\b|\b(?:dont|wont|doesnt|cant)\b", re.IGNORECASE
)
_AGREEMENT = re.compile(
    r"\b(?:and i agree|i agree|they're right|they are right|which is true|and it's true|rightly)\b", re.IGNORECASE
)


def _asserted(text: str, match: re.Match[str], following: str, lex: Lexicon) -> bool:
    """False when the sentence refutes, negates or reports someone else's belief."""
    if _NEGATION_BEFORE.search(text[: match.start()]) and not match.group().lower().startswith(
        ("no ", "don't", "doesn't", "won't", "never", "not ")
    ):
        return False
    # Patterns marked (?#neg) contain their negation on purpose ("no need for marketing");
    # in any other a negation inside the match flips it ("a certificate won't make you a PM").
    if "(?#neg)" not in match.re.pattern and _INNER_NEGATION.search(match.group().split(None, 1)[-1]):
        return False
    outside = text[: match.start()] + " " + text[match.end() :]
    if lex.refutation.search(outside) or lex.refutation.search(match.group()) and "myth" in match.group().lower():
        return False
    reported = lex.reported_speech.search(text)
    # "...matters less than people believe" compares with a belief; it doesn't report one.
    if reported and not text[: reported.start()].lower().endswith("than ") and not _AGREEMENT.search(text):
        return False
    if text.rstrip().endswith("?") or lex.rejection_openers.search(following):
        return False
    return True


_EXAMPLE = re.compile(
    r"\b(?:for example|for instance|when i|at my|in my (?:last|current|previous)|last (?:year|quarter)|we (?:ran|shipped|launched|built|interviewed))\b",
    re.IGNORECASE,
)


def _has_example(answer: str) -> bool:
    return bool(_EXAMPLE.search(answer))


def _term_spans(views: list[SentenceView]):
    for view in views:
        base = view.sentence.start
        for m in view.customer:
            yield "customer", base + m.start, base + m.end
        for m in view.technology:
            yield "technology", base + m.start, base + m.end
