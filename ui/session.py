"""Per-session plumbing shared by the pages: the bank (cached, reloaded on change), the store."""

from __future__ import annotations

import streamlit as st

from pmtrainer.bank import Bank, bank_signature, load_bank
from pmtrainer.store import DEFAULT_PROFILE, Store, StoreError


@st.cache_resource(show_spinner=False, max_entries=4)
def _bank_for(signature: tuple) -> Bank:
    """One shared, read-only Bank per version of the files (cache_data would unpickle it every rerun)."""
    return load_bank()


def current_bank() -> Bank:
    """The bank, cached across reruns and reloaded when any bank file changes on disk."""
    return _bank_for(bank_signature())


def open_store() -> Store | None:
    """A store for this rerun (SQLite connections are not shared across threads), or None
    after showing the user why the database cannot be used."""
    try:
        return Store()
    except StoreError as error:
        st.error(str(error), icon=":material/database:")
        return None


def current_profile() -> str:
    return st.session_state.get("profile", DEFAULT_PROFILE)


def current_engine() -> str:
    return st.session_state.get("engine", "offline")
