"""The public site: home, knowledge centre, FAQ, search, feeds, pages, health."""

from . import feeds, views  # noqa: F401  (attach their routes to bp)
from .blueprint import bp

__all__ = ["bp"]
