"""Working-hours arithmetic of the first-response clock: weekends, holidays, edges."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from creditdesk.followup.workhours import WorkingHours, from_config

SH = ZoneInfo("Asia/Shanghai")
HOURS = WorkingHours(SH)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    # November 2026: the 27th is a Friday, the 30th a Monday.
    return datetime(2026, month, day, hour, minute, tzinfo=SH)


def test_within_one_working_day():
    assert HOURS.hours_between(at(30, 10), at(30, 13, 30)) == 3.5


def test_across_a_weekend_only_working_hours_count():
    # Friday 17:00 → Monday 10:00: one hour on Friday, one on Monday.
    assert HOURS.hours_between(at(27, 17), at(30, 10)) == 2


def test_a_request_on_saturday_starts_counting_on_monday_morning():
    assert HOURS.hours_between(at(28, 11), at(30, 9)) == 0
    assert HOURS.hours_between(at(28, 11), at(30, 12, 15)) == 3.25


def test_a_holiday_is_skipped_like_a_weekend():
    holiday = WorkingHours(SH, holidays=frozenset({date(2026, 11, 30)}))
    # Friday 17:00 → Tuesday 10:00, Monday a holiday: 1 h Friday + 1 h Tuesday.
    assert holiday.hours_between(at(27, 17), datetime(2026, 12, 1, 10, tzinfo=SH)) == 2
    assert HOURS.hours_between(at(27, 17), datetime(2026, 12, 1, 10, tzinfo=SH)) == 11


def test_outside_hours_and_reversed_ranges_count_nothing():
    assert HOURS.hours_between(at(30, 18, 30), at(30, 23)) == 0
    assert HOURS.hours_between(at(30, 6), at(30, 8, 59)) == 0
    assert HOURS.hours_between(at(30, 12), at(30, 11)) == 0


def test_utc_inputs_are_read_in_the_site_time_zone():
    utc = ZoneInfo("UTC")
    # 01:00 UTC = 09:00 Shanghai; 05:00 UTC = 13:00
    assert HOURS.hours_between(datetime(2026, 11, 30, 1, tzinfo=utc),
                               datetime(2026, 11, 30, 5, tzinfo=utc)) == 4


def test_from_config_reads_days_hours_and_holidays():
    hours = from_config({"TIMEZONE": "Asia/Shanghai", "LEADS_WORK_DAYS": [0, 1, 2, 3, 4, 5],
                         "LEADS_WORK_HOURS": ["08:30", "17:30"],
                         "LEADS_HOLIDAYS": ["2026-10-01"]})
    assert hours.start == time(8, 30) and hours.end == time(17, 30)
    assert hours.is_working_day(date(2026, 11, 28))  # a Saturday, now worked
    assert not hours.is_working_day(date(2026, 10, 1))


@pytest.mark.parametrize("bad", [
    {"LEADS_WORK_HOURS": ["18:00", "09:00"]},
    {"LEADS_WORK_DAYS": [7]},
    {"LEADS_HOLIDAYS": ["2026-13-01"]},
])
def test_from_config_refuses_nonsense(bad):
    config = {"TIMEZONE": "Asia/Shanghai", "LEADS_WORK_DAYS": [0], "LEADS_WORK_HOURS":
              ["09:00", "18:00"], "LEADS_HOLIDAYS": []} | bad
    with pytest.raises(ValueError):
        from_config(config)


def test_long_spans_agree_with_a_day_by_day_count():
    holidays = frozenset({date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)})
    hours = WorkingHours(SH, holidays=holidays)
    start = datetime(2026, 9, 3, 15, 20, tzinfo=SH)
    for days in (1, 2, 6, 7, 8, 30, 61, 400):
        end = start.replace(hour=10, minute=5) + (date(2026, 9, 4) - date(2026, 9, 3)) * days
        expected = 0.0
        day = start.date()
        while day <= end.date():
            if hours.is_working_day(day):
                lo = max(start, datetime.combine(day, time(9), tzinfo=SH))
                hi = min(end, datetime.combine(day, time(18), tzinfo=SH))
                expected += max(0.0, (hi - lo).total_seconds())
            day = date.fromordinal(day.toordinal() + 1)
        assert hours.seconds_between(start, end) == expected, days
