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


@pytest.fixture
def curate(bank_root):
    at = AppTest.from_file("../trainer.py", default_timeout=30).run()
    at.switch_page("app_pages/curate.py").run()
    assert not at.exception
    return at


def fill(at, **fields):
    for name, value in fields.items():
        widget = at.number_input if name == "time_limit_s" else at.text_area if name in TEXT_AREAS else at.text_input
        widget(key=f"curate_f_{name}").set_value(value)


TEXT_AREAS = ("text", "talking_points", "red_flags", "follow_ups")
GOOD = {
    "id": "explain-churn-drop",
    "text": "Churn dropped 5% last month. How would you find out why?",
    "talking_points": "segments first\nrecent changes\ncustomer interviews",
    "red_flags": "product-sells-itself\nBlames the engineers",
}


def save(at):
    at.button(key="FormSubmitter:curate_form-Save").click().run()
    assert not at.exception


def test_search_filters_the_list(curate):
    assert not curate.warning
    assert curate.caption[0].value == "6 of 6 questions"
    curate.text_input(key="curate_search").input("q1 product").run()
    assert curate.caption[0].value == "1 of 6 questions"
    curate.selectbox(key="curate_category").set_value("go-to-market").run()
    assert curate.caption[0].value == "0 of 6 questions"


def test_add_with_validation_error_then_success_and_practice_sees_it(curate, bank_root):
    fill(curate, **{**GOOD, "talking_points": "only one"})
    save(curate)
    assert any("talking_points" in e.value for e in curate.error)
    assert "explain-churn-drop" not in (bank_root / "product-sense.yaml").read_text()

    fill(curate, talking_points=GOOD["talking_points"])
    save(curate)
    assert not curate.error and curate.success[0].value == "Saved explain-churn-drop."
    assert "  - id: explain-churn-drop\n" in (bank_root / "product-sense.yaml").read_text()
    assert curate.caption[0].value == "7 of 7 questions"

    curate.switch_page("app_pages/practice.py").run()
    for _ in range(7):
        curate.button(key="draw").click().run()
        if "Churn dropped" in heading(curate):
            break
    assert "Churn dropped" in heading(curate)


def test_near_duplicate_warns_until_confirmed(curate, bank_root):
    fill(curate, **{**GOOD, "text": "Tell me about product sense q1 and how customers reacted, please."})
    save(curate)
    assert "near-duplicate" in curate.warning[0].value and "product-sense-q1" in curate.warning[0].value
    assert "explain-churn-drop" not in (bank_root / "product-sense.yaml").read_text()
    curate.checkbox(key="curate_allow_duplicate").check()
    save(curate)
    assert "explain-churn-drop" in (bank_root / "product-sense.yaml").read_text()


def test_edit_and_retire(curate, bank_root):
    curate.button(key="curate_edit_go-to-market-q2").click().run()
    assert curate.text_input(key="curate_f_id").value == "go-to-market-q2"
    assert not curate.warning
    fill(curate, text="A clearer wording of the go-to-market question for customers?")
    save(curate)
    assert "A clearer wording" in (bank_root / "go-to-market.yaml").read_text()
    assert (bank_root / "go-to-market.yaml").read_text().startswith("# go-to-market questions")

    curate.button(key="curate_retire_go-to-market-q0").click().run()
    assert curate.caption[0].value == "5 of 6 questions"
    curate.selectbox(key="curate_status").set_value("retired").run()
    assert "go-to-market-q0" in curate.caption[1].value


def test_time_limit_is_validated_inline(curate):
    fill(curate, **GOOD, time_limit_s=10)
    save(curate)
    assert any("time_limit_s" in e.value and "30" in e.value for e in curate.error)


def test_each_question_shows_its_answer_stats(bank_root):
    from pmtrainer.bank import load_bank
    from pmtrainer.store import Store
    from tests.test_drawing import record

    store = Store()
    question = load_bank(bank_root).by_id("product-sense-q0")
    record(store, question, 40, myths=("pm-is-the-boss",))
    record(store, question, 60, myths=("pm-is-the-boss",))
    store.close()
    at = AppTest.from_file("../trainer.py", default_timeout=30).run()
    at.switch_page("app_pages/curate.py").run()
    captions = [c.value for c in at.caption]
    assert any("`product-sense-q0`" in c and "2 attempt(s), mean 50/100" in c for c in captions)
    assert "Myths in answers: pm-is-the-boss ×2" in captions
