"""Working-hours arithmetic for the first-response clock (no app, no database).

A request that arrives on Friday at 17:00 and is answered on Monday at 10:00 waited two
working hours, not 65. Days, hours and holidays are configurable; the defaults are
Monday to Friday, 9:00–18:00, Asia/Shanghai.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class WorkingHours:
    timezone: ZoneInfo
    days: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def seconds_between(self, start: datetime, end: datetime) -> float:
        """Return the working seconds from `start` to `end` (aware datetimes; 0 if end <= start)."""
        if end <= start:
            return 0.0
        zone = self.timezone
        first, last = start.astimezone(zone), end.astimezone(zone)
        total = 0.0
        day = first.date()
        while day <= last.date():
            if self.is_working_day(day):
                open_at = datetime.combine(day, self.start, tzinfo=zone)
                close_at = datetime.combine(day, self.end, tzinfo=zone)
                lo, hi = max(open_at, first), min(close_at, last)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += timedelta(days=1)
        return total

    def hours_between(self, start: datetime, end: datetime) -> float:
        return self.seconds_between(start, end) / 3600


def from_config(config) -> WorkingHours:
    """Build the working hours from LEADS_WORK_DAYS, LEADS_WORK_HOURS, LEADS_HOLIDAYS."""
    start, end = (time.fromisoformat(t) for t in config["LEADS_WORK_HOURS"])
    if end <= start:
        raise ValueError("LEADS_WORK_HOURS: the end must be after the start")
    days = frozenset(int(d) for d in config["LEADS_WORK_DAYS"])
    if not days <= set(range(7)):
        raise ValueError("LEADS_WORK_DAYS: days are 0 (Monday) to 6 (Sunday)")
    holidays = frozenset(date.fromisoformat(str(d)) for d in config["LEADS_HOLIDAYS"])
    return WorkingHours(ZoneInfo(config["TIMEZONE"]), days, start, end, holidays)
