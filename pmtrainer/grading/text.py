"""Sentence segmentation with character offsets, shared by the grading engines."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (or runs of them) followed by space, or at a line break. Bullets
# and numbered list items become sentences of their own.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+|(?<=;)\s+")
_LEADING_NOISE = re.compile(r"^[\s\-*•·>#\d.)]*(?=\S)")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|mr|ms|dr|approx|no)\.$", re.IGNORECASE)
# Spoken answers run on for a hundred words with commas and "and so"; such a sentence is cut
# into clauses at these joints, so each unit is about one thing, as written sentences are.
RUN_ON_WORDS = 60
MIN_CLAUSE_WORDS = 8
_CLAUSE_JOINT = re.compile(
    r"(?:,|\s[-\u2013\u2014]+)\s+(?=(?:and|but|so|because|which|then|plus|like|i mean|you know|basically|honestly|anyway)\b)"
    r"|;\s+|:\s+|\s[-\u2013\u2014]+\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    continues: bool = False  # continues the written sentence before it (a run-on's clause, or after ';')


def sentences(answer: str) -> list[Sentence]:
    """Split `answer` into sentences; `answer[s.start:s.end] == s.text` for each."""
    out: list[Sentence] = []
    pos = 0
    pending_start: int | None = None
    after_semicolon = False  # what follows a semicolon continues the same sentence
    for match in _BOUNDARY.finditer(answer):
        chunk_end = match.start()
        start = pos if pending_start is None else pending_start
        if _ABBREVIATIONS.search(answer[start:chunk_end]) and "\n" not in match.group():
            pending_start = start
            pos = match.end()
            continue
        _append(out, answer, start, chunk_end, after_semicolon)
        after_semicolon = answer[chunk_end - 1] == ";"
        pending_start = None
        pos = match.end()
    start = pos if pending_start is None else pending_start
    _append(out, answer, start, len(answer), after_semicolon)
    return out


def _append(out: list[Sentence], answer: str, start: int, end: int, continues: bool) -> None:
    piece = answer[start:end]
    lead = _LEADING_NOISE.match(piece)
    if lead:
        start += lead.end()
    while end > start and answer[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in answer[start:end]):
        out.extend(_clauses_of_run_on(answer, start, end, continues))


def _clauses_of_run_on(answer: str, start: int, end: int, continues: bool) -> list[Sentence]:
    """The sentence answer[start:end], cut into clauses of at least MIN_CLAUSE_WORDS if it runs on."""
    text = answer[start:end]
    if len(WORD.findall(text)) < RUN_ON_WORDS:
        return [Sentence(text, start, end, continues)]
    pieces: list[tuple[int, int]] = []
    piece_start = 0
    for joint in _CLAUSE_JOINT.finditer(text):
        head = text[piece_start : joint.start()]
        # A clause too short to stand alone stays with the one after it.
        if len(WORD.findall(head)) >= MIN_CLAUSE_WORDS and len(WORD.findall(text[joint.end() :])) >= MIN_CLAUSE_WORDS:
            pieces.append((piece_start, joint.start()))
            piece_start = joint.end()
    pieces.append((piece_start, len(text)))
    return [Sentence(text[a:b], start + a, start + b, continues=continues or i > 0) for i, (a, b) in enumerate(pieces)]


WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")


def word_count(text: str) -> int:
    return len(WORD.findall(text))
