"""Sentences with the evidence each holds: lexicon terms, myth topics and the sentence models' scores."""

from __future__ import annotations

from dataclasses import dataclass, field

from pmtrainer.grading.lexicon import Lexicon, lexicon
from pmtrainer.grading.sentence_model import SentenceModels, sentence_features
from pmtrainer.grading.terms import TOKEN, TermMatch, lower_words
from pmtrainer.grading.text import Sentence, sentences, word_count

MODEL_SURE = 1.0  # a focus logit this far from 0 (about 3:1 odds) settles what a sentence is about
# Terse speakers spread one belief over short sentences ("Certified now. Job done, basically."),
# so the myth models also read each run of two or three sentences that together are no longer
# than an ordinary sentence.
RUN_WORDS = 20


@dataclass
class SentenceView:
    """One sentence with the evidence found in it."""

    sentence: Sentence
    words: list[str] = field(default_factory=list)  # lower-cased tokens
    customer: list[TermMatch] = field(default_factory=list)
    technology: list[TermMatch] = field(default_factory=list)
    focus_logit: float = 0.0  # the focus model's verdict: > 0 customer/business talk
    myth_logits: dict[str, float] = field(default_factory=dict)  # per myth: > 0 leans "asserts it"
    likely_myths: list[str] = field(default_factory=list)  # the myth models' surest guesses
    # (index of the run's last sentence, the myths the models find in the run from this sentence)
    runs: list[tuple[int, list[str]]] = field(default_factory=list)
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
        """Technology talk: the focus model is sure of it, or the terms lean technical and the
        model doesn't object (it knows jargon the word lists lack: "reboiler", "gate drive")."""
        terms_say = self.technology_weight > self.customer_weight
        return self.focus_logit <= -MODEL_SURE or (terms_say and self.focus_logit < MODEL_SURE)

    @property
    def has_focus_signal(self) -> bool:
        """Whether the sentence says anything about customers or technology at all."""
        return bool(self.customer or self.technology) or abs(self.focus_logit) >= MODEL_SURE


def sentence_views(answer: str, models: SentenceModels | None) -> list[SentenceView]:
    """The answer's sentences with their evidence; `models` (if given) score each sentence."""
    lex = lexicon()
    found = sentences(answer)
    views = [_view(s, lex, models) for s in found]
    if models is not None:
        for first, last, text in short_runs(answer, found):
            words = lower_words(list(TOKEN.finditer(text)))
            _, logits = models.score(set(model_features(words, lex)))
            views[first].runs.append((last, models.likely_myths(logits, len(words))))
    return views


def short_runs(answer: str, found: list[Sentence]):
    """(first, last, text) of every run of 2-3 consecutive sentences with at most RUN_WORDS words."""
    counts = [word_count(s.text) for s in found]
    for first in range(len(found)):
        total = counts[first]
        for last in range(first + 1, min(first + 3, len(found))):
            total += counts[last]
            if total > RUN_WORDS:
                break
            yield first, last, answer[found[first].start : found[last].end]


def _view(sentence: Sentence, lex: Lexicon, models: SentenceModels | None) -> SentenceView:
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
    if models is not None:
        view.focus_logit, logits = models.score(set(model_features(words, lex)))
        view.myth_logits = dict(zip(models.myths, logits, strict=True))
        view.likely_myths = models.likely_myths(logits, len(words))
    return view


def model_features(words: list[str], lex: Lexicon) -> list[str]:
    """The sentence models' features of a sentence's lower-cased words; training uses this too."""
    return sentence_features(words, lex.myth_topics(words))
