"""The leads blueprint: the consultation request form and its thank-you page."""

from . import views  # noqa: F401  (attaches its routes to bp)
from .blueprint import bp

__all__ = ["bp"]
