"""History queries: any search text is safe, filters combine, pages are stable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmtrainer.history as history_module
from pmtrainer.history import HistoryFilter, answer_diff, count, page, page_count
from pmtrainer.store import Store

STORE = Store(memory=True)
for n in range(7):
    STORE.add_attempt(answer=f"customers churned {n} times AND more", question_id="q", question_text="Why?")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_search_text_is_a_valid_query(text):
    assert count(STORE, HistoryFilter(search=text)) in range(0, 8)


def test_search_words_must_all_appear_and_operators_are_literal():
    assert count(STORE, HistoryFilter(search="churned customers")) == 7
    assert count(STORE, HistoryFilter(search="churned NOT")) == 0
    assert count(STORE, HistoryFilter(search="AND")) == 7  # a plain word here, not an operator


def test_pages_cover_every_attempt_once():
    ids = [r["id"] for n in (1, 2, 3) for r in page(STORE, HistoryFilter(), n, size=3)]
    assert sorted(ids) == list(range(1, 8)) and page_count(7, 3) == 3 and page_count(0) == 1


def test_answer_diff_shows_changed_sentences():
    diff = answer_diff("We built it. Users liked it.", "We built it. Churn fell 20%.")
    assert "-Users liked it." in diff and "+Churn fell 20%." in diff


def test_search_count_stops_at_the_cap_and_pages_run_newest_first(monkeypatch):
    monkeypatch.setattr(history_module, "SEARCH_COUNT_CAP", 4)
    assert count(STORE, HistoryFilter(search="customers")) == 5  # cap + 1 means "more than the cap"
    assert count(STORE, HistoryFilter()) == 7  # no search: exact
    assert [r["id"] for r in page(STORE, HistoryFilter(search="customers"), 1, size=3)] == [7, 6, 5]
    assert [r["id"] for r in page(STORE, HistoryFilter(search="customers"), 3, size=3)] == [1]
