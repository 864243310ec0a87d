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
        if first.date() == last.date():
            return self._within(first.date(), first, last)
        total = self._within(first.date(), first, last)
        total += self._within(last.date(), first, last)
        between = self.working_days(first.date() + timedelta(days=1),
                                    last.date() - timedelta(days=1))
        day_length = (datetime.combine(date.min, self.end)
                      - datetime.combine(date.min, self.start)).total_seconds()
        return total + between * day_length

    def _within(self, day: date, first: datetime, last: datetime) -> float:
        """Working seconds of one day that fall between `first` and `last`."""
        if not self.is_working_day(day):
            return 0.0
        open_at = datetime.combine(day, self.start, tzinfo=self.timezone)
        close_at = datetime.combine(day, self.end, tzinfo=self.timezone)
        lo, hi = max(open_at, first), min(close_at, last)
        return max(0.0, (hi - lo).total_seconds())

    def working_days(self, first: date, last: date) -> int:
        """Count the working days from `first` to `last`, both included (whole weeks at once)."""
        if last < first:
            return 0
        span = (last - first).days + 1
        weeks, rest = divmod(span, 7)
        count = weeks * len(self.days)
        count += sum(1 for i in range(rest)
                     if (first + timedelta(days=weeks * 7 + i)).weekday() in self.days)
        count -= sum(1 for h in self.holidays
                     if first <= h <= last and h.weekday() in self.days)
        return count

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
