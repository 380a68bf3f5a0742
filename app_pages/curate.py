"""Question bank: search, see how each question is answered, and add, edit or retire questions."""

import streamlit as st
from pydantic import ValidationError

from pmtrainer.bank import BankError, describe_error
from pmtrainer.bank_edit import add_question, near_duplicates, retire_question, update_question
from pmtrainer.models import Question
from pmtrainer.store import StoreError
from ui.session import current_bank, open_store

ss = st.session_state
ss.setdefault("curate_editing", None)  # id of the question in the form, None for a new one
ss.setdefault("curate_errors", [])  # (field, message) from the last save
ss.setdefault("curate_duplicates", [])  # (id, text, score) that blocked the last save
ANY = "any"
LEVELS = ["easy", "medium", "hard"]
LIST_LIMIT = 100  # cards per page: enough to browse, cheap to render
FORM_FIELDS = {
    "id": "",
    "category": None,
    "text": "",
    "difficulty": "medium",
    "tags": "",
    "talking_points": "",
    "red_flags": "",
    "follow_ups": "",
    "time_limit_s": None,
    "source": "general",
    "status": "active",
}
LINE_FIELDS = ("talking_points", "red_flags", "follow_ups")

bank = current_bank()


def fill_form(question: Question | None) -> None:
    """Put a question (or blanks for a new one) into the form's widgets."""
    ss.curate_editing = question.id if question else None
    ss.curate_errors, ss.curate_duplicates = [], []
    for name, blank in FORM_FIELDS.items():
        value = getattr(question, name) if question else blank
        if name == "tags" and question:
            value = ", ".join(value)
        elif name in LINE_FIELDS and question:
            value = "\n".join(value)
        ss[f"curate_f_{name}"] = value
    if not question:
        ss.curate_f_category = next(iter(bank.categories), None)


def form_values() -> dict:
    values = {name: ss.get(f"curate_f_{name}") for name in FORM_FIELDS}
    values["tags"] = [t.strip() for t in (values["tags"] or "").split(",") if t.strip()]
    for name in LINE_FIELDS:
        values[name] = [line.strip() for line in (values[name] or "").splitlines() if line.strip()]
    if values["time_limit_s"] is not None:
        values["time_limit_s"] = int(values["time_limit_s"])
    values["id"] = (values["id"] or "").strip()
    values["text"] = (values["text"] or "").strip()
    return values


def save() -> None:
    ss.curate_errors, ss.curate_duplicates = [], []
    try:
        question = Question(**form_values())
    except ValidationError as invalid:
        fields = [".".join(str(p) for p in e["loc"]) or "question" for e in invalid.errors()]
        ss.curate_errors = [
            (field, describe_error(e).removeprefix(f"{field}: "))
            for field, e in zip(fields, invalid.errors(), strict=True)
        ]
        return
    duplicates = near_duplicates(question.text, bank.questions, exclude_id=ss.curate_editing)
    if duplicates and not ss.get("curate_allow_duplicate"):
        ss.curate_duplicates = [(q.id, q.text, score) for q, score in duplicates]
        return
    try:
        if ss.curate_editing:
            update_question(question)
        else:
            add_question(question)
    except BankError as error:
        ss.curate_errors = [("bank", p.message) for p in error.problems]
        return
    ss.curate_message = f"Saved {question.id}."
    fill_form(question)
    ss.curate_allow_duplicate = False


def retire(question_id: str) -> None:
    try:
        retire_question(question_id)
        ss.curate_message = f"Retired {question_id}: it is kept in the file but no longer drawn."
    except BankError as error:
        ss.curate_errors = [("bank", p.message) for p in error.problems]


def question_stats() -> dict:
    store = open_store()
    if store is None:
        return {}
    try:
        return store.question_stats()
    except StoreError as error:
        st.warning(str(error))
        return {}
    finally:
        store.close()


def matches(question: Question, words: str) -> bool:
    haystack = " ".join([question.id, question.text, *question.tags]).lower()
    return all(word in haystack for word in words.lower().split())


if "curate_f_id" not in ss:
    fill_form(None)

st.title("Question bank")
if message := ss.pop("curate_message", None):
    st.success(message, icon=":material/check:")
if bank.problems:
    with st.expander(f"The bank has {len(bank.problems)} problem(s)"):
        st.code("\n".join(str(p) for p in bank.problems[:50]))

search, category, level, status = st.columns([3, 2, 1.5, 1.5])
words = search.text_input("Search", key="curate_search", placeholder="words in the id, text or tags")
cat = category.selectbox(
    "Category",
    [ANY, *bank.categories],
    format_func=lambda slug: "Any category" if slug == ANY else bank.categories[slug],
    key="curate_category",
)
lvl = level.selectbox("Difficulty", [ANY, *LEVELS], key="curate_difficulty")
state = status.selectbox("Status", ["active", "retired", ANY], key="curate_status")
shown = [
    q
    for q in bank.questions
    if (cat == ANY or q.category == cat)
    and (lvl == ANY or q.difficulty == lvl)
    and (state == ANY or q.status == state)
    and matches(q, words or "")
]

listing, editor = st.columns([3, 2], gap="large")
stats = question_stats()
with listing:
    more = f"; the first {LIST_LIMIT} are shown, search to narrow" if len(shown) > LIST_LIMIT else ""
    st.caption(f"{len(shown)} of {len(bank.questions)} questions{more}")
    for question in shown[:LIST_LIMIT]:
        numbers = stats.get(question.id, {"attempts": 0, "mean": None, "myths": {}})
        with st.container(border=True):
            st.markdown(f"**{question.text}**")
            mean = f", mean {numbers['mean']:.0f}/100" if numbers["mean"] is not None else ""
            st.caption(
                f"`{question.id}` · {bank.categories.get(question.category, question.category)} · "
                f"{question.difficulty} · {question.status} · {numbers['attempts']} attempt(s){mean}"
            )
            if numbers["myths"]:
                st.caption("Myths in answers: " + ", ".join(f"{m} ×{n}" for m, n in numbers["myths"].items()))
            edit, drop = st.columns(2)
            edit.button("Edit", key=f"curate_edit_{question.id}", on_click=fill_form, args=(question,))
            if question.status == "active":
                drop.button("Retire", key=f"curate_retire_{question.id}", on_click=retire, args=(question.id,))

with editor:
    st.subheader(f"Edit {ss.curate_editing}" if ss.curate_editing else "New question")
    st.button("Start a new question", key="curate_new", on_click=fill_form, args=(None,))
    with st.form("curate_form"):
        st.text_input("Id (lowercase-with-dashes)", key="curate_f_id", disabled=bool(ss.curate_editing))
        st.selectbox("Category", list(bank.categories), format_func=bank.categories.get, key="curate_f_category")
        st.text_area("Question", key="curate_f_text", height=80)
        st.selectbox("Difficulty", LEVELS, key="curate_f_difficulty")
        st.text_input("Tags (comma-separated)", key="curate_f_tags")
        st.text_area("Talking points (one per line, at least 3)", key="curate_f_talking_points")
        st.text_area("Red flags (one per line, at least 1: a myth id or a sentence)", key="curate_f_red_flags")
        st.text_area("Follow-ups (one per line)", key="curate_f_follow_ups")
        st.number_input("Time limit in seconds (optional)", key="curate_f_time_limit_s", step=30, value=None)
        st.text_input("Source (seed file name or general)", key="curate_f_source")
        st.selectbox("Status", ["active", "retired"], key="curate_f_status")
        st.checkbox("Save even if it looks like a near-duplicate", key="curate_allow_duplicate")
        st.form_submit_button("Save", type="primary", on_click=save)
    for name, problem in ss.curate_errors:
        st.error(f"**{name}**: {problem}", icon=":material/error:")
    if ss.curate_duplicates:
        lines = "\n".join(f"- `{qid}` ({score:.0f}%): {text}" for qid, text, score in ss.curate_duplicates)
        st.warning(f"This looks like a near-duplicate of:\n{lines}\n\nTick the box to save anyway.")
