"""Where pmtrainer finds its data files and keeps the user's database."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"
BANK_DIR = ROOT / "question_bank"
PROMPTS_DIR = ROOT / "prompts"


def default_db_path() -> Path:
    """`PMTRAINER_DB` if set, else `pmtrainer.db` in the user's data directory."""
    override = os.environ.get("PMTRAINER_DB")
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir("pmtrainer", appauthor=False)) / "pmtrainer.db"


def bank_dir() -> Path:
    """`PMTRAINER_BANK` if set (tests, curators' drafts), else the shipped `question_bank/`."""
    override = os.environ.get("PMTRAINER_BANK")
    return Path(override).expanduser() if override else BANK_DIR


def cache_dir() -> Path:
    """`PMTRAINER_CACHE` if set, else pmtrainer's folder in the user's cache directory."""
    override = os.environ.get("PMTRAINER_CACHE")
    return Path(override).expanduser() if override else Path(user_cache_dir("pmtrainer", appauthor=False))
