"""The Streamlit user interface: shared widgets and per-session plumbing for `app_pages/`.

Only this package and `app_pages/` import Streamlit; they call `pmtrainer` for everything else.
"""
