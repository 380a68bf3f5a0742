"""Widgets that show a grade: the score and verdict, the highlighted answer, myth cards, coaching."""

from __future__ import annotations

import html

import streamlit as st

from pmtrainer.models import Grade, Question
from pmtrainer.myths import myth_catalogue

VERDICT_BADGES = {
    "customer-focused": ("Customer-focused", "green", ":material/groups:"),
    "balanced": ("Balanced", "blue", ":material/balance:"),
    "technology-heavy": ("Technology-heavy", "orange", ":material/memory:"),
    "insufficient": ("Insufficient: too short to judge", "gray", ":material/short_text:"),
}

# Each label has a colour AND a distinct underline style AND a text tag, so it reads without colour.
LEGEND = {
    "customer": ("customer/business", "#1b7f3b", "solid"),
    "technology": ("technology talk", "#b35900", "dashed"),
    "myth": ("myth", "#b00020", "wavy"),
    "metric": ("quantified result", "#1f4fbf", "double"),
}

HIGHLIGHT_CSS = """
<style>
.pmt-answer {line-height: 2.1; white-space: pre-wrap; font-size: 1rem;}
.pmt-hl {text-decoration-line: underline; text-decoration-thickness: 2px;
         text-underline-offset: 4px; padding: 0 1px; border-radius: 3px;}
.pmt-tag {font-size: 0.68em; font-weight: 600; vertical-align: super; margin-left: 2px;
          letter-spacing: 0.02em;}
</style>
"""


def minute_stamp(timestamp: str) -> str:
    """A stored UTC stamp ('2026-11-22T15:42:07+00:00') to the minute: '2026-11-22 15:42'."""
    return timestamp[:16].replace("T", " ")


def counted(n: int, noun: str) -> str:
    """'1 attempt', '3 attempts'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _style(label: str) -> str:
    _, color, line = LEGEND[label]
    return f"text-decoration-color:{color};text-decoration-style:{line};background:{color}14"


def highlighted_answer_html(answer: str, grade: Grade) -> str:
    """The answer as escaped HTML with each highlight underlined and tagged with its label."""
    parts: list[str] = []
    cursor = 0
    for h in sorted(grade.highlights, key=lambda h: h.start):
        if h.start < cursor:
            continue
        parts.append(html.escape(answer[cursor : h.start]))
        name, color, _ = LEGEND[h.label]
        parts.append(
            f'<span class="pmt-hl pmt-{h.label}" style="{_style(h.label)}" title="{name}">'
            f"{html.escape(answer[h.start : h.end])}"
            f'<span class="pmt-tag" style="color:{color}">[{name}]</span></span>'
        )
        cursor = h.end
    parts.append(html.escape(answer[cursor:]))
    return f'{HIGHLIGHT_CSS}<div class="pmt-answer">{"".join(parts)}</div>'


def legend_html() -> str:
    items = " &nbsp; ".join(
        f'<span class="pmt-hl" style="{_style(label)}">{name}</span>' for label, (name, _, _) in LEGEND.items()
    )
    return f"{HIGHLIGHT_CSS}<div style='font-size:0.9rem;margin-bottom:0.75rem'>Legend: {items}</div>"


def verdict_badge(verdict: str) -> None:
    text, color, icon = VERDICT_BADGES[verdict]
    st.badge(text, color=color, icon=icon)


def show_grade(answer: str, grade: Grade, question: Question | None = None, previous: dict | None = None) -> None:
    """The full feedback for one graded answer."""
    if grade.fallback:
        st.warning(
            f"Graded offline because the {grade.fallback.from_engine} engine failed: {grade.fallback.reason}",
            icon=":material/cloud_off:",
        )
    score_col, verdict_col = st.columns([1, 3], vertical_alignment="center")
    delta = None
    if previous and previous.get("overall") is not None:
        delta = grade.overall - previous["overall"]
    score_col.metric(
        "Overall",
        f"{grade.overall}/100",
        delta=delta,
        delta_description="vs last attempt" if delta is not None else None,
    )
    with verdict_col:
        verdict_badge(grade.verdict)
        s = grade.scores
        st.caption(
            f"Customer focus {s.customer_focus} · technology talk {s.technology_talk} · "
            f"evidence {s.evidence} · engine {grade.engine} {grade.engine_version}{usage_caption(grade.usage)}"
        )
    if previous and previous.get("grade"):
        show_change(previous["grade"], grade)

    st.subheader("Your answer, annotated")
    st.markdown(legend_html(), unsafe_allow_html=True)
    st.markdown(highlighted_answer_html(answer, grade), unsafe_allow_html=True)
    if not grade.highlights:
        st.caption("Nothing to highlight: no customer, technology, myth or result phrases were found.")

    if grade.myths:
        st.subheader(f"Myths to drop ({len(grade.myths)})")
        catalogue = myth_catalogue()
        for myth in grade.myths:
            with st.container(border=True):
                st.markdown(f"**{catalogue[myth.id].title}** · `{myth.id}`")
                st.markdown(f"> {myth.quote}")
                st.markdown(f"**Why it's a red flag:** {myth.explanation}")
                st.markdown(f"**Say instead:** {myth.advice}")

    st.subheader("Coaching points")
    if grade.feedback:
        st.markdown("\n".join(f"{i}. {point}" for i, point in enumerate(grade.feedback, 1)))
    else:
        st.markdown("Nothing to add: a strong answer.")

    if question:
        with st.expander("Talking points for this question", expanded=True, icon=":material/checklist:"):
            covered = set(grade.coverage.covered) if grade.coverage else set()
            for point in question.talking_points:
                # Material icons ship with Streamlit; emoji need a font the machine may lack.
                mark = ":material/check_circle: covered" if point in covered else ":material/circle: not yet"
                st.markdown(f"- {point} — *{mark}*")
            if question.follow_ups:
                st.markdown("**Possible follow-ups:** " + " · ".join(question.follow_ups))


def usage_caption(usage: dict | None) -> str:
    """Tokens and estimated cost of a model grade, for the caption under the score."""
    if not usage:
        return ""
    if usage.get("cached"):
        return " · cached: no tokens used"
    tokens = (usage.get("prompt_tokens") or 0) + (usage.get("completion_tokens") or 0)
    cost = usage.get("cost_usd")
    return f" · {tokens:,} tokens · " + (f"≈ {cost:.4f} USD" if cost is not None else "cost unknown")


def show_change(previous: dict, grade: Grade) -> None:
    """What changed against the previous attempt at the same question."""
    before_myths = {m["id"] for m in previous.get("myths", [])}
    after_myths = {m.id for m in grade.myths}
    before_focus = previous.get("scores", {}).get("customer_focus", 0)
    lines = [
        f"Customer focus {before_focus} → {grade.scores.customer_focus}",
        f"quantified results {len(previous.get('metrics', []))} → {len(grade.metrics)}",
    ]
    if before_myths - after_myths:
        lines.append("myths dropped: " + ", ".join(sorted(before_myths - after_myths)))
    if after_myths - before_myths:
        lines.append("new myths: " + ", ".join(sorted(after_myths - before_myths)))
    st.info("Since your last attempt: " + "; ".join(lines), icon=":material/compare_arrows:")
