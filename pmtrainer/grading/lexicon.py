"""Compiles the offline engine's word lists and cue patterns (`data/lexicon.yaml`) once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pmtrainer import yaml_fast
from pmtrainer.grading.terms import TermMatcher
from pmtrainer.paths import DATA_DIR

LEXICON_PATH = DATA_DIR / "lexicon.yaml"


_WORD_START = r"(?<![\w-])"


def _term_pattern(term: str) -> str:
    """A lexicon term as a regex: escaped, `*` = any word ending, whole words only."""
    if term.endswith("*"):
        body, tail = term[:-1], r"[\w'-]*"
    else:
        body, tail = term, ""
    # Terms may carry a tiny regex class like optimi[sz]ation; keep [..] and escape the rest.
    parts = re.split(r"(\[[^\]]+\])", body)
    escaped = "".join(p if p.startswith("[") else re.escape(p) for p in parts)
    escaped = escaped.replace(r"\ ", r"\s+")
    return rf"{_WORD_START}{escaped}{tail}(?![\w])"


def _alternation(items: list[str], *, terms: bool) -> re.Pattern[str]:
    # Longest first, so "pain point" wins over "pain".
    ordered = sorted(set(items), key=len, reverse=True)
    # The word-start test is shared, not repeated per alternative: the scan then rejects most
    # positions with one check instead of a hundred (ten times faster on the refutation cues).
    if terms:
        start, parts = _WORD_START, [_term_pattern(t).removeprefix(_WORD_START) for t in ordered]
    else:
        start, parts = r"\b", [f"(?:{t})" for t in ordered]
    return re.compile(start + "(?:" + "|".join(parts) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class MythCues:
    """A myth's cue patterns, each tried only on sentences holding one of its trigger words."""

    triggers: TermMatcher
    patterns: list[tuple[re.Pattern[str], frozenset[str]]]  # pattern, trigger terms it spells out

    def candidates(self, present: set[str]) -> list[re.Pattern[str]]:
        """Patterns worth trying on a sentence whose trigger terms are `present`."""
        return [pattern for pattern, needs in self.patterns if needs & present or not needs]


def _spelled_out(pattern: str, terms: list[str]) -> frozenset[str]:
    """The trigger terms a pattern contains as literal words (all of them may be needed)."""
    source = re.sub(r"\\[a-z]", " ", pattern.lower())  # so "\bstrategy" reads as " strategy"
    return frozenset(t for t in terms if re.search(rf"(?<![a-z]){re.escape(t.rstrip('*'))}", source))


@dataclass(frozen=True)
class ClaimRule:
    """A myth its models may find only in a claim: a claim word nearby or an inviting question."""

    claim: re.Pattern[str]
    question: re.Pattern[str]

    def allows(self, text: str, question_text: str | None) -> bool:
        return bool(self.claim.search(text) or (question_text and self.question.search(question_text)))


@dataclass(frozen=True)
class Lexicon:
    version: str
    customer: TermMatcher
    technology: TermMatcher
    service_linkers: re.Pattern[str]
    myth_cues: dict[str, MythCues]
    triggers: TermMatcher  # every myth's trigger terms, to look each sentence up once
    refutation: re.Pattern[str]
    reported_speech: re.Pattern[str]
    rejection_openers: re.Pattern[str]
    claim_required: dict[str, ClaimRule]
    _topic_memo: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def myth_topics(self, words: list[str]) -> set[str]:
        """Ids of the myths whose trigger words occur among `words` (lower-cased)."""
        topics: set[str] = set()
        memo = self._topic_memo
        for word in words:
            known = memo.get(word)
            if known is None:
                known = frozenset(m for m, cues in self.myth_cues.items() if cues.triggers.terms_of(word))
                if len(memo) < 50_000:
                    memo[word] = known
            topics.update(known)
        return topics


@cache
def lexicon_data() -> dict:
    """The lexicon file as plain data, read once (libyaml's events: a third of import time otherwise)."""
    return yaml_fast.load(LEXICON_PATH.read_text(encoding="utf-8"))


@cache
def lexicon() -> Lexicon:
    raw = lexicon_data()
    return Lexicon(
        version=str(raw["version"]),
        customer=TermMatcher(raw["customer_terms"]),
        technology=TermMatcher(raw["technology_terms"]),
        service_linkers=_alternation(raw["service_linkers"], terms=True),
        myth_cues={
            myth_id: MythCues(
                triggers=TermMatcher(cues["triggers"]),
                patterns=[(re.compile(p, re.IGNORECASE), _spelled_out(p, cues["triggers"])) for p in cues["patterns"]],
            )
            for myth_id, cues in raw["myth_cues"].items()
        },
        triggers=TermMatcher([t for cues in raw["myth_cues"].values() for t in cues["triggers"]]),
        refutation=_alternation(raw["refutation_cues"], terms=True),
        reported_speech=_alternation(raw["reported_speech_cues"], terms=False),
        rejection_openers=re.compile(
            r"^\W*(?:(?:and|but|so)\s+)?(?:" + "|".join(raw["rejection_openers"]) + ")", re.IGNORECASE
        ),
        claim_required={
            myth_id: ClaimRule(
                claim=_alternation(words["claim_words"], terms=True),
                question=_alternation(words["question_words"], terms=True),
            )
            for myth_id, words in raw["claim_required"].items()
        },
    )
