"""Flask commands (`flask db` comes from Flask-Migrate)."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .content.check import check_tree
from .library import library, published

content_cli = AppGroup("content", help="Check the Markdown content.")


@content_cli.command("check")
def content_check() -> None:
    """Check the editorial rules, then report what would be published.

    The app's start has already loaded every file; this adds the glossary and
    Chinese-punctuation rules, one line per problem, and fails if any is broken.
    """
    problems = check_tree(_shown(Path(current_app.config["CONTENT_DIR"])))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} content problem(s): see the lines above")
    lib = library()
    view = published()
    hidden = len(lib.all_articles) - len(view.articles)
    click.echo(
        f"content ok: {len(view.articles)} published articles ({hidden} draft or future), "
        f"{len(lib.faq_topics)} FAQ topics"
    )


views_cli = AppGroup("views", help="Article view counts.")


@views_cli.command("flush")
def views_flush() -> None:
    """Add the views counted so far (in Redis or this process) to the daily rows."""
    from .viewcounts import flush

    click.echo(f"views flushed: {flush()}")


@views_cli.command("top")
@click.option("--days", type=click.IntRange(1, 3660), default=30, show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
def views_top(days: int, limit: int) -> None:
    """List the most-viewed articles of the last DAYS days (flushed views)."""
    from .viewcounts import last_days, top_articles

    for slug, count in top_articles(*last_days(days), limit=limit):
        click.echo(f"{count:>8}  {slug}")


def _shown(path: Path) -> Path:
    """The content folder relative to the working directory when inside it (shorter lines)."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def init_app(app: Flask) -> None:
    """Register the app's command groups; each part keeps its commands in its own cli.py."""
    from .admin.cli import GROUPS as admin_groups
    from .deploy import GROUPS as deploy_groups
    from .notify.cli import GROUPS as notify_groups
    from .selfcheck.cli import GROUPS as selfcheck_groups

    app.cli.add_command(content_cli)
    app.cli.add_command(views_cli)
    for group in (*selfcheck_groups, *notify_groups, *admin_groups, *deploy_groups):
        app.cli.add_command(group)
