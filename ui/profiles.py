"""The sidebar profile picker: several local profiles, each with its own history."""

from __future__ import annotations

import streamlit as st

from pmtrainer.store import DEFAULT_PROFILE, StoreError
from ui.session import open_store


def _create_profile() -> None:
    name = st.session_state.get("new_profile", "")
    store = open_store()
    if store is None or not name.strip():
        return
    try:
        existing = set(store.profiles())
        st.session_state["profile"] = cleaned = store.add_profile(name)
        if cleaned in existing:
            st.session_state["profile_notice"] = f"A profile named “{cleaned}” already exists; switched to it."
    except (ValueError, StoreError) as error:
        st.session_state["profile_error"] = str(error)
    st.session_state["new_profile"] = ""


def profile_picker() -> None:
    """Selectbox over the stored profiles plus a box to add one; sets st.session_state["profile"]."""
    with st.sidebar:
        store = open_store()
        names = store.profiles() if store else []
        current = st.session_state.setdefault("profile", DEFAULT_PROFILE)
        if current not in names:
            names.append(current)
        st.selectbox("Profile", sorted(names), key="profile", help="Each profile keeps its own history.")
        st.text_input("New profile", key="new_profile", on_change=_create_profile, placeholder="Name, then Enter")
        if error := st.session_state.pop("profile_error", None):
            st.error(error)
        if notice := st.session_state.pop("profile_notice", None):
            st.info(notice, icon=":material/person:")
