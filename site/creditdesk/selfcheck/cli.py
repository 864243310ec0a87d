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
from .loading import definitions, selfcheck_definition
from .rescore import Rescore, rescore
from .schema import definition_as_dict, definition_as_text

selfcheck = AppGroup("selfcheck", help="Inspect the self-check definition and score answers.")
GROUPS = [selfcheck]

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
    outcomes = _rescore_all(loaded)
    summary = _summary(outcomes)
    if as_json:
        data = {"summary": summary, "results": [o.to_dict() for o in outcomes]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(_report(outcomes, summary)))


def _rescore_all(loaded) -> list[Rescore]:
    query = db.select(AssessmentResult).order_by(AssessmentResult.id).execution_options(
        yield_per=500
    )
    outcomes = []
    for record in db.session.execute(query).scalars():
        outcomes.append(rescore(record, loaded))
        db.session.expunge(record)  # keep memory flat over many rows
    db.session.rollback()  # read only
    return outcomes


def _summary(outcomes: list[Rescore]) -> dict:
    transitions: dict[str, int] = {}
    for o in outcomes:
        if o.band_changed:
            key = f"{o.stored_band}->{o.current.band}"
            transitions[key] = transitions.get(key, 0) + 1
    stored_versions: dict[str, int] = {}
    for o in outcomes:
        stored_versions[o.stored_version] = stored_versions.get(o.stored_version, 0) + 1
    return {
        "results": len(outcomes),
        "current_versions": sorted({o.current_version for o in outcomes if o.current_version}),
        "stored_versions": dict(sorted(stored_versions.items())),
        "band_changes": sum(o.band_changed for o in outcomes),
        "better": sum(o.direction < 0 for o in outcomes),
        "worse": sum(o.direction > 0 for o in outcomes),
        "other_changes": sum(o.differs and not o.band_changed for o in outcomes),
        "not_rescored": sum(o.current is None for o in outcomes),
        "transitions": dict(sorted(transitions.items())),
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


def _report(outcomes: list[Rescore], summary: dict) -> list[str]:
    if not outcomes:
        return ["No stored results."]
    stored = ", ".join(f"{v} ×{n}" for v, n in summary["stored_versions"].items())
    current = ", ".join(summary["current_versions"]) or "—"
    lines = [
        f"{summary['results']} stored results (scored with {stored}); current model {current}.",
        f"Band changes: {summary['band_changes']} ({summary['better']} better,"
        f" {summary['worse']} worse); same band, other score or limit: "
        f"{summary['other_changes']}; not re-scored: {summary['not_rescored']}.",
    ]
    lines += [f"  {k.replace('->', ' -> ')}: {n}" for k, n in summary["transitions"].items()]
    changed = [o for o in outcomes if o.band_changed]
    if changed:
        lines.append("")
        lines.append("Band changes:")
        for o in changed:
            c = o.current
            lines.append(
                f"  {o.token}  {o.stored_version} {o.stored_band} {o.stored_score}"
                f" -> {c.version} {c.band} {c.score}"
            )
    failed = [o for o in outcomes if o.current is None]
    if failed:
        lines.append("")
        lines.append("Not re-scored:")
        lines += [f"  {o.token}: {o.error}" for o in failed]
    return lines
