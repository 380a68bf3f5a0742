"""The offline engine's learned sentence models: features, training, freshness, and their use in grading."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmtrainer import training
from pmtrainer.cli import cli
from pmtrainer.grading import grade_answer
from pmtrainer.grading.myth_detection import rule_myth_sentences
from pmtrainer.grading.sentence_model import MODELS_PATH, LinearModel, sentence_features, sentence_models
from pmtrainer.training import Example, fit_logistic, training_answers, training_digest
from tests.conftest import CUSTOMER_ANSWER


def test_features_split_contractions_and_keep_function_words_only_in_pairs():
    features = sentence_features(["i", "don't", "think", "engineers", "report", "to", "me"])
    assert "not" in features and "do not" in features  # "don't" -> do + not
    assert "engineer" in features  # plural cut
    assert "to" not in features and "report to" in features
    assert "<neg>" in features


def test_features_carry_the_myth_topics_they_are_given():
    assert "<topic:pm-pays-more>" in sentence_features(["money"], {"pm-pays-more"})


def test_fit_logistic_learns_the_feature_that_marks_the_class():
    examples = [Example(["good", f"noise{i % 3}"], 1.0) for i in range(30)]
    examples += [Example(["bad", f"noise{i % 3}"], 0.0) for i in range(30)]
    bias, weights = fit_logistic(examples)
    model = LinearModel(bias, weights)
    assert model.probability(["good", "noise1"]) > 0.8
    assert model.probability(["bad", "noise1"]) < 0.2
    assert abs(weights.get("noise0", 0.0)) < 0.25 * weights["good"]
    assert fit_logistic(examples) == (bias, weights)  # deterministic


def test_soft_labels_leave_neutral_features_near_zero():
    examples = [Example(["customer"], 1.0)] * 20 + [Example(["kafka"], 0.0)] * 20 + [Example(["hello"], 0.5)] * 20
    bias, weights = fit_logistic(examples)
    assert weights["customer"] > 1 > abs(weights.get("hello", 0.0) + bias)
    assert weights["kafka"] < -1


def test_shipped_models_were_trained_on_the_current_data():
    # Fails when training data, labeled answers or the lexicon changed without `python -m pmtrainer train`.
    assert sentence_models().trained_on == training_digest()


def test_training_never_reads_held_out_answers():
    data = Path(__file__).parent / "data"
    held_out = {
        row["id"]
        for path in (data / "labeled_answers.jsonl", data / "labeled_validation.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if (row := json.loads(line)).get("split") in ("test", "validation")
    }
    used = {row["id"] for row in training_answers()}
    assert len(held_out) >= 300 and used
    assert not used & held_out


def test_digest_changes_when_training_data_changes(tmp_path, monkeypatch):
    copy = tmp_path / "training"
    shutil.copytree(training.TRAINING_DIR, copy)
    monkeypatch.setattr(training, "TRAINING_DIR", copy)
    before = training_digest()
    with (copy / "myth_sentences_extra.jsonl").open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "x", "myth": None, "near": "pm-pays-more", "kind": "neutral"}) + "\n")
    assert training_digest() != before


def test_train_check_reports_current_and_stale(monkeypatch):
    result = CliRunner().invoke(cli, ["train", "--check"])
    assert result.exit_code == 0 and "is current" in result.output
    monkeypatch.setattr(training, "training_digest", lambda: "0000")
    result = CliRunner().invoke(cli, ["train", "--check"])
    assert result.exit_code == 1 and "stale" in result.output


# Paraphrases written for this test: no cue pattern matches them, so only the models can find them.
PARAPHRASES = {
    "pm-pays-more": "Honestly, the fatter paycheck on the product side is what pulled me in.",
    "strategy-is-the-job": "I've done my share of shipping, and from now on I want to be the one thinking about the big picture.",
    "product-sells-itself": "If the product is genuinely great, the buyers find their own way to it.",
}


@pytest.mark.parametrize(
    "myth_id",
    [
        pytest.param(
            myth_id,
            marks=pytest.mark.xfail(
                strict=True,
                reason="known miss since engine 2.1: trained on refutation-heavy answer sets, the pay "
                "model scores this paraphrase below the threshold (logit 0.09 in 2.7, needs 1.1)",
            ),
        )
        if myth_id == "pm-pays-more"
        else myth_id
        for myth_id in sorted(PARAPHRASES)
    ],
)
def test_models_find_paraphrases_the_rules_miss(myth_id):
    answer = CUSTOMER_ANSWER + " " + PARAPHRASES[myth_id]
    assert myth_id not in rule_myth_sentences(answer)
    found = {m.id: m.quote for m in grade_answer(answer).myths}
    assert found.get(myth_id) == PARAPHRASES[myth_id]


@pytest.mark.parametrize(
    "frame",
    [
        "My bootcamp instructor kept saying {lower}",
        "People assume that {lower} I don't see it that way.",
        "Would you agree with this: {lower}",
    ],
)
@pytest.mark.parametrize("myth_id", sorted(PARAPHRASES))
def test_model_found_myths_respect_reported_speech_refutation_and_questions(myth_id, frame):
    sentence = PARAPHRASES[myth_id]
    text = frame.format(lower=sentence[0].lower() + sentence[1:])
    if frame.endswith(": {lower}"):
        text = text.rstrip(".") + "?"
    assert myth_id not in {m.id for m in grade_answer(CUSTOMER_ANSWER + " " + text).myths}


def test_a_sentence_gets_at_most_one_myth_from_the_models():
    answer = CUSTOMER_ANSWER + " " + " ".join(PARAPHRASES.values())
    quotes = [m.quote for m in grade_answer(answer).myths]
    assert len(quotes) == len(set(quotes))


def test_retraining_reproduces_the_shipped_weights():
    shipped = json.loads(MODELS_PATH.read_text(encoding="utf-8"))
    fresh = training.train_models()
    assert fresh["trained_on"] == shipped["trained_on"]
    for name in [*shipped["myths"], "focus"]:
        a = shipped["myths"].get(name) or shipped["focus"]
        b = fresh["myths"].get(name) or fresh["focus"]
        assert abs(a["bias"] - b["bias"]) < 0.01
        # Floating point may differ in the last bits between machines; pruning can then flip a
        # weight sitting right at the cut-off, so compare with that slack.
        drift = max(abs(a["weights"].get(f, 0.0) - b["weights"].get(f, 0.0)) for f in {*a["weights"], *b["weights"]})
        assert drift <= training.PRUNE_BELOW + 0.01
    assert fresh["focus_blend"] == pytest.approx(shipped["focus_blend"], abs=0.01)


def test_train_reports_a_malformed_training_file_by_line(tmp_path, monkeypatch):
    copy = tmp_path / "training"
    shutil.copytree(training.TRAINING_DIR, copy)
    (copy / "myth_sentences_zz.jsonl").write_text(
        '{"text": "fine", "myth": null, "near": "pm-pays-more", "kind": "neutral"}\n{oops\n'
    )
    monkeypatch.setattr(training, "TRAINING_DIR", copy)
    result = CliRunner().invoke(cli, ["train"])
    assert result.exit_code == 1
    assert "myth_sentences_zz.jsonl:2: not valid JSON" in result.output
    assert "Traceback" not in result.output
