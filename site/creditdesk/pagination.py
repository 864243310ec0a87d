"""Numbered pages: the one place that does page arithmetic, for lists and for queries."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    items: Sequence
    number: int
    pages: int
    total: int
    more: bool = False  # there are more items than `total` (a capped count): "1,000+"

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages or self.more


def page_count(total: int, per_page: int) -> int:
    """Return how many pages `total` items fill (at least one, the empty page)."""
    return max(1, -(-total // per_page))


def clamp(number: int, total: int, per_page: int) -> tuple[int, int]:
    """Return (`number` moved into 1..pages, pages): a page past the end shows the last."""
    pages = page_count(total, per_page)
    return min(max(number, 1), pages), pages


def offset(number: int, per_page: int) -> int:
    """Return how many items come before page `number`."""
    return (number - 1) * per_page


def paginate(items: Sequence, number: int, per_page: int) -> Page | None:
    """Return page `number` (1-based) of an in-memory list, or None when it does not exist."""
    pages = page_count(len(items), per_page)
    if number < 1 or number > pages:
        return None
    start = offset(number, per_page)
    return Page(items[start : start + per_page], number, pages, len(items))
