"""Flask commands (`flask db` comes from Flask-Migrate)."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .templating import site_today

content_cli = AppGroup("content", help="Check the Markdown content.")


@content_cli.command("check")
def content_check() -> None:
    """Load every content file and report what would be published."""
    from .content import ContentError, load_library

    try:
        library = load_library(Path(current_app.config["CONTENT_DIR"]))
    except ContentError as err:
        raise click.ClickException(str(err)) from None
    view = library.view(site_today())
    hidden = len(library.all_articles) - len(view.articles)
    click.echo(
        f"content ok: {len(view.articles)} published articles ({hidden} draft or future), "
        f"{len(library.faq_topics)} FAQ topics"
    )


def init_app(app: Flask) -> None:
    """Register the app's command groups; each part keeps its commands in its own cli.py."""
    from .admin.cli import GROUPS as admin_groups
    from .notify.cli import GROUPS as notify_groups
    from .selfcheck.cli import GROUPS as selfcheck_groups

    app.cli.add_command(content_cli)
    for group in (*selfcheck_groups, *notify_groups, *admin_groups):
        app.cli.add_command(group)
