"""Outbox delivery of new-lead notifications (SMTP e-mail, signed webhooks).

A new lead writes its notification rows in the same transaction as itself
(`enqueue_new_lead`); delivery happens after the response and by `flask notify run`.
"""

from .outbox import (
    OutboxSummary,
    enqueue_assignment,
    enqueue_new_lead,
    forget_lead,
    outbox_summary,
    requeue_failed,
)
from .worker import deliver_after_response, deliver_due

__all__ = [
    "OutboxSummary",
    "deliver_after_response",
    "deliver_due",
    "enqueue_assignment",
    "enqueue_new_lead",
    "forget_lead",
    "outbox_summary",
    "requeue_failed",
]
