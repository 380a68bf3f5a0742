"""`bank validate|stats|export|import` on small banks in the test's folder."""

from __future__ import annotations

import csv
import io
import json

import yaml
from click.testing import CliRunner

from pmtrainer.bank import load_bank
from pmtrainer.cli import cli
from tests.banks import question_yaml, small_bank, write_bank


def run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def snapshot(root):
    return {p.name: p.read_bytes() for p in sorted(root.iterdir())}


def test_validate_ok_and_problems_one_per_line(tmp_path):
    assert run(["bank", "validate", str(small_bank(tmp_path / "good"))]).exit_code == 0
    bad = question_yaml("b").replace("product-sells-itself", "pm-is-boss")
    root = write_bank(tmp_path / "bad", {"product-sense.yaml": "category: product-sense\nquestions:\n" + bad})
    result = run(["bank", "validate", str(root)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{root / 'product-sense.yaml'}:12: question b: unknown myth id 'pm-is-boss' in red_flags"
        " (did you mean 'pm-is-the-boss'?) (a free-text red flag needs spaces)"
    ]


def test_validate_missing_folder_has_no_traceback(tmp_path):
    result = run(["bank", "validate", str(tmp_path / "absent")])
    assert result.exit_code == 1 and "no such question bank folder" in result.output


def test_stats_json(tmp_path):
    root = small_bank(tmp_path)
    retired = question_yaml("old-one", extra="    status: retired\n    source: 001_ab77bc1daf06e0f5.txt\n")
    (root / "product-sense.yaml").write_text((root / "product-sense.yaml").read_text() + retired)
    stats = json.loads(run(["bank", "stats", str(root), "--format", "json"]).output)
    assert stats["questions"] == 6 and stats["retired"] == 1
    assert stats["categories"] == {"product-sense": 3, "go-to-market": 3}
    assert stats["difficulties"] == {"easy": 2, "medium": 2, "hard": 2}
    assert stats["seed_sourced"] == 0 and stats["sources"] == {"general": 6}


def test_stats_text(tmp_path):
    output = run(["bank", "stats", str(small_bank(tmp_path))]).output
    assert output.startswith("6 active questions") and "Product sense: 3" in output


def test_export_csv_import_round_trip(tmp_path):
    source = small_bank(tmp_path / "a")
    out = tmp_path / "bank.csv"
    assert run(["bank", "export", "--dir", str(source), "--format", "csv", "--output", str(out)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 6 and rows[0]["talking_points"].count("\n") == 2
    target = write_bank(tmp_path / "b")
    result = run(["bank", "import", str(out), "--dir", str(target)])
    assert result.exit_code == 0, result.output
    assert load_bank(target).questions == load_bank(source).questions


def test_export_yaml_import_updates_in_place(tmp_path):
    root = small_bank(tmp_path / "bank")
    exported = yaml.safe_load(run(["bank", "export", "--dir", str(root), "--format", "yaml"]).output)
    exported[0]["text"] = "A reworded question about the customers you served."
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(exported[:1]))
    assert run(["bank", "import", str(changed), "--dir", str(root)]).exit_code == 0
    bank = load_bank(root)
    assert bank.by_id(exported[0]["id"]).text.startswith("A reworded") and len(bank.questions) == 6
    assert (root / "go-to-market.yaml").read_text().startswith("# go-to-market questions")


def test_bad_import_changes_nothing(tmp_path):
    root = small_bank(tmp_path / "bank")
    before = snapshot(root)
    rows = yaml.safe_load(run(["bank", "export", "--dir", str(root), "--format", "yaml"]).output)
    rows[0]["id"] = "brand-new"
    rows[1]["difficulty"] = "extreme"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(rows))
    result = run(["bank", "import", str(bad), "--dir", str(root)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "difficulty" in result.output
    assert snapshot(root) == before


def test_import_that_breaks_the_bank_changes_nothing(tmp_path):
    root = small_bank(tmp_path / "bank")
    before = snapshot(root)
    rows = [{**load_bank(root).questions[0].model_dump(), "id": "new-one", "red_flags": ["no-such-myth"]}]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(rows))
    result = run(["bank", "import", str(bad), "--dir", str(root)])
    assert result.exit_code == 1 and "unknown myth id 'no-such-myth'" in result.output
    assert snapshot(root) == before


def test_every_bank_command_has_help_with_an_example():
    from pmtrainer.cli import bank

    for name, command in bank.commands.items():
        result = run(["bank", name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name
        assert command.help and command.help.strip(), name
