"""`flask notify run | status | retry`: the delivery worker and a view of what is stuck."""

import time

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from .email import recipients
from .outbox import FAILED, outbox_summary, problem_rows, requeue_failed
from .webhooks import configured_webhooks, display_url
from .worker import deliver_due

notify = AppGroup("notify", help="Deliver new-lead notifications and show their state.")
GROUPS = [notify]


@notify.command("run")
@click.option("--once", is_flag=True, help="One pass over due rows, then exit (for cron).")
@click.option("--interval", type=click.FloatRange(min=0.1), default=None,
              help="Seconds between passes [NOTIFY_POLL_SECONDS].")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="Most rows delivered per pass.")
def run(once: bool, interval: float | None, limit: int) -> None:
    """Deliver due notifications, retrying failures with backoff."""
    interval = interval or float(current_app.config["NOTIFY_POLL_SECONDS"])
    try:
        while True:
            try:
                report = deliver_due(limit=limit)
            except Exception as err:  # the database may be restarting: try again later
                db.session.rollback()
                if once:
                    raise click.ClickException(f"delivery pass failed: {err}") from None
                click.echo(f"delivery pass failed: {err}", err=True)
            else:
                if report.total or once:
                    click.echo(f"sent {report.sent}, retrying {report.retrying}, "
                               f"failed {report.failed}, taken over {report.taken_over}")
            finally:
                db.session.remove()
            if once:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("stopped")


@notify.command("status")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
def status(limit: int) -> None:
    """Show counts per status, the channels configured, and rows not yet sent."""
    summary = outbox_summary()
    click.echo("  ".join(f"{name}: {count}" for name, count in summary.counts.items()))
    config = current_app.config
    hooks, problems = configured_webhooks(config)
    to = recipients(config.get("NOTIFY_SALES_EMAIL"))
    click.echo(f"e-mail: {', '.join(to) or 'not configured'}"
               + (f" via {config['NOTIFY_SMTP_HOST']}:{config['NOTIFY_SMTP_PORT']}" if to else ""))
    for hook in hooks:
        click.echo(f"webhook: {hook.format} {display_url(hook.url)}"
                   + ("" if hook.secret or hook.format == "wecom" else " (unsigned)"))
    for problem in problems:
        click.echo(f"config problem: {problem}", err=True)
    rows = problem_rows(limit=limit, errors_only=False)
    if not rows:
        click.echo("nothing pending or failed")
        return
    for row in rows:
        due = f"{row.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
        when = "gave up" if row.status == FAILED else f"next {due}"
        click.echo(f"#{row.id} {row.reference} {row.channel} {row.target} {row.status} "
                   f"attempts={row.attempts} {when}")
        if row.last_error:
            click.echo(f"    last error: {row.last_error}")


@notify.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="Requeue every failed row.")
def retry(ids: tuple[int, ...], all_failed: bool) -> None:
    """Requeue failed rows (after fixing the channel) with a fresh set of attempts."""
    if not ids and not all_failed:
        raise click.UsageError("give row ids or --all-failed")
    count = requeue_failed(None if all_failed else list(ids))
    click.echo(f"requeued {count} failed row(s)")
