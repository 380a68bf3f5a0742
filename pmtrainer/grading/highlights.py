"""Builds the non-overlapping highlight list every engine returns."""

from __future__ import annotations

from collections.abc import Iterable

from pmtrainer.models import Highlight, MythFinding, Span


def assemble_highlights(
    answer: str,
    metrics: Iterable[Span],
    myths: Iterable[MythFinding],
    terms: Iterable[tuple[str, int, int]],
    sentences: Iterable[tuple[str, int, int]] = (),
) -> list[Highlight]:
    """Results first, then myths and (label, start, end) whole `sentences`, both cut around any
    result inside them, then (label, start, end) terms in the order given; a span overlapping one
    already taken is dropped."""
    metrics = list(metrics)
    taken: list[tuple[int, int]] = []
    out: list[Highlight] = []

    def add(label: str, start: int, end: int) -> None:
        if end <= start or any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        out.append(Highlight(label=label, quote=answer[start:end], start=start, end=end))

    def add_around_metrics(label: str, start: int, end: int) -> None:
        cursor = start
        for metric in sorted((m for m in metrics if start <= m.start < end), key=lambda m: m.start):
            add(label, cursor, metric.start)
            cursor = max(cursor, metric.end)
        add(label, cursor, end)

    for metric in metrics:
        add("metric", metric.start, metric.end)
    for myth in myths:
        add_around_metrics("myth", myth.start, myth.end)
    for label, start, end in sentences:
        add_around_metrics(label, start, end)
    for label, start, end in terms:
        add(label, start, end)
    out.sort(key=lambda h: h.start)
    return out
