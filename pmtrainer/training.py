"""Trains the offline engine's sentence models from shipped data: `python -m pmtrainer train`.

Training data: sentences written for the purpose (`data/training/*.jsonl`) and the sentences
of the labeled answers' train and dev splits; the test split is never read. Training is plain
L2-regularised logistic regression by full-batch gradient descent, so it is deterministic.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np

from pmtrainer.grading.lexicon import lexicon, lexicon_data
from pmtrainer.grading.sentence_model import (
    FEATURES_VERSION,
    MODELS_PATH,
    FocusEvidence,
    LinearModel,
    SentenceModels,
    parse_models,
)
from pmtrainer.grading.terms import TOKEN, lower_words
from pmtrainer.grading.text import sentences
from pmtrainer.grading.views import model_features, short_runs
from pmtrainer.myths import myth_ids
from pmtrainer.paths import DATA_DIR, ROOT

TRAINING_DIR = DATA_DIR / "training"
ANSWER_SETS = (ROOT / "tests" / "data" / "labeled_answers.jsonl", ROOT / "tests" / "data" / "labeled_dev.jsonl")
TRAIN_SPLITS = frozenset({"train", "dev"})
MYTH_THRESHOLD = 0.75
# Asserting sentences are few among thousands of others; weighting them up keeps recall, and
# hard negatives (the myth's topic refuted, reported or negated) weigh more than plain ones.
POSITIVE_WEIGHT = 5.0
HARD_NEGATIVE_WEIGHT = 2.0
# A labeled answer's sentences teach focus at this weight (a written sentence weighs 1).
ANSWER_SENTENCE_WEIGHT = 0.3
PRUNE_BELOW = 0.1  # smaller weights change no decision and only slow loading


@dataclass
class Example:
    features: list[str]
    label: float
    weight: float = 1.0


@cache
def _features(text: str) -> list[str]:
    words = lower_words(list(TOKEN.finditer(text)))
    return model_features(words, lexicon())


def _read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSONL file; a malformed line raises ValueError naming `file:line`."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{number}: expected a JSON object")
        rows.append(row)
    return rows


def training_answers() -> list[dict]:
    """Labeled answers of the train and dev splits (never the test split)."""
    return [row for path in ANSWER_SETS for row in _read_jsonl(path) if row.get("split") in TRAIN_SPLITS]


def training_digest() -> str:
    """A digest of every input that shapes the weights, to tell when the shipped file is stale."""
    digest = hashlib.sha256(FEATURES_VERSION.encode())
    for path in [*sorted(TRAINING_DIR.glob("*.jsonl")), *ANSWER_SETS, DATA_DIR / "lexicon.yaml"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fit_logistic(
    examples: list[Example], *, l2: float = 1.0, min_count: int = 2, steps: int = 600
) -> tuple[float, dict[str, float]]:
    """Bias and non-zero weights of an L2 logistic regression over binary features."""
    counts: dict[str, int] = {}
    for example in examples:
        for feature in set(example.features):
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols = [], []
    for row, example in enumerate(examples):
        for col in sorted({index[f] for f in example.features if f in index}):
            rows.append(row)
            cols.append(col)
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    y = np.array([e.label for e in examples])
    sample_weight = np.array([e.weight for e in examples])
    sample_weight = sample_weight / sample_weight.sum()
    n, d = len(examples), len(vocabulary)
    w, b = np.zeros(d), 0.0
    velocity_w, velocity_b = np.zeros(d), 0.0
    rate, momentum = 2.0, 0.9
    reg = l2 / n
    for _ in range(steps):
        # Nesterov momentum: evaluate the gradient at the look-ahead point.
        look_w, look_b = w + momentum * velocity_w, b + momentum * velocity_b
        z = np.bincount(rows_a, weights=look_w[cols_a], minlength=n) + look_b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        residual = (p - y) * sample_weight
        grad_w = np.bincount(cols_a, weights=residual[rows_a], minlength=d) + reg * look_w
        grad_b = residual.sum()
        velocity_w = momentum * velocity_w - rate * grad_w
        velocity_b = momentum * velocity_b - rate * grad_b
        w, b = w + velocity_w, b + velocity_b
    weights = {f: round(float(v), 3) for f, v in zip(vocabulary, w, strict=True) if abs(v) >= PRUNE_BELOW}
    return round(float(b), 3), weights


def myth_examples(myth_id: str, first_pass: LinearModel | None = None) -> list[Example]:
    """Sentences asserting `myth_id` (label 1) and sentences that don't (label 0).

    In a labeled answer that holds the myth, the asserting sentence is the one the cue rules
    point at or, where they miss it, the one a `first_pass` model finds likeliest.
    """
    from pmtrainer.grading.myth_detection import rule_myth_sentences

    examples: list[Example] = []
    for path in sorted(TRAINING_DIR.glob("myth_sentences_*.jsonl")):
        for row in _read_jsonl(path):
            positive = row["myth"] == myth_id
            # Hard negatives on this myth's own topic teach negation, refutation and reported speech.
            hard = row["near"] == myth_id and not positive
            weight = POSITIVE_WEIGHT if positive else HARD_NEGATIVE_WEIGHT if hard else 1.0
            examples.append(Example(_features(row["text"]), float(positive), weight))
    for answer in training_answers():
        found = sentences(answer["answer"])
        # The units grading reads: every sentence, then every run of short sentences.
        features = [_features(s.text) for s in found]
        features += [_features(text) for _, _, text in short_runs(answer["answer"], found)]
        if myth_id not in answer["myths"]:
            examples.extend(Example(f, 0.0) for f in features)
            continue
        index = rule_myth_sentences(answer["answer"]).get(myth_id)
        if index is None and first_pass is not None and features:
            # Rounded, so a run that adds nothing to its sentence ties with it on every machine
            # (sums over a set differ in their last bits with the hash seed); the first one wins.
            index = max(range(len(features)), key=lambda i: round(first_pass.logit(features[i]), 6))
        # The answer's other units are left out: they may or may not assert it too.
        if index is not None:
            examples.append(Example(features[index], 1.0, POSITIVE_WEIGHT))
    return examples


def focus_examples(answers: list[dict]) -> list[Example]:
    """Customer/business sentences (1), technology sentences (0), neutral ones (0.5).

    The sentences of customer and technology `answers` count too, weakly: not every sentence
    of a customer answer is customer talk, but many writers' answers teach vocabulary that the
    written sentence sets lack.
    """
    labels = {"customer": 1.0, "technology": 0.0, "neutral": 0.5}
    examples = [
        Example(_features(row["text"]), labels[row["label"]])
        for path in sorted(TRAINING_DIR.glob("focus_sentences_*.jsonl"))
        for row in _read_jsonl(path)
    ]
    for answer in answers:
        if answer["focus"] in ("customer", "technology"):
            label = labels[answer["focus"]]
            examples.extend(
                Example(_features(s.text), label, ANSWER_SENTENCE_WEIGHT) for s in sentences(answer["answer"])
            )
    return examples


def writer(answer: dict) -> str:
    """Who wrote a labeled answer: its id prefix ("fa-012" -> "fa"); each set has one writer."""
    return answer["id"].split("-", 1)[0]


def fit_focus_blend(models: SentenceModels, l2: float = 0.1) -> list[float]:
    """Weights that turn an answer's `focus_inputs` into P(customer), then the bias.

    Fitted on the customer and technology answers of the train and dev splits, by Newton's
    method. Each answer's sentences are scored by a focus model trained without its writer's
    answers, so the blend learns how far to trust the model on a writer it has never read.
    """
    from pmtrainer.grading.myth_detection import myth_findings
    from pmtrainer.grading.offline import focus_evidence
    from pmtrainer.grading.views import sentence_views

    every_answer = training_answers()
    answers = [a for a in every_answer if a["focus"] in ("customer", "technology")]
    rows, labels = [], []
    for held_out in sorted({writer(a) for a in answers}):
        seen = [a for a in every_answer if writer(a) != held_out]
        fold = replace(models, focus=LinearModel(*fit_logistic(focus_examples(seen))))
        for answer in (a for a in answers if writer(a) == held_out):
            views = sentence_views(answer["answer"], fold)
            evidence = focus_evidence(views, myth_findings(answer["answer"], views, lexicon(), answer.get("question")))
            rows.append([*SentenceModels.focus_inputs(evidence), 1.0])
            labels.append(1.0 if answer["focus"] == "customer" else 0.0)
    x, y = np.array(rows), np.array(labels)
    theta = np.zeros(x.shape[1])
    penalty = np.diag([l2] * (x.shape[1] - 1) + [0.0])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ theta))
        gradient = x.T @ (p - y) + penalty @ theta
        hessian = (x.T * (p * (1 - p))) @ x + penalty
        theta -= np.linalg.solve(hessian, gradient)
    return [round(float(v), 3) for v in theta]


def train_models() -> dict:
    """Train every sentence model; returns the JSON-ready document for `sentence_models.json`."""
    lexicon_data.cache_clear()  # the file may have changed since it was read
    lexicon.cache_clear()
    myths = {}
    for myth_id in myth_ids():
        first_pass = LinearModel(*fit_logistic(myth_examples(myth_id)))
        bias, weights = fit_logistic(myth_examples(myth_id, first_pass))
        myths[myth_id] = {"bias": bias, "weights": weights}
    focus_bias, focus_weights = fit_logistic(focus_examples(training_answers()))
    document = {
        "features_version": FEATURES_VERSION,
        "trained_on": training_digest(),
        "myth_threshold": MYTH_THRESHOLD,
        "myths": myths,
        "focus": {"bias": focus_bias, "weights": focus_weights},
        "focus_blend": [0.0] * (len(SentenceModels.focus_inputs(FocusEvidence(0.0, [], False))) + 1),
    }
    document["focus_blend"] = fit_focus_blend(parse_models(document))
    return document


def write_models(document: dict, path: Path = MODELS_PATH) -> None:
    path.write_text(json.dumps(document, indent=0, sort_keys=True) + "\n", encoding="utf-8")
