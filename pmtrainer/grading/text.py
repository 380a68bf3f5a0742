"""Sentence segmentation with character offsets, shared by the grading engines."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (or runs of them) followed by space, or at a line break. Bullets
# and numbered list items become sentences of their own.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+|(?<=;)\s+")
_LEADING_NOISE = re.compile(r"^[\s\-*•·>#\d.)]*(?=\S)")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|mr|ms|dr|approx|no)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(answer: str) -> list[Sentence]:
    """Split `answer` into sentences; `answer[s.start:s.end] == s.text` for each."""
    out: list[Sentence] = []
    pos = 0
    pending_start: int | None = None
    for match in _BOUNDARY.finditer(answer):
        chunk_end = match.start()
        start = pos if pending_start is None else pending_start
        if _ABBREVIATIONS.search(answer[start:chunk_end]) and "\n" not in match.group():
            pending_start = start
            pos = match.end()
            continue
        _append(out, answer, start, chunk_end)
        pending_start = None
        pos = match.end()
    start = pos if pending_start is None else pending_start
    _append(out, answer, start, len(answer))
    return out


def _append(out: list[Sentence], answer: str, start: int, end: int) -> None:
    piece = answer[start:end]
    lead = _LEADING_NOISE.match(piece)
    if lead:
        start += lead.end()
    while end > start and answer[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in answer[start:end]):
        out.append(Sentence(answer[start:end], start, end))


WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


def word_count(text: str) -> int:
    return len(WORD.findall(text))
