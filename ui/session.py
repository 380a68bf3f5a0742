"""Per-session plumbing shared by the pages: the bank (cached, reloaded on change), the store."""

from __future__ import annotations

import os

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


def secret(name: str) -> str | None:
    """A value from `.streamlit/secrets.toml`, or None when there is no such file or entry."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file: Streamlit raises rather than returning nothing
        return None
    return str(value) if value else None


def mask_key(key: str) -> str:
    """Enough of a key to recognise it, never the whole key."""
    return f"{key[:3]}…{key[-4:]}" if len(key) >= 12 else f"… ({len(key)} characters)"


def openai_key() -> tuple[str | None, str]:
    """The API key and where it came from; read here so the package never touches secrets."""
    if key := secret("OPENAI_API_KEY"):
        return key, "Streamlit secrets"
    if key := os.environ.get("OPENAI_API_KEY"):
        return key, "environment (OPENAI_API_KEY)"
    return None, ""


def openai_settings() -> dict:
    """Model and base URL: the Settings page's choice, else secrets, else the environment."""
    return {
        "model": st.session_state.get("openai_model") or secret("PMTRAINER_MODEL") or os.environ.get("PMTRAINER_MODEL"),
        "base_url": st.session_state.get("openai_base_url")
        or secret("OPENAI_BASE_URL")
        or os.environ.get("OPENAI_BASE_URL"),
    }


def openai_engine(**options):
    """An OpenAI engine with this session's settings and key (the SDK loads only when asked)."""
    from pmtrainer.grading.openai_engine import OpenAIEngine

    return OpenAIEngine(api_key=openai_key()[0], **openai_settings(), **options)


def grading_engine():
    """What `grade_answer` should use for this session: "offline" or a configured engine."""
    return openai_engine() if current_engine() == "openai" else "offline"


def store_or_stop() -> Store:
    """The store for a page that cannot work without one; otherwise explain and stop the page."""
    store = open_store()
    if store is None:
        st.stop()
    return store
