"""Practice: draw a question, answer it, get graded feedback, try again or move on."""

import time

import streamlit as st

from pmtrainer.drawing import STRATEGIES, draw, filter_questions
from pmtrainer.grading import AnswerError, grade_answer, validate_answer
from pmtrainer.models import Grade
from pmtrainer.scheduling import History
from pmtrainer.store import StoreError
from ui.components import show_grade
from ui.session import current_bank, current_engine, current_profile, grading_engine, open_store

ss = st.session_state
ss.setdefault("practice_question_id", None)
ss.setdefault("practice_seen", [])
ss.setdefault("practice_result", None)  # {answer, grade, attempt_id, previous}
ss.setdefault("practice_started", None)
ss.setdefault("practice_draft", "")
# A widget's state is dropped when its page is left; restore the draft from our own key.
if ss.get("page_entered", True) and not ss.get("answer") and ss.practice_draft:
    ss["answer"] = ss.practice_draft

bank = current_bank()
ANY = "any"


def clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def keep_draft() -> None:
    # Leaving the page can report the box as empty; never let that overwrite a real draft.
    if ss["answer"].strip():
        ss.practice_draft = ss["answer"]


def history_for(strategy: str) -> History | None:
    """The profile's attempt summary, read only for strategies that use it."""
    if strategy == "random":
        return None
    store = open_store()
    if store is None:
        return None
    try:
        return History.from_store(store, current_profile())
    except StoreError:
        return None
    finally:
        store.close()


def draw_question(*, discard: bool = False) -> None:
    # An unsubmitted answer is never dropped silently: ask first.
    if not discard and ss.practice_result is None and ss.get("answer", "").strip():
        ss.practice_confirm_draw = True
        return
    ss.practice_confirm_draw = False
    category = None if ss.practice_category == ANY else ss.practice_category
    difficulty = None if ss.get("practice_difficulty", ANY) == ANY else ss.practice_difficulty
    strategy = ss.get("practice_strategy", "random")
    pool = filter_questions(bank.active, category=category, difficulty=difficulty)
    question = draw(pool, strategy, seen=ss.practice_seen, history=history_for(strategy))
    if question is None:
        ss.practice_question_id = None
        ss.practice_no_match = True
        return
    ss.practice_question_id = question.id
    ss.practice_seen.append(question.id)
    ss.practice_result = None
    ss.practice_started = time.time()
    ss["answer"] = ss.practice_draft = ""


def try_again() -> None:
    ss["answer"] = ss.practice_draft = ss.practice_result["answer"]
    ss.practice_result = None
    ss.practice_started = time.time()


def submit(question) -> None:
    answer = ss["answer"]
    ss.practice_draft = answer
    try:
        validate_answer(answer)
    except AnswerError as error:
        ss.practice_error = str(error)
        return
    taken = time.time() - ss.practice_started if ss.practice_started else None
    store = open_store()
    attempt_id = previous = None
    if store:
        try:
            attempt_id = store.add_attempt(
                answer=answer,
                question_id=question.id,
                question_text=question.text,
                category=question.category,
                profile=current_profile(),
                time_taken_s=taken,
                engine=current_engine(),
            )
        except StoreError as error:
            ss.practice_error = f"{error} Your answer is still in the box; it was graded but not saved."
    try:
        grade = grade_answer(answer, question, engine=grading_engine())
    except Exception as error:  # an engine bug must not lose the answer
        if store and attempt_id:
            store.record_error(attempt_id, str(error))
        ss.practice_error = f"Grading failed ({error}). Your answer is saved and still in the box."
        return
    if store and attempt_id:
        try:
            store.record_grade(attempt_id, grade)
            previous = store.previous_graded(current_profile(), question.id, attempt_id)
        except StoreError as error:
            ss.practice_error = f"{error} The grade below was not saved."
    ss.practice_result = {
        "answer": answer,
        "grade": grade.to_json_dict(),
        "attempt_id": attempt_id,
        "previous": previous,
        "time_taken_s": taken,
    }


st.title("Practice")
if bank.problems:
    with st.expander(f"The question bank has {len(bank.problems)} problem(s); valid questions still load"):
        st.code("\n".join(str(p) for p in bank.problems[:50]))

pick, level, how, action = st.columns([3, 1.5, 2, 1.5], vertical_alignment="bottom")
pick.selectbox(
    "Category",
    [ANY, *bank.categories],
    format_func=lambda slug: "Any category" if slug == ANY else bank.categories[slug],
    key="practice_category",
)
level.selectbox(
    "Difficulty",
    [ANY, "easy", "medium", "hard"],
    format_func=lambda d: "Any difficulty" if d == ANY else d.capitalize(),
    key="practice_difficulty",
)
how.selectbox("Order", list(STRATEGIES), format_func=STRATEGIES.get, key="practice_strategy")
action.button("Draw a question", key="draw", on_click=draw_question, type="primary", width="stretch")

question = bank.by_id(ss.practice_question_id) if ss.practice_question_id else None
if question is None:
    if not bank.active:
        st.error(
            "The question bank has no active questions. Check `question_bank/` and run `python -m pmtrainer bank validate`."
        )
    else:
        message = "Pick a category and draw a question to start."
        if ss.pop("practice_no_match", False):
            message = "No active question matches these filters; widen them and draw again."
        st.info(message, icon=":material/casino:")
    st.stop()

with st.container(border=True):
    st.caption(f"{bank.categories.get(question.category, question.category)} · {question.difficulty}")
    st.markdown(f"### {question.text}")
    timer_on = st.toggle("Show timer", key="practice_timer")

if timer_on and ss.practice_result is None:

    @st.fragment(run_every=1)
    def timer() -> None:
        elapsed = int(time.time() - (ss.practice_started or time.time()))
        limit = question.time_limit_s
        text = f"Elapsed {clock(elapsed)}"
        if limit:
            text += f" of {clock(limit)}"
            if elapsed > limit:
                text += " — over time; wrap up with your result"
        st.markdown(f":material/timer: **{text}**")

    timer()
elif timer_on and ss.practice_result.get("time_taken_s") is not None:
    st.markdown(f":material/timer: **Answered in {clock(ss.practice_result['time_taken_s'])}**")

error = ss.pop("practice_error", None)
if ss.practice_result is None:
    st.text_area(
        "Your answer",
        key="answer",
        height=260,
        on_change=keep_draft,
        placeholder="Answer as you would in the interview: the customer, what you did, the result.",
    )
    if error:
        st.error(error, icon=":material/error:")
    if ss.get("practice_confirm_draw"):
        st.warning("You have an answer that isn't submitted yet. Drawing a new question discards it.")
        keep, discard = st.columns(2)
        keep.button("Keep answering", key="keep_answer", on_click=lambda: ss.update(practice_confirm_draw=False))
        discard.button("Discard and draw", key="discard_draw", on_click=draw_question, kwargs={"discard": True})
    st.button("Submit for feedback", key="submit", type="primary", on_click=submit, args=(question,))
else:
    if error:
        st.warning(error, icon=":material/warning:")
    result = ss.practice_result
    previous = result["previous"]
    show_grade(
        result["answer"],
        Grade.model_validate(result["grade"]),
        question,
        {"overall": previous["overall"], "grade": previous["grade"]} if previous else None,
    )
    again, following = st.columns(2)
    again.button("Try again", key="try_again", on_click=try_again, icon=":material/replay:", width="stretch")
    following.button(
        "Next question",
        key="next",
        on_click=draw_question,
        icon=":material/skip_next:",
        width="stretch",
        type="primary",
    )
