"""Fast whole-word term lookup: tokenise once, then match terms by dictionary, not by regex.

A term is one or more words; a trailing `*` on its last word matches any ending, and a
`[sz]` class expands to each letter ("optimi[sz]ation" -> "optimisation", "optimization").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MEMO_LIMIT = 50_000
TOKEN = re.compile(r"[A-Za-z0-9][\w'’+./-]*[\w+]|[A-Za-z0-9]")


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    text: str


def lower_words(tokens: list[re.Match[str]]) -> list[str]:
    """Tokens as lower-case words with curly apostrophes straightened."""
    return [t.group().lower().replace("’", "'") for t in tokens]


def _expand(term: str) -> list[str]:
    match = re.search(r"\[([^\]]+)\]", term)
    if not match:
        return [term]
    return [v for letter in match.group(1) for v in _expand(term[: match.start()] + letter + term[match.end() :])]


class TermMatcher:
    """Finds lexicon terms in text in one pass over its tokens; longest term wins."""

    def __init__(self, terms: list[str]):
        # first word -> list of (remaining words, last-is-prefix); single words in the fast sets.
        self.exact: set[str] = set()
        self.prefixes: dict[int, set[str]] = {}
        self.phrases: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        self._raw_single = [t for raw in terms for t in _expand(raw.lower()) if " " not in t]
        self._terms_memo: dict[str, frozenset[str]] = {}
        self._memo: dict[str, bool] = {}  # word -> is a term; words repeat, prefix checks don't need to
        for raw in terms:
            for term in _expand(raw.lower()):
                is_prefix = term.endswith("*")
                words = tuple(term.rstrip("*").split())
                if len(words) == 1:
                    if is_prefix:
                        self.prefixes.setdefault(len(words[0]), set()).add(words[0])
                    else:
                        self.exact.add(words[0])
                else:
                    self.phrases.setdefault(words[0], []).append((words[1:], is_prefix))
        for options in self.phrases.values():
            options.sort(key=lambda option: len(option[0]), reverse=True)

    def _single(self, token: str) -> bool:
        known = self._memo.get(token)
        if known is None:
            known = token in self.exact or any(
                token[:length] in heads for length, heads in self.prefixes.items() if len(token) >= length
            )
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[token] = known
        return known

    def any_word(self, words: list[str]) -> bool:
        """True if any of the (lower-cased) words is a single-word term."""
        return any(self._single(w) for w in words)

    def terms_of(self, word: str) -> frozenset[str]:
        """The single-word terms (as written, `*` kept) that `word` matches; memoised."""
        known = self._terms_memo.get(word)
        if known is None:
            if not self._single(word):
                known = frozenset()
            else:
                known = frozenset(
                    t for t in self._raw_single if (t[:-1] and word.startswith(t[:-1])) if t.endswith("*")
                ) | frozenset(t for t in self._raw_single if t == word)
            if len(self._terms_memo) >= MEMO_LIMIT:
                self._terms_memo.clear()
            self._terms_memo[word] = known
        return known

    def find(
        self, text: str, tokens: list[re.Match[str]] | None = None, words: list[str] | None = None
    ) -> list[TermMatch]:
        """Terms in `text`; pass its tokens and their lower-cased `words` to tokenise only once."""
        tokens = tokens if tokens is not None else list(TOKEN.finditer(text))
        words = words if words is not None else lower_words(tokens)
        found: list[TermMatch] = []
        phrases, single = self.phrases, self._single
        i, count = 0, len(words)
        while i < count:
            word = words[i]
            length = self._phrase_at(words, i) if word in phrases else 0
            if length == 0 and single(word):
                length = 1
            if length:
                start, end = tokens[i].start(), tokens[i + length - 1].end()
                found.append(TermMatch(start, end, text[start:end]))
                i += length
            else:
                i += 1
        return found

    def _phrase_at(self, words: list[str], i: int) -> int:
        for rest, is_prefix in self.phrases.get(words[i], ()):
            n = len(rest)
            if i + n >= len(words):
                continue
            following = words[i + 1 : i + 1 + n]
            if following[:-1] != list(rest[:-1]):
                continue
            last = following[-1]
            if last == rest[-1] or (is_prefix and last.startswith(rest[-1])):
                return n + 1
        return 0
