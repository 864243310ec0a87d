"""`flask selfcheck`: print the questionnaire, score a set of answers from a JSON file."""

import json
import sys
from decimal import Decimal

import click
from flask.cli import AppGroup

from ..assessment import parse_answers, score
from ..extensions import db
from ..models.assessment import AssessmentResult
from ..templating import money
from .aging_cli import tools
from .loading import definitions, selfcheck_definition
from .rescore import Rescore, rescore
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


@selfcheck.command("rescore")
@click.argument("token", required=False)
@click.option("--all", "every", is_flag=True, help="Re-score every stored result.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def rescore_command(token: str | None, every: bool, as_json: bool) -> None:
    """Compute the current model's result beside stored ones and list band changes.

    Stored results are only read, never changed: each keeps the version it was scored with.
    """
    if (token is None) == (not every):
        raise click.UsageError("give either a result TOKEN or --all")
    loaded = definitions()
    if token is not None:
        record = db.session.execute(
            db.select(AssessmentResult).filter_by(token=token)
        ).scalar_one_or_none()
        if record is None:
            raise click.ClickException(f"no stored result with token {token!r}")
        outcome = rescore(record, loaded)
        db.session.rollback()  # read only
        if as_json:
            click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2))
        else:
            click.echo("\n".join(_describe(outcome)))
        return
    summary = _Summary()
    if as_json:
        # One result per line, streamed: the whole table never sits in memory.
        click.echo('{"results": [')
        first = True
        for outcome in _rescore_all(loaded):
            summary.add(outcome)
            line = json.dumps(outcome.to_dict(), ensure_ascii=False)
            click.echo(("" if first else ",\n") + "  " + line, nl=False)
            first = False
        click.echo("\n],")
        click.echo(f'"summary": {json.dumps(summary.as_dict(), ensure_ascii=False)}}}')
        return
    for outcome in _rescore_all(loaded):
        summary.add(outcome)
    click.echo("\n".join(_report(summary)))


def _rescore_all(loaded):
    """Yield the rescore of every stored result, oldest first, a batch of rows at a time."""
    query = db.select(AssessmentResult).order_by(AssessmentResult.id).execution_options(
        yield_per=500
    )
    try:
        for record in db.session.execute(query).scalars():
            yield rescore(record, loaded)
            db.session.expunge(record)  # keep memory flat over many rows
    finally:
        db.session.rollback()  # read only


class _Summary:
    """Counts over every result; keeps only the band changes and failures to list them."""

    def __init__(self) -> None:
        self.results = 0
        self.current_versions: set[str] = set()
        self.stored_versions: dict[str, int] = {}
        self.transitions: dict[str, int] = {}
        self.better = self.worse = self.other_changes = 0
        self.changed: list[Rescore] = []
        self.failed: list[Rescore] = []

    def add(self, o: Rescore) -> None:
        self.results += 1
        self.stored_versions[o.stored_version] = self.stored_versions.get(o.stored_version, 0) + 1
        if o.current is None:
            self.failed.append(o)
            return
        self.current_versions.add(o.current.version)
        if o.band_changed:
            self.changed.append(o)
            key = f"{o.stored_band}->{o.current.band}"
            self.transitions[key] = self.transitions.get(key, 0) + 1
            self.better += o.direction < 0
            self.worse += o.direction > 0
        elif o.differs:
            self.other_changes += 1

    def as_dict(self) -> dict:
        return {
            "results": self.results,
            "current_versions": sorted(self.current_versions),
            "stored_versions": dict(sorted(self.stored_versions.items())),
            "band_changes": len(self.changed),
            "better": self.better,
            "worse": self.worse,
            "other_changes": self.other_changes,
            "not_rescored": len(self.failed),
            "transitions": dict(sorted(self.transitions.items())),
        }


def _line(version: str, band: str, points: int, limit) -> str:
    shown = "—" if limit is None else money(limit)
    return f"model {version}: band {band}, {points} points, suggested limit {shown}"


def _describe(o: Rescore) -> list[str]:
    lines = [
        f"result  {o.token} ({o.definition_id})",
        f"stored  {_line(o.stored_version, o.stored_band, o.stored_score, o.stored_limit)}",
    ]
    if o.current is None:
        return [*lines, f"current cannot be computed: {o.error}"]
    c = o.current
    lines.append(f"current {_line(c.version, c.band, c.score, c.suggested)}")
    if o.band_changed:
        word = "better" if o.direction < 0 else "worse"
        lines.append(f"band change: {o.stored_band} -> {c.band} ({word})")
    elif o.differs:
        lines.append("same band; the score or the limit differs")
    else:
        lines.append("no change")
    return lines


def _report(summary: _Summary) -> list[str]:
    if not summary.results:
        return ["No stored results."]
    counts = summary.as_dict()
    stored = ", ".join(f"{v} ×{n}" for v, n in counts["stored_versions"].items())
    current = ", ".join(counts["current_versions"]) or "—"
    lines = [
        f"{counts['results']} stored results (scored with {stored}); current model {current}.",
        f"Band changes: {counts['band_changes']} ({counts['better']} better,"
        f" {counts['worse']} worse); same band, other score or limit: "
        f"{counts['other_changes']}; not re-scored: {counts['not_rescored']}.",
    ]
    lines += [f"  {k.replace('->', ' -> ')}: {n}" for k, n in counts["transitions"].items()]
    if summary.changed:
        lines.append("")
        lines.append("Band changes:")
        for o in summary.changed:
            c = o.current
            lines.append(
                f"  {o.token}  {o.stored_version} {o.stored_band} {o.stored_score}"
                f" -> {c.version} {c.band} {c.score}"
            )
    if summary.failed:
        lines.append("")
        lines.append("Not re-scored:")
        lines += [f"  {o.token}: {o.error}" for o in summary.failed]
    return lines
