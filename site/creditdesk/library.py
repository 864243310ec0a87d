"""Access to the content library loaded at start-up."""

from flask import current_app

from .templating import site_today


def library():
    """Return the immutable content Library kept in app.extensions."""
    return current_app.extensions["creditdesk.library"]


def published():
    """Return today's published view of the library (drafts and future dates hidden)."""
    return library().view(site_today())
