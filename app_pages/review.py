"""Review: the history with filters and search, an attempt in detail with coach notes,
attempts compared side by side, progress charts, and exports."""

import altair as alt
import streamlit as st

from pmtrainer import history, progress
from pmtrainer.export import FORMATS, MIME_TYPES, export_text
from pmtrainer.grading.feedback import short
from pmtrainer.history import HistoryFilter
from pmtrainer.models import Grade
from pmtrainer.myths import myth_catalogue
from pmtrainer.notes import MACHINE_VERDICT, VERDICTS, add_note, current_override, notes_for
from pmtrainer.store import Store, StoreError
from ui.components import counted, highlighted_answer_html, minute_stamp, show_grade, verdict_badge
from ui.session import current_bank, current_profile, store_or_stop

ANY = "any"
VIEWS = ("History", "Compare", "Progress", "Export")
ss = st.session_state
bank = current_bank()
profile = current_profile()
store = store_or_stop()

st.title("Review")
view = st.radio("View", VIEWS, key="review_view", horizontal=True, label_visibility="collapsed")


def attempt_label(row: dict, *, with_question: bool = False) -> str:
    """How an attempt is named in pickers: '#6 · 2026-11-22 15:42 · 75', optionally with its question."""
    label = f"#{row['id']} · {minute_stamp(row['created_at'])} · {row['overall']}"
    return f"{label} · {short(row['question_text'] or 'free text', 60)}" if with_question else label


def any_option(label: str, options, key: str, names: dict | None = None):
    """A selectbox whose first entry means 'no filter'; returns None for it."""
    names = names or {}
    choice = st.selectbox(label, [ANY, *options], key=key, format_func=lambda v: "Any" if v == ANY else names.get(v, v))
    return None if choice == ANY else choice


def filter_controls() -> HistoryFilter:
    first, second, third, fourth = st.columns(4)
    with first:
        date_from = st.date_input("From", value=None, key="review_from")
        date_to = st.date_input("To", value=None, key="review_to")
    with second:
        category = any_option("Category", list(bank.categories), "review_category", bank.categories)
        verdict = any_option("Machine verdict", VERDICTS, "review_verdict")
    with third:
        myths = {m.id: m.title for m in myth_catalogue().values()}
        myth = any_option("Myth", list(myths), "review_myth", myths)
        sessions = {
            s["id"]: f"{minute_stamp(s['created_at'])} ({s['status']})" for s in history.sessions(store, profile)
        }
        session_id = any_option("Mock session", list(sessions), "review_session", sessions)
    with fourth:
        search = st.text_input("Search answers", key="review_search", placeholder="words that must all appear")
        coach = any_option(
            "Coach verdict",
            [*VERDICTS, history.NO_COACH_VERDICT],
            "review_coach",
            {history.NO_COACH_VERDICT: "None yet"},
        )
    return HistoryFilter(
        profile,
        date_from,
        date_to,
        category=category,
        verdict=verdict,
        coach_verdict=coach,
        myth=myth,
        session_id=session_id,
        search=search or None,
    )


def save_note(attempt_id: int) -> None:
    override = None if ss.review_override == ANY else ss.review_override
    try:
        add_note(Store(), attempt_id, ss.review_note, override)  # callbacks run on another thread
    except (ValueError, StoreError) as error:
        ss.review_note_error = str(error)
    else:
        ss.review_note = ""
        ss.review_override = ANY


def override_text(verdict_override: str | None) -> str:
    """How a note's override reads in the list of notes."""
    if verdict_override == MACHINE_VERDICT:
        return " · back to the machine verdict"
    return f" · verdict → **{verdict_override}**" if verdict_override else ""


def show_attempt(attempt_id: int) -> None:
    row = store.attempt(attempt_id)
    if row is None:
        return
    st.subheader(f"Attempt #{row['id']}")
    category = bank.categories.get(row.get("category") or "", row.get("category") or "free text")
    st.caption(" · ".join(filter(None, [f"{minute_stamp(row['created_at'])} UTC", category, row.get("question_text")])))
    notes = notes_for(store, attempt_id)
    override = current_override(notes)
    machine_col, coach_col = st.columns(2)
    with machine_col:
        st.markdown("**Machine verdict**")
        if row["verdict"]:
            verdict_badge(row["verdict"])
        else:
            st.markdown(f"_{row['status']}_ {row.get('error') or ''}")
    with coach_col:
        st.markdown("**Coach verdict**")
        if override:
            verdict_badge(override)
        else:
            st.markdown("_none yet_")
    if row["grade"]:
        show_grade(row["answer"], Grade.model_validate(row["grade"]), bank.by_id(row["question_id"] or ""))
    else:
        st.text(row["answer"])
    st.subheader("Coach notes")
    for note in notes:
        text = f"- {minute_stamp(note['created_at'])}{override_text(note['verdict_override'])}"
        st.markdown(f"{text}: {note['note']}" if note["note"] else text)
    with st.container(border=True):
        st.text_area("Add a note", key="review_note", height=90)
        choices = [ANY, *VERDICTS, *([MACHINE_VERDICT] if override else [])]
        if ss.get("review_override") not in choices:
            ss.review_override = ANY  # "back to the machine's" is offered only while an override stands
        st.selectbox(
            "Override the verdict",
            choices,
            key="review_override",
            format_func=lambda v: {ANY: "Keep the current verdict", MACHINE_VERDICT: "Back to the machine verdict"}.get(
                v, v
            ),
        )
        if error := ss.pop("review_note_error", None):
            st.error(error)
        st.button("Save note", key="review_add_note", on_click=save_note, args=(attempt_id,))


def open_selected_row() -> None:
    """A row selected in the table opens that attempt: the picker below follows it."""
    rows = ss.review_table.selection.rows
    if rows and rows[0] < len(ss.review_row_ids):
        ss.review_attempt = ss.review_row_ids[rows[0]]


def history_view() -> None:
    filters = filter_controls()
    total = history.count(store, filters)
    pages = history.page_count(total)
    if ss.get("review_page", 1) > pages:
        ss.review_page = 1
    top, page_col = st.columns([3, 1], vertical_alignment="bottom")
    number = page_col.number_input("Page", min_value=1, max_value=pages, key="review_page")
    if total > history.SEARCH_COUNT_CAP:
        top.markdown(
            f"**{history.SEARCH_COUNT_CAP:,}+ attempts** · page {number} of {pages}+ · add words to narrow the search"
        )
    else:
        top.markdown(f"**{counted(total, 'attempt')}** · page {number} of {pages}")
    rows = history.page(store, filters, number)
    if not rows:
        st.info("No attempts match. Answer questions on Practice or Mock interview, or loosen the filters.")
        return
    with_sessions = any(r["session_id"] for r in rows)
    with_coach = any(r["coach_verdict"] for r in rows)
    ss.review_row_ids = [r["id"] for r in rows]
    st.dataframe(
        [
            {
                **r,
                "created_at": minute_stamp(r["created_at"]),
                "question_text": r["question_text"] or "free text",
                # the stored snippet is cut at a fixed length; end it at a word instead
                "answer_start": short(r["answer_start"] or "", history.SNIPPET_CHARS - 1),
            }
            for r in rows
        ],
        column_order=[
            "id",
            "created_at",
            "question_text",
            "verdict",
            *(["coach_verdict"] if with_coach else []),
            "overall",
            "answer_start",
            *(["session_id"] if with_sessions else []),
        ],
        column_config={
            "verdict": "machine verdict",
            "coach_verdict": "coach verdict",
            "created_at": "when (UTC)",
            "question_text": st.column_config.TextColumn("question", width="medium"),
            "answer_start": st.column_config.TextColumn("answer", width="large"),
            "session_id": "mock session",
        },
        hide_index=True,
        key="review_table",
        on_select=open_selected_row,
        selection_mode="single-row",
    )
    labels = {r["id"]: attempt_label(r, with_question=True) for r in rows}
    chosen = st.selectbox(
        "Open an attempt",
        list(labels),
        format_func=labels.get,
        key="review_attempt",
        help="Or select a row in the table.",
    )
    show_attempt(chosen)


def compare_view() -> None:
    questions = history.repeated_questions(store, profile)
    if not questions:
        st.info("Answer the same question twice to compare attempts.")
        return
    texts = {q["question_id"]: q["question_text"] or q["question_id"] for q in questions}
    names = {q["question_id"]: f"{short(texts[q['question_id']], 80)} · {q['attempts']} attempts" for q in questions}
    question_id = st.selectbox("Question", list(names), format_func=names.get, key="review_compare_question")
    if short(texts[question_id], 80) != texts[question_id]:
        st.caption(texts[question_id])
    attempts = history.attempts_at(store, profile, question_id)
    labels = {a["id"]: attempt_label(a) for a in attempts}
    ids = list(labels)
    left_col, right_col = st.columns(2)
    before_id = left_col.selectbox("Before", ids, index=0, format_func=labels.get, key=f"review_before_{question_id}")
    after_id = right_col.selectbox(
        "After", ids, index=len(ids) - 1, format_func=labels.get, key=f"review_after_{question_id}"
    )
    before, after = store.attempt(before_id), store.attempt(after_id)
    for column, row, other in ((left_col, before, None), (right_col, after, before)):
        with column:
            delta = None
            if other and row["overall"] is not None and other["overall"] is not None:
                delta = row["overall"] - other["overall"]
            st.metric("Overall", f"{row['overall']}/100" if row["overall"] is not None else row["status"], delta)
            if row["grade"]:
                st.markdown(
                    highlighted_answer_html(row["answer"], Grade.model_validate(row["grade"])), unsafe_allow_html=True
                )
            else:
                st.text(row["answer"])
    st.subheader("What changed in the answer")
    st.code(history.answer_diff(before["answer"], after["answer"]) or "No change.", language="diff")


def scores_chart(days: list[dict]) -> None:
    st.caption("Daily means; weekly once the history spans more than 90 days.")
    names = {"customer_focus": "customer focus", "overall": "overall score"}
    rows = [{"day": d["day"], "score": names[k], "value": d[k], "attempts": d["attempts"]} for d in days for k in names]
    st.altair_chart(
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("value:Q", title="score (0-100)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("score:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["day:T", "score:N", "value:Q", "attempts:Q"],
        ),
        width="stretch",
    )


def progress_view() -> None:
    days = progress.scores_by_day(store, profile)
    if not days:
        st.info("Charts appear once you have graded attempts.")
        return
    st.subheader("Scores over time")
    if len(days) == 1:  # a line of one dot says nothing: show the day's figures instead
        day = days[0]
        focus_col, overall_col = st.columns(2)
        focus_col.metric(f"Customer focus on {day['day']}", f"{day['customer_focus']:.0f}/100")
        overall_col.metric(f"Overall score on {day['day']}", f"{day['overall']:.0f}/100")
        st.caption(f"From {counted(day['attempts'], 'graded attempt')}. Practise on another day to see a trend.")
    else:
        scores_chart(days)

    st.subheader("Myths per week")
    myths = progress.myths_by_week(store, profile)
    if myths:
        titles = {m.id: m.title for m in myth_catalogue().values()}
        rows = [{**row, "myth": titles.get(row["myth_id"], row["myth_id"])} for row in myths]
        st.altair_chart(
            alt.Chart(alt.Data(values=rows))
            .mark_bar()
            .encode(
                # weeks as categories: one readable bar per week with a myth, not a sliver on a time axis
                x=alt.X("week:O", title="week starting"),
                y=alt.Y("count:Q", title="answers with the myth", axis=alt.Axis(tickMinStep=1)),
                color=alt.Color("myth:N", title="myth", legend=alt.Legend(orient="bottom", labelLimit=400)),
                tooltip=["week:O", "myth:N", "count:Q"],
            ),
            width="stretch",
        )
    else:
        st.markdown("No myths so far.")
    st.subheader("Score by category")
    st.altair_chart(
        alt.Chart(
            alt.Data(
                values=[
                    {**row, "category": bank.categories.get(row["category"], row["category"])}
                    for row in progress.score_by_category(store, profile)
                ]
            )
        )
        .mark_bar()
        .encode(
            x=alt.X("overall:Q", title="mean overall score", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("category:N", title=None, sort="-x"),
            tooltip=["category:N", "overall:Q", "attempts:Q"],
        ),
        width="stretch",
    )


def export_view() -> None:
    filters = filter_controls()
    matches = history.count(store, filters)
    shown = f"{history.SEARCH_COUNT_CAP:,}+" if matches > history.SEARCH_COUNT_CAP else f"{matches:,}"
    noun, verb = ("attempt", "matches") if matches == 1 else ("attempts", "match")
    st.markdown(f"**{shown} {noun}** {verb}; notes and overrides are included.")
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS, strict=True):
        column.download_button(
            f"Download {fmt.upper()}",
            # Built only when clicked, with its own connection (it runs outside this rerun).
            data=lambda fmt=fmt: export_text(Store(), filters, fmt),
            file_name=f"pmtrainer-{profile}.{fmt}",
            mime=MIME_TYPES[fmt],
            key=f"review_export_{fmt}",
            icon=":material/download:",
        )


{"History": history_view, "Compare": compare_view, "Progress": progress_view, "Export": export_view}[view]()
