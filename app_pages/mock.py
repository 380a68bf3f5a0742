"""Mock interview: a timed set of questions, no feedback until the report card at the end."""

import random

import streamlit as st

from pmtrainer.grading import AnswerError
from pmtrainer.report_card import build_report_card, report_markdown
from pmtrainer.sessions import (
    LENGTHS,
    SessionMovedOn,
    begin_question,
    load_session,
    open_sessions,
    pick_questions,
    save_draft,
    seconds_since,
    session_attempts,
    start_session,
    submit_answer,
    time_limit,
)
from pmtrainer.store import Store, StoreError, now_iso
from ui.autosave import autosave
from ui.components import minute_stamp, show_grade
from ui.session import current_bank, current_engine, current_profile, store_or_stop

ss = st.session_state
bank = current_bank()
profile = current_profile()
store = store_or_stop()


def callback_store() -> Store:
    """A store for a callback: callbacks run on the next rerun's thread, and SQLite
    connections cannot cross threads, so they never reuse the page's store."""
    return Store()


def answer_key(session_id: str, position: int) -> str:
    return f"mock_answer_{session_id}_{position}"


def set_session(session_id: str | None) -> None:
    """Remember the session in the URL too, so a reload or a shared link comes back to it."""
    ss.mock_session_id = session_id
    if session_id:
        st.query_params["session"] = session_id
    else:
        st.query_params.pop("session", None)


def start() -> None:
    categories = ss.mock_categories or list(bank.categories)
    questions = pick_questions(bank.active, ss.mock_length, categories, random.Random())
    try:
        session = start_session(callback_store(), questions, profile=profile, categories=categories)
    except (ValueError, StoreError) as error:
        ss.mock_error = str(error)
        return
    set_session(session.id)


def keep_draft(session_id: str, position: int) -> None:
    text = ss[answer_key(session_id, position)]
    if not text.strip():  # leaving the page can report the box as empty: keep the saved draft
        return
    try:
        save_draft(callback_store(), session_id, position, text)
    except StoreError as error:
        ss.mock_error = f"{error} Your draft is still in the box; submit again when the database is free."


def submit(session, question) -> None:
    key = answer_key(session.id, session.position)
    number = session.position + 1
    try:
        submit_answer(callback_store(), session, question, ss.get(key, ""), engine=current_engine())
    except (AnswerError, SessionMovedOn) as error:
        ss.mock_error = str(error)
    except StoreError as error:
        ss.mock_error = f"{error} Your answer is still in the box; submit again in a moment."
    else:
        ss.mock_notice = f"Answer {number} saved."


session_id = st.query_params.get("session") or ss.get("mock_session_id")
session = load_session(store, session_id) if session_id else None
if session is None or session.profile != profile:
    session = None
    ss.mock_session_id = None
elif st.query_params.get("session") != session.id or ss.get("mock_session_id") != session.id:
    set_session(session.id)  # opened from a link or back from another page: keep both in step
error = ss.pop("mock_error", None)

# --- Setup: start a new interview or resume an unfinished one -------------------------------
if session is None:
    st.title("Mock interview")
    st.caption("Answer against the clock as you would in the room; feedback comes only at the end.")
    unfinished = open_sessions(store, profile)
    if unfinished:
        st.subheader("Resume")
        for item in unfinished:
            row, button = st.columns([4, 1], vertical_alignment="center")
            row.markdown(f"Started {minute_stamp(item.created_at)} UTC · question {item.position + 1} of {item.length}")
            button.button("Resume", key=f"mock_resume_{item.id}", on_click=set_session, args=(item.id,))
    st.subheader("New interview")
    st.radio("Questions", LENGTHS, key="mock_length", horizontal=True)
    st.multiselect(
        "Categories (leave empty for a mix of all)",
        list(bank.categories),
        format_func=lambda slug: bank.categories[slug],
        key="mock_categories",
    )
    if error:
        st.error(error, icon=":material/error:")
    if not bank.active:
        st.error("The question bank has no active questions. Run `python -m pmtrainer bank validate`.")
        st.stop()
    st.button("Start the interview", key="mock_start", type="primary", on_click=start, icon=":material/play_arrow:")
    st.stop()

# --- Report card ----------------------------------------------------------------------------
if session.finished:
    card = build_report_card(session.id, session_attempts(store, session.id))
    st.title("Report card")
    overall_col, strong_col, redo_col = st.columns(3)
    overall_col.metric("Overall", f"{card.overall}/100" if card.overall is not None else "n/a")
    if card.strongest:
        strong_col.metric("Strongest answer", f"Q{card.strongest.position + 1} · {card.strongest.overall}/100")
    if card.redo_first:
        redo_col.metric("Redo first", f"Q{card.redo_first.position + 1} · {card.redo_first.overall}/100")
    st.subheader("Patterns across your answers")
    st.markdown("\n".join(f"- {p}" for p in card.patterns) or "No recurring problems: consistent answers.")
    for item in card.items:
        with st.container(border=True):
            st.markdown(f"#### Q{item.position + 1}. {item.question_text}")
            if item.grade:
                show_grade(item.answer, item.grade, bank.by_id(item.question_id or ""))
            else:
                st.warning("This answer could not be graded; it is saved and shows in Review.")
                st.text(item.answer)
    download, again = st.columns(2)
    download.download_button(
        "Download the report (Markdown)",
        report_markdown(card),
        file_name=f"mock-interview-{session.id}.md",
        mime="text/markdown",
        key="mock_download",
        icon=":material/download:",
    )
    again.button("New mock interview", key="mock_new", on_click=set_session, args=(None,), type="primary")
    st.stop()

# --- Answering ------------------------------------------------------------------------------
question = bank.by_id(session.current_question_id)
if question is None:
    st.error(f"Question {session.current_question_id!r} is no longer in the bank; start a new interview.")
    st.button("New mock interview", key="mock_new", on_click=set_session, args=(None,))
    st.stop()
try:
    draft = begin_question(store, session)
except StoreError as failure:  # keep the interview going; the clock restarts from now
    error = error or f"{failure} Your draft will be saved once the database is free."
    draft = {"draft": "", "started_at": now_iso()}
key = answer_key(session.id, session.position)
# First sight, a reload, back from another page, or a rerun that reports the box empty while
# the database holds a draft (a click elsewhere can race the box's own update): restore it.
if not ss.get(key):
    ss[key] = draft["draft"] or ""

st.title("Mock interview")
st.progress(session.position / session.length, text=f"Question {session.position + 1} of {session.length}")
if notice := ss.pop("mock_notice", None):
    st.success(notice + " Feedback comes at the end.", icon=":material/check:")
with st.container(border=True):
    st.caption(bank.categories.get(question.category, question.category))
    st.markdown(f"### {question.text}")
    limit = time_limit(question)

    @st.fragment(run_every=1)
    def countdown() -> None:
        left = int(limit - seconds_since(draft["started_at"]))
        if left > 0:
            st.markdown(f":material/timer: **{left // 60}:{left % 60:02d} left** of {limit // 60}:{limit % 60:02d}")
        else:
            st.markdown(":material/timer_off: **Time is up** — land your result in a sentence and submit.")

    countdown()

st.text_area(
    "Your answer",
    key=key,
    height=260,
    on_change=keep_draft,
    args=(session.id, session.position),
    placeholder="The customer, what you did, the result in numbers.",
)


@st.fragment
def autosave_draft() -> None:
    """Saves each pause in typing; the box's own on_change still saves on blur and Ctrl+Enter."""

    def save(text: str) -> None:
        if not text.strip():
            return
        try:
            save_draft(callback_store(), session.id, session.position, text)
        except StoreError:
            pass  # the box keeps the text; the next pause or the blur tries again

    autosave("Your answer", f"mock_autosave_{session.id}_{session.position}", save)


autosave_draft()
st.caption("Your draft is saved as you type, so a reload or a closed tab brings it back.")
if error:
    st.error(error, icon=":material/error:")
last = session.position + 1 == session.length
st.button(
    "Submit and see the report card" if last else "Submit and next question",
    key="mock_submit",
    type="primary",
    on_click=submit,
    args=(session, question),
)
