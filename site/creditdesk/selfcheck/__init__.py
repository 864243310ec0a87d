"""The selfcheck blueprint: questionnaire in steps, stored result, calculators, aging check."""

from . import aging_views, tools, views  # noqa: F401  (attach their routes to bp)
from .blueprint import bp

__all__ = ["bp"]
