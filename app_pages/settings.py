"""Settings: choose the grading engine and, for OpenAI, the model, base URL and key status."""

import streamlit as st

from pmtrainer.grading.openai_engine import DEFAULT_MODEL
from ui.session import mask_key, openai_engine, openai_key, openai_settings

ENGINE_LABELS = {
    "offline": "Offline: rules on this computer, no key, nothing leaves the machine",
    "openai": "OpenAI: a model reads the answer (needs a key or a local server); falls back to offline on failure",
}

ss = st.session_state
ss.setdefault("engine", "offline")
# Widget state is dropped when the page is left; the settings live in their own keys.
if "settings_engine" not in ss:
    ss["settings_engine"] = ss["engine"]
if "settings_model" not in ss:
    ss["settings_model"] = ss.get("openai_model", "")
if "settings_base_url" not in ss:
    ss["settings_base_url"] = ss.get("openai_base_url", "")


def save_engine() -> None:
    ss["engine"] = ss["settings_engine"]


def save_openai() -> None:
    ss["openai_model"] = ss["settings_model"].strip()
    ss["openai_base_url"] = ss["settings_base_url"].strip()


st.title("Settings")
st.radio(
    "Grading engine", list(ENGINE_LABELS), format_func=ENGINE_LABELS.get, key="settings_engine", on_change=save_engine
)

st.subheader("OpenAI engine")
st.text_input(
    "Model",
    key="settings_model",
    on_change=save_openai,
    placeholder=f"{openai_settings()['model'] or DEFAULT_MODEL} (from PMTRAINER_MODEL or the default)",
)
st.text_input(
    "Base URL",
    key="settings_base_url",
    on_change=save_openai,
    placeholder=openai_settings()["base_url"] or "https://api.openai.com/v1 (or e.g. http://localhost:11434/v1)",
    help="Leave empty for OpenAI; set it for an OpenAI-compatible server such as a local one.",
)

key, source = openai_key()
base_url = openai_settings()["base_url"]
if key:
    st.markdown(f"**API key:** `{mask_key(key)}` from {source}")
elif base_url:
    st.markdown("**API key:** not set; fine for a local server, which gets a placeholder key.")
else:
    st.markdown("**API key:** not set")
    if ss["engine"] == "openai":
        st.warning(
            "The OpenAI engine needs a key or a server: set `OPENAI_API_KEY` in the environment or in "
            "`.streamlit/secrets.toml`, or enter the base URL of a local OpenAI-compatible server above. "
            "Until then answers are graded offline.",
            icon=":material/key:",
        )
st.caption("The key is read from the environment or Streamlit secrets only; it is never saved, logged or exported.")

if st.button("Test connection", key="test_connection", icon=":material/network_check:"):
    with st.spinner("Contacting the server…"):
        ok, message = openai_engine().test_connection()
    if ok:
        st.success(message, icon=":material/check_circle:")
    else:
        st.error(message, icon=":material/error:")
