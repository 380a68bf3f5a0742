"""Coach notes: a reviewer's comment on an attempt and an optional verdict override.

Notes live in their own table; the machine grade in `attempts` is never changed, so the
review can always show both side by side.
"""

from __future__ import annotations

from typing import get_args

from pmtrainer.models import Verdict
from pmtrainer.store import Store, now_iso

VERDICTS = get_args(Verdict)
# Stored as an override to withdraw the earlier ones: the machine verdict stands again.
MACHINE_VERDICT = "machine"


def add_note(store: Store, attempt_id: int, note: str, verdict_override: str | None = None) -> int:
    if verdict_override is not None and verdict_override not in (*VERDICTS, MACHINE_VERDICT):
        choices = ", ".join((*VERDICTS, MACHINE_VERDICT))
        raise ValueError(f"Unknown verdict {verdict_override!r}; choose one of: {choices}.")
    if not note.strip() and verdict_override is None:
        raise ValueError("Write a note or choose a verdict override.")
    row = {
        "attempt_id": attempt_id,
        "note": note.strip(),
        "verdict_override": verdict_override,
        "created_at": now_iso(),
    }
    return store.write(lambda: store.db["coach_notes"].insert(row).last_pk)


def notes_for(store: Store, attempt_id: int) -> list[dict]:
    """Oldest first."""
    return store.query("select * from coach_notes where attempt_id = ? order by created_at, id", [attempt_id])


def current_override(notes: list[dict]) -> str | None:
    """The latest override wins; a note without one leaves the previous override standing, and
    MACHINE_VERDICT withdraws it."""
    overrides = [n["verdict_override"] for n in notes if n["verdict_override"]]
    return overrides[-1] if overrides and overrides[-1] != MACHINE_VERDICT else None


# The same rule in SQL, for lists and filters over many attempts.
COACH_VERDICT_SQL = (
    "(select nullif(n.verdict_override, '" + MACHINE_VERDICT + "') from coach_notes n "
    "where n.attempt_id = attempts.id and n.verdict_override is not null "
    "order by n.created_at desc, n.id desc limit 1)"
)
