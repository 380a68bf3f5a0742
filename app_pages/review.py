"""Review: history, attempt detail, compare, progress charts, coach notes, export."""

import streamlit as st

st.title("Review")
