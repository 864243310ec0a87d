"""`flask users ...` and `flask leads purge` (`flask demo seed` is creditdesk_demo's)."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from ..database import begin_write
from ..extensions import db
from ..models import StaffUser
from ..models.staff import ROLES
from ..notify.cli import notify
from .accounts import (
    StaffError,
    create_staff,
    disable_staff,
    find_staff,
    staff_exists,
)
from .digest import send_digest
from .retention import count_candidates, purge

users = AppGroup("users", help="Manage staff accounts of the sales workspace.")
leads = AppGroup("leads", help="Lead data housekeeping.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff account (the password is asked twice, hidden)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_staff(email, password, role)
    except StaffError as err:
        db.session.rollback()
        raise click.ClickException("\n".join(err.messages)) from None
    db.session.commit()
    click.echo(f"created {user.role} {user.email}")


@users.command("list")
def users_list() -> None:
    """List staff accounts."""
    for user in db.session.execute(db.select(StaffUser).order_by(StaffUser.email)).scalars():
        state = "active" if user.active else "disabled"
        last = user.last_login_at.isoformat(timespec="minutes") if user.last_login_at else "never"
        click.echo(f"{user.email}\t{user.role}\t{state}\tlast login {last}")


@users.command("disable")
@click.argument("email")
def users_disable(email: str) -> None:
    """Disable an account and end its sessions."""
    user = find_staff(email)
    if user is None:
        raise click.ClickException(f"no staff account {email!r}")
    disable_staff(user)
    db.session.commit()
    click.echo(f"disabled {user.email}")


@users.command("setup-link")
def users_setup_link() -> None:
    """Print a one-time link that creates the first admin (nothing once staff exist).

    The link is on SITE_URL, the one public origin (`make run` sets it).
    """
    from ..origin import site_url
    from .accounts import make_setup_token

    if staff_exists():
        return
    hours = current_app.config["ADMIN_SETUP_LINK_HOURS"]
    click.echo(f"No staff account yet. Create the first admin (link valid {hours} h):")
    click.echo(f"{site_url()}/admin/setup/{make_setup_token()}")


@leads.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=1), default=None,
              help="Days since the lead's last change (default: LEADS_RETENTION_DAYS).")
@click.option("--dry-run", is_flag=True, help="Only count what would be erased.")
def leads_purge(days: int | None, dry_run: bool) -> None:
    """Erase personal data of closed leads (won, lost, spam) older than the retention,
    and the receivables health checks that are due (see `flask tools aging-purge`)."""
    from ..selfcheck.aging_cli import purge_diagnoses

    days = days or current_app.config["LEADS_RETENTION_DAYS"]
    if dry_run:
        click.echo(f"would erase {count_candidates(days)} closed leads older than {days} days")
        purge_diagnoses(current_app.config["AGING_RETENTION_DAYS"], dry_run=True)
        return
    begin_write()
    erased = purge(days)
    db.session.commit()
    click.echo(f"erased {erased} closed leads older than {days} days")
    purge_diagnoses(current_app.config["AGING_RETENTION_DAYS"], dry_run=False)


GROUPS = [users, leads]


@notify.command("digest")
def digest() -> None:
    """Send each salesperson their overdue and due-today requests (run daily at 8:30)."""
    report = send_digest()
    for line in report.failed:
        click.echo(f"failed: {line}", err=True)
    click.echo(f"digest: {len(report.emailed)} by e-mail, {len(report.chatted)} by chat robot, "
               f"{len(report.failed)} failed")
    if report.failed:
        sys.exit(1)
