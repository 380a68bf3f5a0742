"""The fast YAML path gives exactly what yaml.safe_load gives, or falls back to it."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtrainer import yaml_fast

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
data = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data, st.booleans(), st.sampled_from([None, "'", '"', "|"]))
def test_same_as_safe_load(value, flow, style):
    text = yaml.safe_dump(value, default_flow_style=flow, default_style=style, allow_unicode=True)
    assert yaml_fast.load(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a: yes\nb: No\nc: ~\nd:\ne: 0x1f\nf: 1_000\ng: 1:30\nh: 0o17\ni: 017\nj: +5\nk: -0\n",
        "when: 2024-01-02\nat: 2024-01-02T10:00:00Z\nx: 1.5\ny: .inf\nz: .NaN\n",
        "base: &b {a: 1}\nother: *b\nmerged:\n  <<: *b\n  c: 2\n",
        "tagged: !!str 123\nset: !!set {a, b}\n",
        "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n",
        "dup: 1\ndup: 2\n",
        "'quoted key': \"yes\"\nplain: 'no'\n",
    ],
)
def test_edge_cases_match_safe_load(text):
    assert yaml_fast.load(text) == yaml.safe_load(text)


def test_errors_are_yaml_errors_with_the_same_line():
    for text in ("a: [1, 2\n", "--- 1\n--- 2\n", "a: b: c\n", "? [complex, key]\n: value\n"):
        with pytest.raises(yaml.YAMLError) as fast:
            yaml_fast.load(text)
        with pytest.raises(yaml.YAMLError) as full:
            yaml.safe_load(text)
        assert getattr(fast.value, "problem_mark", None).line == getattr(full.value, "problem_mark", None).line
