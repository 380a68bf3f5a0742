"""pmtrainer's Streamlit entry point: navigation plus the shared profile picker. Run with
`streamlit run trainer.py`."""

import streamlit as st

from ui.profiles import profile_picker

st.set_page_config(page_title="pmtrainer", page_icon=":material/record_voice_over:", layout="wide")

pages = [
    st.Page("app_pages/practice.py", title="Practice", icon=":material/edit_note:", default=True),
    st.Page("app_pages/mock.py", title="Mock interview", icon=":material/timer:"),
    st.Page("app_pages/review.py", title="Review", icon=":material/history:"),
    st.Page("app_pages/curate.py", title="Question bank", icon=":material/library_books:"),
    st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:"),
]
navigation = st.navigation(pages)
# Pages restore drafts on entry: a widget's state is dropped when its page is left.
st.session_state["page_entered"] = st.session_state.get("page_current") != navigation.url_path
st.session_state["page_current"] = navigation.url_path
profile_picker()
navigation.run()
