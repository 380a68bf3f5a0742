"""Composes at most five coaching points, most important first, each tied to this answer."""

from __future__ import annotations

from pmtrainer.grading.text import Sentence
from pmtrainer.models import Grade
from pmtrainer.myths import myth_catalogue

MAX_POINTS = 5
QUOTE_CHARS = 90


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    """A quote cut at a word boundary, so feedback stays readable."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def compose_feedback(
    answer: str,
    grade: Grade,
    sentence_summaries: list[tuple[Sentence, bool, list[str]]],
    words: int,
) -> list[str]:
    """Ranked feedback strings; `sentence_summaries` is (sentence, is_technology, tech terms)."""
    points: list[str] = []
    catalogue = myth_catalogue()
    if grade.verdict == "insufficient":
        points.append(
            f"At {words} words there is too little to judge. Tell a short story: the customer's "
            "problem, what you did about it, and the result you measured."
        )
    for myth in grade.myths:
        title = catalogue[myth.id].title
        # The myth's card (UI) or note (CLI) carries the full advice; the point names the words to rework.
        points.append(f'Rework "{short(myth.quote)}": it sounds like the myth "{title}" (see "Say instead" under it).')

    opening = _technology_opening(sentence_summaries)
    if opening:
        count, terms = opening
        which = "first sentence describes" if count == 1 else f"first {count} sentences describe"
        points.append(
            f"Your {which} {', '.join(terms[:3])}; open with the customer problem instead, "
            "then bring in the technology as the means."
        )
    tech_sentences = [s for s, is_tech, _ in sentence_summaries if is_tech]
    if grade.verdict in ("technology-heavy", "balanced") and tech_sentences and not opening:
        points.append(
            f"{len(tech_sentences)} of {len(sentence_summaries)} sentences talk technology without "
            f'saying who benefits, e.g. "{short(tech_sentences[0].text, 70)}". Tie each to a '
            "customer or business outcome."
        )
    if not grade.metrics and grade.verdict != "insufficient":
        points.append(
            "There is no measured result yet. Add one number that shows the change you caused, "
            "such as fewer support tickets, higher conversion or more revenue a month."
        )
    if grade.coverage and grade.coverage.missed:
        missed = "; ".join(f'"{short(p, 60)}"' for p in grade.coverage.missed[:2])
        points.append(f"Strong answers to this question also cover {missed}.")
    points.extend(_praise(grade))
    return points[:MAX_POINTS]


def _technology_opening(summaries: list[tuple[Sentence, bool, list[str]]]) -> tuple[int, list[str]] | None:
    count, terms = 0, []
    for _, is_tech, tech_terms in summaries:
        if not is_tech:
            break
        count += 1
        terms.extend(t for t in tech_terms if t.lower() not in {x.lower() for x in terms})
    return (count, terms) if count and terms else None


def _praise(grade: Grade) -> list[str]:
    praise = []
    if grade.metrics:
        praise.append(
            f'Good evidence: "{short(grade.metrics[0].quote, 60)}" is the kind of result interviewers remember.'
        )
    customer = [h for h in grade.highlights if h.label == "customer"]
    if grade.verdict == "customer-focused" and customer:
        praise.append(f'You keep the customer at the centre ("{customer[0].quote}" and more); keep that framing.')
    return praise
