"""Writing notification rows for a new lead (delivery lives in its own module)."""

from flask import current_app

from ..extensions import db
from ..models import Lead, NotificationOutbox


def enqueue_new_lead(lead: Lead) -> list[NotificationOutbox]:
    """Add one outbox row per configured channel to the caller's transaction."""
    rows = []
    email = current_app.config.get("NOTIFY_SALES_EMAIL")
    if email:
        rows.append(NotificationOutbox(lead=lead, channel="email", target=email, payload={}))
    for url in current_app.config.get("NOTIFY_WEBHOOKS", []):
        rows.append(NotificationOutbox(lead=lead, channel="webhook", target=url, payload={}))
    db.session.add_all(rows)
    return rows


def deliver_after_response() -> None:
    """Deliver this request's pending notifications once the response is sent."""
