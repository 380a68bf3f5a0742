"""The end-of-interview report card: each grade, the overall score and patterns across answers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pmtrainer.models import Grade
from pmtrainer.myths import myth_catalogue

# An answer "talks technology" when its technology-talk sub-score reaches this.
TECH_TALK_THRESHOLD = 40


@dataclass
class CardItem:
    position: int
    attempt_id: int
    question_id: str | None
    question_text: str
    category: str | None
    answer: str
    grade: Grade | None  # None when grading failed; the answer is still stored

    @property
    def overall(self) -> int | None:
        return self.grade.overall if self.grade else None


@dataclass
class ReportCard:
    session_id: str
    items: list[CardItem]
    overall: int | None
    patterns: list[str] = field(default_factory=list)
    strongest: CardItem | None = None
    redo_first: CardItem | None = None


def build_report_card(session_id: str, attempts: list[dict]) -> ReportCard:
    """From a session's attempts (as `sessions.session_attempts` returns them)."""
    items = [
        CardItem(
            position=row["position"],
            attempt_id=row["id"],
            question_id=row["question_id"],
            question_text=row["question_text"] or row["question_id"] or "",
            category=row["category"],
            answer=row["answer"],
            grade=Grade.model_validate(row["grade"]) if row.get("grade") else None,
        )
        for row in attempts
    ]
    graded = [i for i in items if i.grade]
    overall = round(sum(i.overall for i in graded) / len(graded)) if graded else None
    card = ReportCard(session_id, items, overall, patterns=find_patterns([i.grade for i in graded]))
    if graded:
        card.strongest = max(graded, key=lambda i: (i.overall, -i.position))
        # Redo first: the lowest score; more myths break ties because they cost the most in a room.
        weakest = min(graded, key=lambda i: (i.overall, -len(i.grade.myths), i.position))
        card.redo_first = weakest if weakest is not card.strongest else None
    return card


def find_patterns(grades: list[Grade]) -> list[str]:
    """Habits that show across answers, most telling first, each with its count."""
    total = len(grades)
    if not total:
        return []
    patterns = []
    tech = sum(g.scores.technology_talk >= TECH_TALK_THRESHOLD for g in grades)
    if tech:
        patterns.append(f"Technology talk in {tech} of {total} answers.")
    myth_counts = Counter(m_id for g in grades for m_id in {m.id for m in g.myths})
    catalogue = myth_catalogue()
    for myth_id, count in myth_counts.most_common():
        title = catalogue[myth_id].title if myth_id in catalogue else myth_id
        kind = "Recurring myth" if count > 1 else "Myth"
        patterns.append(f'{kind} "{title}" in {count} of {total} answers.')
    unquantified = sum(not g.metrics for g in grades)
    if unquantified:
        patterns.append(f"No quantified result in {unquantified} of {total} answers.")
    heavy = sum(g.verdict == "technology-heavy" for g in grades)
    if heavy:
        patterns.append(f"Technology-heavy: {heavy} of {total} answers.")
    short = sum(g.verdict == "insufficient" for g in grades)
    if short:
        patterns.append(f"Too short to judge: {short} of {total} answers; aim for a story with a result.")
    return patterns


def report_markdown(card: ReportCard) -> str:
    """The report card as Markdown, for the download button."""
    lines = [f"# Mock interview report ({card.session_id})", ""]
    lines.append(f"**Overall score:** {card.overall}/100" if card.overall is not None else "**Overall score:** n/a")
    lines.append("")
    if card.strongest:
        lines.append(f"**Strongest answer:** Q{card.strongest.position + 1} ({card.strongest.overall}/100)")
    if card.redo_first:
        lines.append(f"**Redo first:** Q{card.redo_first.position + 1} ({card.redo_first.overall}/100)")
    lines += ["", "## Patterns", ""]
    lines += [f"- {p}" for p in card.patterns] or ["- None: consistent answers."]
    for item in card.items:
        lines += ["", f"## Q{item.position + 1}. {item.question_text}", ""]
        if item.grade:
            g = item.grade
            lines.append(
                f"**{g.overall}/100, {g.verdict}** · customer focus {g.scores.customer_focus} · "
                f"technology talk {g.scores.technology_talk} · evidence {g.scores.evidence}"
            )
        else:
            lines.append("**Not graded** (grading failed; the answer is saved).")
        lines += ["", *(f"> {line}" if line else ">" for line in item.answer.splitlines()), ""]
        if item.grade:
            for myth in item.grade.myths:
                lines.append(f'- Myth `{myth.id}`: "{myth.quote}". {myth.advice}')
            lines += [f"- {point}" for point in item.grade.feedback]
    return "\n".join(lines) + "\n"
