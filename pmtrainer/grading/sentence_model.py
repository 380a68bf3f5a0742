"""Small linear sentence classifiers, trained at build time on shipped data (`pmtrainer.training`).

One model per myth ("does this sentence assert it?") and one for focus ("is this sentence
customer/business talk or technology talk?"). Weights live in `data/sentence_models.json`;
scoring a sentence is one dictionary lookup per feature, so it is fast and deterministic.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from pmtrainer.paths import DATA_DIR

MODELS_PATH = DATA_DIR / "sentence_models.json"
FEATURES_VERSION = "4"
LONG_SENTENCE_WORDS = 1000

# Contractions split into words the models can share: "don't" -> do + not, "i'd" -> i + would.
_CONTRACTIONS = {"n't": "not", "'d": "would", "'ll": "will", "'m": "am", "'re": "are", "'ve": "have"}
_CONTRACTION_HEADS = {"ca": "can", "wo": "will", "sha": "shall"}  # can't, won't, shan't
# Chat style drops the apostrophe: "doesnt", "wouldnt" negate as "doesn't" does.
_BARE_NEGATIONS = {
    f"{head}nt": head for head in "do does did is are was were has have had would could should must need ca wo".split()
}
# A product marketing manager's myths read as a product manager's: "the PMM sets the direction".
_ROLE_WORDS = {"pmm": "pm", "pmms": "pms", "pmm's": "pm's"}
_NEGATIONS = frozenset({"not", "no", "never", "nobody", "nothing", "neither", "nor", "without", "hardly"})
FUNCTION_WORDS = frozenset(
    "a an the and or but so if then than that this these those it its is am are was were be been being "
    "to of in on at for with by from as into about up out over i me my we our us you your he she they them "
    "their his her do doe did have ha had will would can could should shall may might must just also very "
    "really there here what which who whom how when where why all any some one".split()
)
_STEM_MEMO: dict[str, tuple[str, ...]] = {}


def _stems(word: str) -> tuple[str, ...]:
    """`word` (lower-case) as normalised stems: contractions split, plural/verb endings cut."""
    known = _STEM_MEMO.get(word)
    if known is not None:
        return known
    out: list[str] = []
    base = word.strip("'.-/")
    base = _ROLE_WORDS.get(base, base)
    if base.endswith("'s"):
        base = base[:-2]
    if base in _BARE_NEGATIONS:
        out.extend([_CONTRACTION_HEADS.get(_BARE_NEGATIONS[base], _BARE_NEGATIONS[base]), "not"])
    else:
        for ending, expansion in _CONTRACTIONS.items():
            if base.endswith(ending) and len(base) > len(ending):
                head = base[: -len(ending)]
                out.append(_CONTRACTION_HEADS.get(head, head))
                out.append(expansion)
                break
        else:
            out.append(_cut(base))
    if len(_STEM_MEMO) < 100_000:
        _STEM_MEMO[word] = tuple(out)
    return tuple(out)


def _cut(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def sentence_features(words: list[str], topics: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Features of one sentence: stems, stem pairs, negation, and the myth topics its words touch."""
    stems: list[str] = []
    for word in words:
        stems.extend(_stems(word))
    # Function words carry meaning only in pairs ("do not", "will be"), so alone they are dropped.
    features = [s for s in stems if s not in FUNCTION_WORDS]
    features += [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
    if _NEGATIONS.intersection(stems):
        features.append("<neg>")
    if len(stems) <= 6:
        features.append("<short>")
    features.extend(f"<topic:{topic}>" for topic in topics)
    return features


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression over binary features; `weights` holds only the non-zero ones."""

    bias: float
    weights: dict[str, float]

    def logit(self, features: set[str] | list[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in set(features))

    def probability(self, features: set[str] | list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.logit(features)))))


@dataclass(frozen=True)
class FocusEvidence:
    """What an answer's focus is judged on."""

    lexicon_logit: float  # log of customer vs technology term weight in the whole answer
    sentence_logits: list[tuple[float, int]]  # the focus model's logit and word count per sentence
    technology_first: bool  # the answer asserts that technical depth is what wins


@dataclass(frozen=True)
class SentenceModels:
    myths: dict[str, LinearModel]
    myth_threshold: float
    focus: LinearModel  # positive class: customer/business talk
    focus_blend: tuple[float, ...]  # weights of `focus_inputs` and then the bias
    trained_on: str  # digest of the training data, to tell when the weights are stale

    def __post_init__(self) -> None:
        # feature -> every model's weight for it (myths in catalogue order, then focus), so a
        # sentence is scored by summing a few rows in C rather than one weight at a time.
        models = [*self.myths.values(), self.focus]
        rows: dict[str, list[float]] = {}
        for position, model in enumerate(models):
            for feature, weight in model.weights.items():
                rows.setdefault(feature, [0.0] * len(models))[position] = weight
        object.__setattr__(self, "_rows", {feature: tuple(row) for feature, row in rows.items()})
        object.__setattr__(self, "_biases", tuple(model.bias for model in models))
        object.__setattr__(self, "_myth_cut", math.log(self.myth_threshold / (1 - self.myth_threshold)))

    def score(self, features: set[str]) -> tuple[float, list[float]]:
        """The sentence's focus logit (customer > 0) and its logit for each myth, in catalogue order."""
        get = self._rows.get  # type: ignore[attr-defined]
        rows = [row for feature in features if (row := get(feature)) is not None]
        biases = self._biases  # type: ignore[attr-defined]
        logits = (
            [bias + sum(column) for bias, column in zip(biases, zip(*rows, strict=True), strict=True)]
            if rows
            else list(biases)
        )
        focus = logits.pop()
        return focus, logits

    def likely_myths(self, myth_logits: list[float], words: int) -> list[str]:
        """Myths a sentence most likely asserts, surest first, if their models are sure enough.

        Sentences asserting one myth share words with the others ("I want", "as a PM"), so a
        sentence yields one myth; a long run-on sentence may hold two.
        """
        ranked = sorted(zip(myth_logits, self.myths, strict=False), reverse=True)
        sure = [myth_id for logit, myth_id in ranked if logit >= self._myth_cut]  # type: ignore[attr-defined]
        return sure[: 2 if words >= LONG_SENTENCE_WORDS else 1]

    @staticmethod
    def focus_inputs(evidence: FocusEvidence) -> list[float]:
        """The answer-level inputs of the focus blend: lexicon logit, mean sentence logit, myth flag."""
        words = sum(n for _, n in evidence.sentence_logits)
        clipped = (max(-4.0, min(4.0, z)) * n for z, n in evidence.sentence_logits)
        mean = sum(clipped) / words if words else 0.0
        return [evidence.lexicon_logit, mean, float(evidence.technology_first)]

    def customer_focus(self, evidence: FocusEvidence) -> float:
        """P(the answer is customer-focused rather than technology talk)."""
        inputs = [*self.focus_inputs(evidence), 1.0]
        z = sum(w * x for w, x in zip(self.focus_blend, inputs, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _model(raw: dict) -> LinearModel:
    return LinearModel(bias=float(raw["bias"]), weights={k: float(v) for k, v in raw["weights"].items()})


def parse_models(raw: dict) -> SentenceModels:
    return SentenceModels(
        myths={myth_id: _model(m) for myth_id, m in raw["myths"].items()},
        myth_threshold=float(raw["myth_threshold"]),
        focus=_model(raw["focus"]),
        focus_blend=tuple(float(x) for x in raw["focus_blend"]),
        trained_on=str(raw["trained_on"]),
    )


@cache
def sentence_models() -> SentenceModels:
    return parse_models(json.loads(MODELS_PATH.read_text(encoding="utf-8")))
