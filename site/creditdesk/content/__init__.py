"""Markdown files in ``content/`` loaded once into an immutable library.

No Flask here: the web layer keeps the loaded :class:`Library` in
``app.extensions`` and asks it for a :class:`View` per request date.
"""

from creditdesk.content.errors import ContentError
from creditdesk.content.library import Library, View, load_library
from creditdesk.content.models import (
    Article,
    FaqEntry,
    FaqTopic,
    Heading,
    Page,
    SearchHit,
    Term,
)

__all__ = [
    "Article",
    "ContentError",
    "FaqEntry",
    "FaqTopic",
    "Heading",
    "Library",
    "Page",
    "SearchHit",
    "Term",
    "View",
    "load_library",
]
