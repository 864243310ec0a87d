"""The public site: home, knowledge centre, FAQ, search, feeds, pages, health."""

from . import feeds, save_views  # noqa: F401  (register their routes on bp)
from .views import bp

__all__ = ["bp"]
