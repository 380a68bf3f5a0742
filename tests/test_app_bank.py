"""The app on a small bank in the test's folder: practice filters and strategies, and curation."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.banks import small_bank


@pytest.fixture
def bank_root(tmp_path, monkeypatch):
    root = small_bank(tmp_path / "bank")
    monkeypatch.setenv("PMTRAINER_BANK", str(root))
    return root


@pytest.fixture
def app(bank_root):
    return AppTest.from_file("../trainer.py", default_timeout=30).run()


def heading(app) -> str:
    return next(m.value for m in app.markdown if m.value.startswith("### "))


def test_practice_filters_and_strategies(app):
    app.selectbox(key="practice_difficulty").set_value("hard").run()
    for strategy in ("weakest", "spaced", "random"):
        app.selectbox(key="practice_strategy").set_value(strategy).run()
        app.button(key="draw").click().run()
        assert not app.exception
        assert app.caption[0].value.endswith("· hard")


def test_practice_says_when_nothing_matches(app, bank_root):
    for path in bank_root.glob("*.yaml"):
        path.write_text(path.read_text().replace("difficulty: easy", "difficulty: medium"))
    app.run()
    app.selectbox(key="practice_difficulty").set_value("easy").run()
    app.button(key="draw").click().run()
    assert "No active question matches" in app.info[0].value
