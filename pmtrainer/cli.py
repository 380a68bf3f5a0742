"""`python -m pmtrainer`: a thin command line over the library (grade, bank, eval, history)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pmtrainer.bank import BankError, load_bank
from pmtrainer.bank_edit import atomic_write, upsert_questions
from pmtrainer.bank_io import bank_stats, export_text, format_stats_text, read_import
from pmtrainer.grading import ENGINES, AnswerError, get_engine, grade_answer
from pmtrainer.grading.engines import validate_answer
from pmtrainer.models import Grade

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
USAGE_ERROR = 2

engine_option = click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default="offline",
    show_default=True,
    help="Grading engine; openai falls back to offline (and says so) when it fails.",
)


def fail(message: str, code: int = USAGE_ERROR) -> None:
    """Print a one-line error and exit: user errors never show a traceback."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name=None, version="0.1.0", prog_name="pmtrainer")
def cli() -> None:
    """pmtrainer: practise product-management interview answers and get graded feedback."""


@cli.command()
@click.option("--answer", "answer_text", help="The answer to grade.")
@click.option(
    "--answer-file", type=click.File("r", encoding="utf-8"), help="Read the answer from a file, or - for stdin."
)
@click.option("--question", "question_text", help="The question the answer responds to (free text).")
@click.option("--question-id", help="A question from the bank; its talking points are checked too.")
@click.option("--jsonl", "jsonl_file", type=click.File("r", encoding="utf-8"), help="Grade each line of a JSONL file.")
@engine_option
@click.option("--model", help="Model for --engine openai (default: PMTRAINER_MODEL, else the built-in default).")
@click.option("--base-url", help="OpenAI-compatible server for --engine openai (default: OPENAI_BASE_URL).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def grade(answer_text, answer_file, question_text, question_id, jsonl_file, engine, model, base_url, fmt) -> None:
    """Grade one answer, or a batch with --jsonl.

    Example:

        python -m pmtrainer grade --answer "We cut churn by 20% by ..." --format json

        python -m pmtrainer grade --jsonl answers.jsonl > grades.jsonl

        OPENAI_API_KEY=... python -m pmtrainer grade --engine openai --model gpt-4.1-mini --answer "..."
    """
    if (model or base_url) and engine != "openai":
        fail("--model and --base-url apply to --engine openai only")
    if engine == "openai":
        engine = get_engine("openai", model=model, base_url=base_url)  # one client for a whole batch
    if jsonl_file:
        if answer_text or answer_file:
            fail("use either --jsonl or --answer/--answer-file, not both")
        sys.exit(_grade_jsonl(jsonl_file, engine))
    if bool(answer_text) == bool(answer_file) and not (answer_text == "" and not answer_file):
        fail("give exactly one of --answer or --answer-file (or use --jsonl)")
    answer = answer_text if answer_text is not None else answer_file.read()
    question = None
    if question_id:
        question = load_bank().by_id(question_id)
        if question is None:
            fail(f"unknown question id {question_id!r}; list ids with 'python -m pmtrainer bank stats'")
    try:
        result = grade_answer(answer, question, question_text=question_text, engine=engine)
    except AnswerError as error:
        fail(str(error))
    if fmt == "json":
        click.echo(json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_grade_text(result))


def _grade_jsonl(lines, engine) -> int:
    """One JSON line out per line in, same order; a bad line reports an error and the batch goes on."""
    bank = None
    failed = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item_id = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object")
            item_id = item.get("id")
            answer = item.get("answer")
            if not isinstance(answer, str):
                raise ValueError("missing 'answer' (a string)")
            validate_answer(answer)
            question = None
            if item.get("question_id"):
                bank = bank or load_bank()
                question = bank.by_id(item["question_id"])
                if question is None:
                    raise ValueError(f"unknown question id {item['question_id']!r}")
            result = grade_answer(answer, question, question_text=item.get("question"), engine=engine)
            out = {"id": item_id, **result.to_json_dict()}
        except (ValueError, AnswerError) as error:
            failed = True
            message = (
                f"line {number}: invalid JSON ({error.msg})" if isinstance(error, json.JSONDecodeError) else str(error)
            )
            out = {"id": item_id, "error": message}
        click.echo(json.dumps(out, ensure_ascii=False))
    return 1 if failed else 0


def format_grade_text(result: Grade) -> str:
    """A grade as a short human-readable report."""
    lines = [
        f"Overall {result.overall}/100: {result.verdict}",
        f"Customer focus {result.scores.customer_focus}, technology talk {result.scores.technology_talk}, "
        f"evidence {result.scores.evidence}",
    ]
    if result.usage:
        usage = result.usage
        spent = (
            "cached"
            if usage.get("cached")
            else f"{(usage.get('prompt_tokens') or 0) + (usage.get('completion_tokens') or 0)} tokens"
        )
        cost = usage.get("cost_usd")
        lines.append(f"Graded by {result.engine_version}: {spent}" + (f", est. ${cost:.4f}" if cost else ""))
    if result.fallback:
        lines.append(f"(graded offline: the {result.fallback.from_engine} engine failed: {result.fallback.reason})")
    for myth in result.myths:
        lines.append(f'Myth {myth.id}: "{myth.quote}"')
        lines.append(f"  Say instead: {myth.advice}")
    for metric in result.metrics:
        lines.append(f'Result: "{metric.quote}"')
    if result.coverage:
        lines.append(
            f"Talking points covered: {len(result.coverage.covered)}/{len(result.coverage.covered) + len(result.coverage.missed)}"
        )
    lines.extend(f"- {point}" for point in result.feedback)
    return "\n".join(lines)


@cli.group()
def bank() -> None:
    """Validate, inspect, export and import the question bank."""


@bank.command("validate")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def bank_validate(directory) -> None:
    """Check every bank file; print path:line: message per problem.

    Example:

        python -m pmtrainer bank validate question_bank
    """
    loaded = load_bank(directory)
    for problem in loaded.problems:
        click.echo(str(problem))
    if loaded.problems:
        sys.exit(1)
    click.echo(f"ok: {len(loaded.active)} active questions in {len(loaded.categories)} categories")


@cli.command("eval")
@click.argument("labeled_file", type=click.Path(exists=True, dir_okay=False))
@engine_option
@click.option("--errors", is_flag=True, help="List every miss (focus, myth, quantified result).")
@click.option("--split", help="Only items whose 'split' field has this value (e.g. train, test).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_command(labeled_file, engine, errors, split, fmt) -> None:
    """Measure an engine against a labeled JSONL set.

    Each line: {"id", "question", "answer", "focus": customer|technology|mixed|null,
    "myths": [ids], "has_metrics": true|false|null}.

    Example:

        python -m pmtrainer eval tests/data/labeled_answers.jsonl --split test --errors
    """
    from pmtrainer.evaluation import evaluate, format_report, load_labeled

    try:
        items = load_labeled(labeled_file, split=split)
    except ValueError as error:
        fail(str(error))
    if not items:
        fail(f"no items{f' in split {split!r}' if split else ''} in {labeled_file}")
    report = evaluate(items, engine)
    if fmt == "json":
        data = report.to_dict()
        if errors:
            data["errors"] = report.errors
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(format_report(report, with_errors=errors))


# --- history: export the attempt history (pmtrainer.export) ---------------------------------


@cli.group()
def history() -> None:
    """Work with the stored attempt history."""


@history.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "md"]), default="csv", show_default=True)
@click.option("--profile", default="default", show_default=True, help="Whose history to export.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def history_export(fmt, profile, output) -> None:
    """Export every attempt of a profile, with coach notes beside the machine grade.

    Example:

        python -m pmtrainer history export --format jsonl --profile ana --output ana.jsonl
    """
    # Imported here so this block stands alone (and `grade` never opens the database).
    from pmtrainer.export import write_export
    from pmtrainer.history import HistoryFilter
    from pmtrainer.store import Store, StoreError

    try:
        store = Store()
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = write_export(store, HistoryFilter(profile=profile), fmt, out)
            click.echo(f"wrote {count} attempts to {output}", err=True)
        else:
            write_export(store, HistoryFilter(profile=profile), fmt, sys.stdout)
    except StoreError as error:
        fail(str(error), code=1)


@bank.command("stats")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def bank_stats_command(directory, fmt) -> None:
    """Count active questions by category, difficulty and source.

    Example:

        python -m pmtrainer bank stats --format json
    """
    loaded = load_bank(directory)
    stats = bank_stats(loaded)
    if fmt == "json":
        click.echo(json.dumps(stats, indent=2))
    else:
        click.echo(format_stats_text(stats, loaded.categories))


@bank.command("export")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Bank folder (default: the shipped one).")
@click.option("--format", "fmt", type=click.Choice(["csv", "yaml"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def bank_export(directory, fmt, output) -> None:
    """Write every question (retired ones too) as CSV or YAML, e.g. for review in a spreadsheet.

    Example:

        python -m pmtrainer bank export --format csv --output bank.csv
    """
    loaded = load_bank(directory)
    if loaded.problems:
        click.echo(f"warning: {len(loaded.problems)} problem(s); only valid questions are exported", err=True)
    text = export_text(loaded.questions, fmt)
    if output:
        atomic_write(Path(output), text)
    else:
        click.echo(text, nl=False)


@bank.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Bank folder (default: the shipped one).")
def bank_import(file, directory) -> None:
    """Add or update questions from a CSV or YAML export; nothing changes if anything is invalid.

    Example:

        python -m pmtrainer bank import reviewed.csv
    """
    questions, problems = read_import(Path(file))
    if not problems and not questions:
        fail(f"{file} holds no questions")
    if not problems:
        try:
            updated = upsert_questions(questions, directory)
        except BankError as error:
            problems = error.problems
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo("nothing was imported", err=True)
        sys.exit(1)
    click.echo(f"imported {len(questions)} question(s); the bank now has {len(updated.active)} active")


# --- train: the offline engine's sentence models (pmtrainer.training) -------------------------


@cli.command("train")
@click.option("--check", is_flag=True, help="Only check that the shipped weights match the training data.")
def train_command(check) -> None:
    """Retrain the offline engine's sentence models from the shipped training data.

    Run it after changing pmtrainer/data/training/, the labeled answers or the lexicon;
    it rewrites pmtrainer/data/sentence_models.json. The test split is never read.
    """
    from pmtrainer.grading.sentence_model import MODELS_PATH, sentence_models
    from pmtrainer.training import train_models, training_digest, write_models

    if check:
        shipped, current = sentence_models().trained_on, training_digest()
        if shipped != current:
            fail(f"{MODELS_PATH.name} is stale (trained on {shipped}, data is now {current}): run `train`", 1)
        click.echo(f"{MODELS_PATH.name} is current ({current})")
        return
    try:
        document = train_models()
    except (ValueError, KeyError) as error:
        fail(f"cannot train: {error}", 1)
    write_models(document)
    sizes = ", ".join(f"{m}: {len(d['weights'])}" for m, d in document["myths"].items())
    click.echo(f"wrote {MODELS_PATH} ({document['trained_on']}); weights per myth: {sizes}")


def main() -> None:
    cli(prog_name="python -m pmtrainer")
