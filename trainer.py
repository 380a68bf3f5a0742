"""pmtrainer's Streamlit entry point: page navigation only. Run with `streamlit run trainer.py`."""

import streamlit as st

st.set_page_config(page_title="pmtrainer", page_icon=":material/record_voice_over:", layout="wide")

pages = [
    st.Page("app_pages/practice.py", title="Practice", icon=":material/edit_note:", default=True),
    st.Page("app_pages/curate.py", title="Question bank", icon=":material/library_books:"),
]
st.navigation(pages).run()
