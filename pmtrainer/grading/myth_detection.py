"""Finds the myths an answer asserts: cue rules first, then the sentence models, both kept out
of refutations, negations, questions and reported speech."""

from __future__ import annotations

import re

from pmtrainer.grading.lexicon import Lexicon, lexicon
from pmtrainer.grading.views import SentenceView, sentence_views
from pmtrainer.models import MythFinding
from pmtrainer.myths import myth_catalogue

SentenceRange = tuple[int, int]  # (first, last) index of the sentences that assert a myth

# Cue patterns run only where the myth's model doesn't rule the sentence out (p >= 5%): on every
# labeled set this loses no rule finding (down to p >= 12%) and skips most regex searches.
RULE_GATE = -3.0


def rule_myth_sentences(answer: str) -> dict[str, int]:
    """Myth id -> index of the first sentence the cue rules find asserting it (training uses this)."""
    return _rule_myths(sentence_views(answer, None), lexicon())


def _rule_myths(views: list[SentenceView], lex: Lexicon) -> dict[str, int]:
    """Myth id -> index of the first sentence whose cue pattern asserts it."""
    found: dict[str, int] = {}
    for index, view in enumerate(views):
        text = view.sentence.text
        following = views[index + 1].sentence.text if index + 1 < len(views) else ""
        # The previous sentence counts for triggers: "Get an MBA. Without one, nobody hires you."
        nearby = set(view.words).union(views[index - 1].words if index else ())
        present = {term for word in nearby for term in lex.triggers.terms_of(word)}
        if not present:
            continue
        for myth_id, cues in lex.myth_cues.items():
            if myth_id in found or view.myth_logits.get(myth_id, 0.0) < RULE_GATE:
                continue
            match = next((m for c in cues.candidates(present) if (m := c.search(text))), None)
            if (
                match
                and _asserted(text, match, following, lex)
                and _scope_allows(_sibling_clauses(views, index), "", lex)
            ):
                found[myth_id] = index
    return found


def _model_myths(
    views: list[SentenceView], lex: Lexicon, found: dict[str, SentenceRange], question_text: str | None
) -> dict[str, SentenceRange]:
    """Myths the sentence models find that the rules missed, outside refutation and reported
    speech (and, for some myths, only in a claim): in one sentence or in a run of short ones."""
    units = [(index, index, view.likely_myths) for index, view in enumerate(views)]
    units += [(index, last, likely) for index, view in enumerate(views) for last, likely in view.runs]
    extra: dict[str, SentenceRange] = {}
    for first, last, likely in units:
        for myth_id in likely:
            if myth_id in found or myth_id in extra:
                continue
            text = " ".join(view.sentence.text for view in views[first : last + 1])
            following = views[last + 1].sentence.text if last + 1 < len(views) else ""
            claim = lex.claim_required.get(myth_id)
            if claim and not claim.allows(text, question_text):
                continue
            if _scope_allows(text, following, lex) and _scope_allows(_sibling_clauses(views, first), "", lex):
                extra[myth_id] = (first, last)
    return extra


def _sibling_clauses(views: list[SentenceView], index: int) -> str:
    """Up to two parts of the same written sentence just before this one, which still govern it
    ("my friend is convinced, like, ..."); what follows is judged as a next sentence is."""
    nearby = []
    i = index
    while i > 0 and index - i < 2 and views[i].sentence.continues:
        i -= 1
        nearby.append(views[i].sentence.text)
    return " ".join(nearby)


def myth_findings(
    answer: str, views: list[SentenceView], lex: Lexicon, question_text: str | None = None
) -> list[MythFinding]:
    catalogue = myth_catalogue()
    findings: list[MythFinding] = []
    asserted = {myth_id: (index, index) for myth_id, index in _rule_myths(views, lex).items()}
    asserted.update(_model_myths(views, lex, asserted, question_text))
    # Each myth is reported once, at its first assertion, in the order of the answer.
    for myth_id, (first, last) in sorted(asserted.items(), key=lambda item: item[1]):
        myth = catalogue[myth_id]
        start, end = views[first].sentence.start, views[last].sentence.end
        findings.append(
            MythFinding(
                id=myth_id,
                quote=answer[start:end],
                start=start,
                end=end,
                explanation=myth.why_red_flag,
                advice=myth.instead,
            )
        )
    return findings


_NEGATION_BEFORE = re.compile(
    r"\b(?:not|never|no|hardly|isn'?t|aren'?t|wasn'?t|don'?t|doesn'?t|won'?t|wouldn'?t|can'?t|cannot|neither|nor)"
    r"\W+(?:\w+\W+){0,3}$",
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
    # A refutation cue frames the match wherever it sits, also across its edge ("less about |the
    # salary|"); one wholly inside the match frames it too ("I used to think the PM was the
    # boss") unless the pattern holds its negation on purpose.
    negation_kept = "(?#neg)" in match.re.pattern and "myth" not in match.group().lower()
    for cue in lex.refutation.finditer(text):
        if not (negation_kept and match.start() <= cue.start() and cue.end() <= match.end()):
            return False
    reported = lex.reported_speech.search(text)
    # "...matters less than people believe" compares with a belief; it doesn't report one.
    if reported and not text[: reported.start()].lower().endswith("than ") and not _AGREEMENT.search(text):
        return False
    return _scope_allows(text, following, lex, whole_sentence=False)


def _scope_allows(text: str, following: str, lex: Lexicon, *, whole_sentence: bool = True) -> bool:
    """False for a question, a refuted or reported sentence, or one the next sentence rejects."""
    if whole_sentence:
        if lex.refutation.search(text):
            return False
        reported = lex.reported_speech.search(text)
        if reported and not _AGREEMENT.search(text):
            return False
    return not (text.rstrip().endswith("?") or lex.rejection_openers.search(following))
