"""`flask tools aging FILE`: the receivables health check on the command line."""

import json
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from ..aging import MAX_BYTES, AgingError, diagnose
from ..aging.values import ValueProblem, parse_amount, parse_date
from ..library import published
from ..templating import money, site_today
from . import aging_text

tools = AppGroup("tools", help="Run the public tools from the command line.")


def _date(_ctx, _param, value: str | None) -> date | None:
    try:
        return parse_date(value) if value else None
    except ValueProblem:
        raise click.BadParameter("write the date like 2025-07-09") from None


def _amount(_ctx, _param, value: str | None):
    try:
        amount = parse_amount(value) if value else None
    except ValueProblem:
        raise click.BadParameter("write the amount in yuan, like 12,000,000") from None
    if amount is not None and amount <= 0:
        raise click.BadParameter("credit sales must be above zero")
    return amount


@tools.command("aging")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", callback=_date, metavar="DATE", help="Aging date (default: today).")
@click.option("--sales", callback=_amount, metavar="RMB",
              help="Credit sales of the last 12 months, for DSO.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--lang", type=click.Choice(["en", "zh_CN"]), default="en", show_default=True,
              help="Language of the text output and messages.")
def aging_command(file: Path, as_of: date | None, sales, as_json: bool, lang: str) -> None:
    """Diagnose an aging report (CSV or XLSX) as the /tools/aging page does."""
    data = file.read_bytes()[: MAX_BYTES + 1]
    with force_locale(lang):
        try:
            figures = diagnose(data, file.name, as_of or site_today(),
                               current_app.extensions["creditdesk.aging_rates"], sales).figures
        except AgingError as err:
            lines = [aging_text.file_message(err)]
            lines += [f"  {aging_text.problem_message(p)}" for p in err.listed]
            if err.unlisted:
                lines.append(f"  … +{err.unlisted}")
            raise click.ClickException("\n".join(lines)) from None
        if as_json:
            click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            click.echo(as_text(figures))


def as_text(d: dict) -> str:
    """Return the diagnosis as plain lines, in the current language."""
    _ = aging_text._
    pct = aging_text.percent
    lines = [f"{_('Receivables health check')} — {d['as_of']}",
             *aging_text.file_notes(d),
             f"{_('Total receivables')}: {money(d['total'])}  "
             f"({d['rows']} rows, {d['customers']} customers, {d['layout']})",
             f"{_('Overdue share')}: {pct(d['overdue_share'])} ({money(d['overdue'])})",
             f"{_('More than 90 days overdue')}: {money(d['over_90'])} ({pct(d['over_90_share'])})"]
    if d["wadpd"] is not None:
        lines.append(f"{_('Weighted average days past due')}: {d['wadpd']}")
    if d["dso"] is not None:
        lines.append(f"DSO: {d['dso']}")
    c = d["concentration"]
    lines.append(f"{_('Concentration')}: top 1 {pct(c['top1'])}, top 5 {pct(c['top5'])}, "
                 f"top 10 {pct(c['top10'])}, HHI {c['hhi']}")
    lines.append(f"{_('Provision matrix (expected credit loss, simplified approach)')}:")
    for b in d["buckets"]:
        label = str(aging_text.BUCKET_LABELS[b["key"]])
        lines.append(f"  {label:<28}{money(b['amount']):>18}  × {pct(b['rate']):>6}"
                     f"  = {money(b['provision']):>14}")
    total = str(_("Total"))
    lines.append(f"  {total:<28}{money(d['total']):>18}           = "
                 f"{money(d['provision']):>14}")
    for c in d["over_90_customers"]:
        lines.append(f"  > 90: {c['name']}: {money(c['amount_90'])}")
    lines.append(f"{_('Where to act first')}:")
    view = published()
    for n, action in enumerate(d["actions"], 1):
        title, _text = aging_text.action_text(action)
        slug = next((s for s in action["articles"] if view.article(s)), action["articles"][-1])
        lines.append(f"  {n}. {title} (/articles/{slug})")
    return "\n".join(str(line) for line in lines)
