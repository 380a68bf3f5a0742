"""The myth catalogue: one data file that every grading engine reads."""

from __future__ import annotations

from functools import cache

import yaml

from pmtrainer.models import Myth
from pmtrainer.paths import DATA_DIR

CATALOGUE_PATH = DATA_DIR / "myths.yaml"


@cache
def myth_catalogue() -> dict[str, Myth]:
    """Myth id -> entry, in catalogue order."""
    raw = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return {myth_id: Myth(id=myth_id, **fields) for myth_id, fields in raw.items()}


def myth_ids() -> list[str]:
    return list(myth_catalogue())
