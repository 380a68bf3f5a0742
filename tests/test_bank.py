"""Bank validation: every kind of problem is reported at the right file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtrainer.bank import BankError, load_bank
from pmtrainer.paths import BANK_DIR
from tests.banks import question_yaml, small_bank, write_bank


def problems_of(root: Path) -> list[str]:
    return [str(p) for p in load_bank(root).problems]


def test_small_bank_is_valid(tmp_path):
    bank = load_bank(small_bank(tmp_path))
    assert bank.problems == []
    assert len(bank.active) == 6
    assert bank.by_id("go-to-market-q1").category == "go-to-market"


def test_yaml_syntax_error_has_its_line(tmp_path):
    write_bank(tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n  - id: a\n    text: [oops\n"})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'product-sense.yaml'}:")
    assert "YAML syntax error" in problem
    assert int(problem.split(":")[1]) in (4, 5)


def test_missing_required_field_points_at_the_question(tmp_path):
    broken = question_yaml("second").replace("    difficulty: medium\n", "")
    write_bank(
        tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n" + question_yaml("first") + broken}
    )
    path = tmp_path / "product-sense.yaml"
    assert problems_of(tmp_path) == [f"{path}:14: question second: missing required field 'difficulty'"]


def test_wrong_field_value_points_at_the_field(tmp_path):
    bad = question_yaml("first", difficulty="impossible")
    write_bank(tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n" + bad})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'product-sense.yaml'}:5: question first: difficulty:")


def test_unknown_field_suggests_the_right_name(tmp_path):
    bad = question_yaml("first", extra="    folow_ups: [Why?]\n")
    write_bank(tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n" + bad})
    path = tmp_path / "product-sense.yaml"
    assert problems_of(tmp_path) == [
        f"{path}:14: question first: unknown field 'folow_ups' (did you mean 'follow_ups'?)"
    ]


def test_too_few_talking_points(tmp_path):
    bad = question_yaml("first").replace("      - the measured result\n", "")
    write_bank(tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n" + bad})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'product-sense.yaml'}:7: question first: talking_points:")


def test_duplicate_id_across_files_names_both_places(tmp_path):
    write_bank(
        tmp_path,
        {
            "go-to-market.yaml": "category: go-to-market\nquestions:\n" + question_yaml("x") + question_yaml("same"),
            "product-sense.yaml": "category: product-sense\nquestions:\n" + question_yaml("same"),
        },
    )
    first, second = tmp_path / "go-to-market.yaml", tmp_path / "product-sense.yaml"
    assert problems_of(tmp_path) == [f"{second}:3: duplicate question id 'same', first defined at {first}:14"]


def test_unknown_myth_id_suggests_the_catalogue_id(tmp_path):
    bad = question_yaml("first").replace("product-sells-itself", "product-sell-itself")
    write_bank(tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n" + bad})
    assert problems_of(tmp_path) == [
        f"{tmp_path / 'product-sense.yaml'}:12: question first: unknown myth id 'product-sell-itself' in red_flags"
        " (did you mean 'product-sells-itself'?) (a free-text red flag needs spaces)"
    ]


def test_unknown_category_suggests_a_known_one(tmp_path):
    write_bank(tmp_path, {"product-sens.yaml": "# header\ncategory: product-sens\nquestions:\n" + question_yaml("a")})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'product-sens.yaml'}:2: unknown category 'product-sens'")
    assert "did you mean 'product-sense'?" in problem


def test_category_must_match_file_name(tmp_path):
    write_bank(tmp_path, {"product-sense.yaml": "category: go-to-market\nquestions:\n" + question_yaml("a")})
    assert problems_of(tmp_path) == [
        f"{tmp_path / 'product-sense.yaml'}:1: category 'go-to-market' belongs in go-to-market.yaml, not product-sense.yaml"
    ]


def test_question_may_not_override_its_category(tmp_path):
    bad = question_yaml("a", extra="    category: go-to-market\n")
    write_bank(tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n" + bad})
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path / 'product-sense.yaml'}:14: question a: a question's category")


def test_file_shape_problems(tmp_path):
    write_bank(
        tmp_path,
        {
            "product-sense.yaml": "just text\n",
            "go-to-market.yaml": "category: go-to-market\nquestions:\n  - plain string\nnotes: x\n",
        },
    )
    gtm, ps = tmp_path / "go-to-market.yaml", tmp_path / "product-sense.yaml"
    assert problems_of(tmp_path) == [
        f"{gtm}:4: unknown top-level key 'notes'; a bank file has only 'category' and 'questions'",
        f"{gtm}:3: each question must be a mapping (id, text, difficulty, ...)",
        f"{ps}:1: expected 'category: <slug>' and a 'questions:' list",
    ]


def test_missing_folder_and_categories_file(tmp_path):
    assert "no such question bank folder" in problems_of(tmp_path / "nope")[0]
    tmp_path.joinpath("empty").mkdir()
    assert "categories.yaml:0: missing" in problems_of(tmp_path / "empty")[0]


def test_valid_questions_still_load_next_to_broken_ones(tmp_path):
    broken = question_yaml("bad").replace("    difficulty: medium\n", "")
    write_bank(
        tmp_path, {"product-sense.yaml": "category: product-sense\nquestions:\n" + question_yaml("good") + broken}
    )
    bank = load_bank(tmp_path)
    assert [q.id for q in bank.questions] == ["good"]
    with pytest.raises(BankError):
        load_bank(tmp_path, strict=True)


@pytest.mark.parametrize("path", sorted(BANK_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_bank_file_loads(path):
    """Drift test: the repository's own question bank has no problems."""
    problems = [str(p) for p in load_bank(BANK_DIR).problems if p.path == str(path)]
    assert problems == []


def test_signature_changes_when_a_file_is_edited(tmp_path):
    from pmtrainer.bank import bank_signature
    from pmtrainer.bank_edit import retire_question

    root = small_bank(tmp_path)
    before = bank_signature(root)
    retire_question("product-sense-q0", root)
    assert bank_signature(root) != before


def test_parse_cache_is_used_and_invalidated_by_edits(tmp_path, monkeypatch):
    import pmtrainer.bank as bank_module

    root = small_bank(tmp_path / "bank")
    first = load_bank(root)
    parsed = []
    real_parse = bank_module._parse
    monkeypatch.setattr(bank_module, "_parse", lambda path: parsed.append(path.name) or real_parse(path))
    assert load_bank(root).questions == first.questions
    assert parsed == ["categories.yaml"]  # the category files came from the cache
    path = root / "go-to-market.yaml"
    path.write_text(path.read_text().replace("difficulty: hard", "difficulty: easy"))
    assert "hard" not in {q.difficulty for q in load_bank(root).questions if q.category == "go-to-market"}
    assert parsed[-1] == "go-to-market.yaml"


def test_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("PMTRAINER_CACHE", str(blocker / "cache"))
    assert load_bank(small_bank(tmp_path / "bank")).problems == []


def test_category_slugs_are_checked(tmp_path):
    write_bank(tmp_path, categories="# comment\nproduct-sense: Product sense\nGo To Market: GTM\n")
    assert problems_of(tmp_path) == [
        f"{tmp_path / 'categories.yaml'}:3: category 'Go To Market' is not a slug (lowercase-with-dashes)"
    ]


def test_validation_messages_read_like_advice():
    from pmtrainer.bank import describe_error

    assert "lowercase letters, digits and single hyphens" in describe_error(
        {"type": "string_pattern_mismatch", "loc": ("id",), "msg": "String should match pattern", "ctx": {}}
    )
    assert (
        describe_error(
            {"type": "too_short", "loc": ("talking_points",), "msg": "x", "ctx": {"min_length": 3, "actual_length": 1}}
        )
        == "talking_points: needs at least 3 item(s), has 1"
    )
    assert describe_error({"loc": (), "msg": "bad input"}) == "question: bad input"
