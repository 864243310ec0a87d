"""The sales workspace (/admin): staff login, lead inbox and page, audit, export, dashboard.

One module per screen or concern: `auth` (login, logout, lockout), `accounts` (staff
accounts, first-admin setup link), `inbox` (filters, query, table), `lead` (page, actions,
timeline), `followup` (next step, contact attempts), `my` (my queue, profile, calendar
feed), `digest`, `export`, `dashboard` (with its numbers), `audit`, `retention`, `cli`, `forms`,
`labels`, `priority`, `passwords`; `access` closes the whole blueprint behind one login guard.
Importing the screen modules registers their views on `bp` (defined in `blueprint`).
"""

from . import (
    access,
    accounts,
    audit,
    auth,
    dashboard,
    export,
    followup,
    inbox,
    labels,
    lead,
    my,
)
from .blueprint import bp

__all__ = ["bp"]
_ROUTES = (access, accounts, audit, auth, dashboard, export, followup, inbox, labels, lead, my)
