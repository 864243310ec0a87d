"""Flask commands (`flask db` comes from Flask-Migrate)."""

import click
from flask import Flask
from flask.cli import AppGroup

from .library import library, published

content_cli = AppGroup("content", help="Check the Markdown content.")


@content_cli.command("check")
def content_check() -> None:
    """Report what would be published (the app's start has already loaded every file)."""
    lib = library()
    view = published()
    hidden = len(lib.all_articles) - len(view.articles)
    click.echo(
        f"content ok: {len(view.articles)} published articles ({hidden} draft or future), "
        f"{len(lib.faq_topics)} FAQ topics"
    )


def init_app(app: Flask) -> None:
    """Register the app's command groups; each part keeps its commands in its own cli.py."""
    from .admin.cli import GROUPS as admin_groups
    from .deploy import GROUPS as deploy_groups
    from .notify.cli import GROUPS as notify_groups
    from .selfcheck.cli import GROUPS as selfcheck_groups

    app.cli.add_command(content_cli)
    for group in (*selfcheck_groups, *notify_groups, *admin_groups, *deploy_groups):
        app.cli.add_command(group)
