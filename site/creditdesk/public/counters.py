"""Article view counters: bots are not counted; counting itself is creditdesk.viewcounts."""

from flask import Request

from ..viewcounts import count_view, view_counts

__all__ = ["count_view", "is_bot", "view_counts"]

BOT_MARKERS = ("bot", "spider", "crawler")


def is_bot(request: Request) -> bool:
    agent = (request.user_agent.string or "").lower()
    return any(marker in agent for marker in BOT_MARKERS)
