"""Save a text area's draft while the user types, not only when the box loses focus.

st.text_area sends its value only on blur or Ctrl+Enter. This invisible component listens to
the browser's input events on the labelled text area and, after a short pause in typing, sends
the text to Python, which saves it. Mount it inside an st.fragment so only that fragment reruns.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const selector = `textarea[aria-label="${data.label}"]`;
  let timer = null;
  const onInput = (event) => {
    const box = event.target;
    if (!box.matches || !box.matches(selector)) return;
    clearTimeout(timer);
    timer = setTimeout(() => setTriggerValue("draft", box.value), data.delay_ms);
  };
  document.addEventListener("input", onInput, true);
  return () => {
    clearTimeout(timer);
    document.removeEventListener("input", onInput, true);
  };
}
"""

_component = st.components.v2.component("pmtrainer_autosave", js=_JS)


def autosave(label: str, key: str, save: Callable[[str], None], delay_ms: int = 700) -> None:
    """Call `save(text)` whenever typing pauses in the text area labelled `label`."""
    result = _component(key=key, data={"label": label, "delay_ms": delay_ms}, on_draft_change=lambda: None)
    if result.draft is not None:
        save(result.draft)
