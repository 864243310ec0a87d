"""Slicing an in-memory sequence into numbered pages."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    items: Sequence
    number: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(items: Sequence, number: int, per_page: int) -> Page | None:
    """Return page `number` (1-based), or None when it does not exist."""
    pages = max(1, -(-len(items) // per_page))
    if number < 1 or number > pages:
        return None
    start = (number - 1) * per_page
    return Page(items[start : start + per_page], number, pages, len(items))
