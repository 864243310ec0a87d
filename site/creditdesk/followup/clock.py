"""The first-response clock: how long (in working hours) a new request has waited."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g

from ..models.base import now_utc
from .workhours import WorkingHours, from_config


def working_hours() -> WorkingHours:
    """The configured working hours, built once per app context."""
    if "followup_hours" not in g:
        g.followup_hours = from_config(current_app.config)
    return g.followup_hours


@dataclass(frozen=True)
class Waiting:
    hours: float
    late: bool

    @property
    def whole_hours(self) -> int:
        return int(self.hours)


def waiting(created_at: datetime, status: str, first_response_at: datetime | None,
            erased: bool = False, now: datetime | None = None) -> Waiting | None:
    """Return how long a new, unanswered request has waited; None once answered or closed."""
    if status != "new" or first_response_at is not None or erased:
        return None
    hours = working_hours().hours_between(created_at, now or now_utc())
    return Waiting(hours, hours > float(current_app.config["LEADS_FIRST_RESPONSE_HOURS"]))


def response_hours(created_at: datetime, first_response_at: datetime) -> float:
    """Return the working hours from receipt to the first response."""
    return working_hours().hours_between(created_at, first_response_at)
