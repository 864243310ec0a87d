"""The public site: home, knowledge centre, FAQ, search, feeds, pages, health."""

from . import feeds  # noqa: F401  (registers the feed routes on bp)
from .views import bp

__all__ = ["bp"]
