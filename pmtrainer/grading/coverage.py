"""Which of a question's talking points an answer covers.

A talking point is covered when enough of its content words, or words of the same concept
group (`concepts` in the lexicon), appear in the answer; a point that asks for a measured
result is covered by a quantified result the engine found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from pmtrainer.grading.lexicon import lexicon_data
from pmtrainer.models import Coverage

_STOPWORDS = frozenset(
    """a an and are as at be by can do does for from has have had how i if in into is it its of on
    or not so than that the their them then there these they this to was we were what when which
    who why will with would you your our not no own more most other such only about also just
    one two any each own way ways clear clearly specific concrete real good strong shows show
    explains explain names name mentions mention describes describe being get gets""".split()
)
_WORD = re.compile(r"[a-z][a-z/'-]+")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ly", "s")
_RESULT_POINT = re.compile(r"\b(?:measur\w*|metric\w*|quantif\w*|numbers?|result\w*|impact)\b", re.I)
COVERED_SHARE = 0.5


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'customers' with 'customer'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@cache
def _concepts() -> list[tuple[str, re.Pattern[str]]]:
    raw = lexicon_data().get("concepts", {})
    out = []
    for name, words in raw.items():
        alternation = "|".join(re.escape(w[:-1]) + r"[\w'-]*" if w.endswith("*") else re.escape(w) for w in words)
        out.append((name, re.compile(rf"^(?:{alternation})$")))
    return out


def _units(text: str) -> set[str]:
    """Content words of `text` as concept names where a concept fits, else as stems."""
    units = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOPWORDS:
            continue
        concept = next((name for name, pattern in _concepts() if pattern.match(word)), None)
        units.add(f"#{concept}" if concept else stem(word))
    return units


def talking_point_coverage(answer: str, talking_points: Sequence[str], *, has_result: bool = False) -> Coverage:
    answer_units = _units(answer)
    coverage = Coverage()
    for point in talking_points:
        units = _units(point)
        share = len(units & answer_units) / len(units) if units else 0.0
        covered = share >= COVERED_SHARE or (has_result and bool(_RESULT_POINT.search(point)))
        (coverage.covered if covered else coverage.missed).append(point)
    return coverage
