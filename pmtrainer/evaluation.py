"""Measures a grading engine against a labeled set (the "meta-eval" of the grader).

Labels per line: `focus` (customer | technology | mixed | null), `myths` (asserted myth ids),
`has_metrics` (true | false | null); null labels are left out of the measure they belong to.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pmtrainer.grading import grade_answer
from pmtrainer.models import Grade
from pmtrainer.myths import myth_ids

PREDICTED_FOCUS = {
    "customer-focused": "customer",
    "technology-heavy": "technology",
    "balanced": "mixed",
    "insufficient": None,
}


@dataclass
class LabeledAnswer:
    id: str
    answer: str
    question: str | None
    focus: str | None
    myths: list[str]
    has_metrics: bool | None


@dataclass
class Report:
    items: int = 0
    focus_correct: int = 0
    focus_total: int = 0
    auc: float | None = None
    myth_counts: dict[str, Counter] = field(default_factory=dict)  # id -> tp/fp/fn
    false_myths_on_myth_free: int = 0
    myth_free: int = 0
    metric_correct: int = 0
    metric_total: int = 0
    spans_ok: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def focus_accuracy(self) -> float | None:
        return self.focus_correct / self.focus_total if self.focus_total else None

    @property
    def metric_accuracy(self) -> float | None:
        return self.metric_correct / self.metric_total if self.metric_total else None

    @property
    def span_integrity(self) -> float | None:
        return self.spans_ok / self.items if self.items else None

    def myth_scores(self, myth_id: str) -> tuple[float | None, float | None]:
        c = self.myth_counts.get(myth_id, Counter())
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
        return precision, recall

    @property
    def myth_micro_f1(self) -> float | None:
        total = sum(self.myth_counts.values(), Counter())
        denominator = 2 * total["tp"] + total["fp"] + total["fn"]
        return 2 * total["tp"] / denominator if denominator else None

    def to_dict(self) -> dict:
        return {
            "items": self.items,
            "focus_accuracy": self.focus_accuracy,
            "focus_items": self.focus_total,
            "customer_focus_auc": self.auc,
            "myths": {
                myth_id: dict(zip(("precision", "recall"), self.myth_scores(myth_id), strict=True))
                for myth_id in myth_ids()
            },
            "myth_micro_f1": self.myth_micro_f1,
            "myths_flagged_on_myth_free_answers": self.false_myths_on_myth_free,
            "myth_free_answers": self.myth_free,
            "quantified_result_accuracy": self.metric_accuracy,
            "quantified_result_items": self.metric_total,
            "span_integrity": self.span_integrity,
        }


def load_labeled(path: str | Path, *, split: str | None = None) -> list[LabeledAnswer]:
    """Read a labeled JSONL file (optionally one split); a malformed line raises ValueError naming its line."""
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if split and raw.get("split") != split:
                continue
            items.append(
                LabeledAnswer(
                    id=str(raw["id"]),
                    answer=raw["answer"],
                    question=raw.get("question"),
                    focus=raw.get("focus"),
                    myths=list(raw.get("myths") or []),
                    has_metrics=raw.get("has_metrics"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a labeled answer ({error})") from error
    return items


def auc(positives: list[float], negatives: list[float]) -> float | None:
    """Probability that a positive scores above a negative (ties count half)."""
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def _spans_hold(answer: str, grade: Grade) -> bool:
    spans = [*grade.myths, *grade.metrics, *grade.highlights]
    return all(answer[s.start : s.end] == s.quote for s in spans)


def evaluate(items: list[LabeledAnswer], engine: str = "offline") -> Report:
    report = Report(myth_counts={m: Counter() for m in myth_ids()})
    customer_scores: list[float] = []
    technology_scores: list[float] = []
    for item in items:
        grade = grade_answer(item.answer, question_text=item.question, engine=engine)
        report.items += 1
        report.spans_ok += _spans_hold(item.answer, grade)
        predicted_focus = PREDICTED_FOCUS[grade.verdict]
        if item.focus in ("customer", "technology"):
            report.focus_total += 1
            (customer_scores if item.focus == "customer" else technology_scores).append(grade.scores.customer_focus)
            if predicted_focus == item.focus:
                report.focus_correct += 1
            else:
                report.errors.append(
                    f"{item.id}: focus {item.focus}, graded {grade.verdict} "
                    f"(customer_focus {grade.scores.customer_focus})"
                )
        found = {m.id for m in grade.myths}
        for myth_id in myth_ids():
            gold, got = myth_id in item.myths, myth_id in found
            report.myth_counts[myth_id]["tp" if gold and got else "fp" if got else "fn" if gold else "tn"] += 1
        if found != set(item.myths):
            quotes = "; ".join(f"{m.id}: {m.quote[:80]!r}" for m in grade.myths)
            report.errors.append(f"{item.id}: myths {sorted(item.myths)}, found {sorted(found)} {quotes}")
        if not item.myths:
            report.myth_free += 1
            report.false_myths_on_myth_free += bool(found)
        if item.has_metrics is not None:
            report.metric_total += 1
            if bool(grade.metrics) == item.has_metrics:
                report.metric_correct += 1
            else:
                quotes = ", ".join(repr(m.quote) for m in grade.metrics)
                report.errors.append(f"{item.id}: has_metrics {item.has_metrics}, found [{quotes}]")
    report.auc = auc(customer_scores, technology_scores)
    return report


def format_report(report: Report, *, with_errors: bool = False) -> str:
    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    lines = [
        f"items: {report.items}",
        f"focus accuracy (customer/technology items): {pct(report.focus_accuracy)} of {report.focus_total}",
        f"customer_focus AUC (customer vs technology): {pct(report.auc)}",
        "myths (precision / recall):",
    ]
    for myth_id in myth_ids():
        precision, recall = report.myth_scores(myth_id)
        lines.append(f"  {myth_id:22} {pct(precision)} / {pct(recall)}")
    lines += [
        f"myth micro-F1: {pct(report.myth_micro_f1)}",
        f"myths flagged on myth-free answers: {report.false_myths_on_myth_free} of {report.myth_free}",
        f"quantified-result accuracy: {pct(report.metric_accuracy)} of {report.metric_total}",
        f"span integrity: {pct(report.span_integrity)}",
    ]
    if with_errors:
        lines.append(f"misses ({len(report.errors)}):")
        lines.extend(f"  {error}" for error in report.errors)
    return "\n".join(lines)
