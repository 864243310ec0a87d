"""`flask selfcheck`: print the questionnaire, score a set of answers from a JSON file."""

import json
import sys
from decimal import Decimal

import click
from flask.cli import AppGroup

from ..assessment import parse_answers, score
from .aging_cli import tools
from .loading import definitions, selfcheck_definition
from .schema import definition_as_dict, definition_as_text

selfcheck = AppGroup("selfcheck", help="Inspect the self-check definition and score answers.")
GROUPS = [selfcheck, tools]

definition_option = click.option(
    "--definition", "definition_id", metavar="ID", help="Definition id (default: the self-check)."
)


def _definition(definition_id: str | None):
    if definition_id is None:
        return selfcheck_definition()
    try:
        return definitions()[definition_id]
    except KeyError:
        known = ", ".join(sorted(definitions()))
        raise click.BadParameter(f"no definition {definition_id!r} (known: {known})") from None


@selfcheck.command("questions")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@definition_option
def questions(as_json: bool, definition_id: str | None) -> None:
    """Print the questions: ids, types, options with values and points, conditions."""
    definition = _definition(definition_id)
    if as_json:
        click.echo(json.dumps(definition_as_dict(definition), ensure_ascii=False, indent=2))
    else:
        click.echo(definition_as_text(definition))


@selfcheck.command("score")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@definition_option
def score_command(file, definition_id: str | None) -> None:
    """Score {"answers": {...}} read from FILE (- for standard input); print the result."""
    definition = _definition(definition_id)
    name = "standard input" if file is sys.stdin or file.name == "<stdin>" else file.name
    try:
        # Decimal: 0.1 stays 0.1, and amounts are never rounded through a float.
        data = json.load(file, parse_float=Decimal)
    except json.JSONDecodeError as err:
        raise click.ClickException(
            f"{name} is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        ) from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{name} is not UTF-8 text") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise click.ClickException(f'{name} must hold an object {{"answers": {{...}}}}')
    answers, errors = parse_answers(definition, data["answers"])
    unknown = sorted(k for k in data["answers"] if not definition.has_question(str(k)))
    if errors or unknown:
        lines = [f"{qid}: {error.code}: {error.message('en')}" for qid, error in errors.items()]
        lines += [f"{qid}: unknown question" for qid in unknown]
        raise click.ClickException("invalid answers\n  " + "\n  ".join(lines))
    click.echo(json.dumps(score(definition, answers).to_dict(), ensure_ascii=False, indent=2))
