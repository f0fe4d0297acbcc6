"""Series expansion in local time: the wall clock stays put across daylight saving."""

from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from buurtkracht.bookings.recurrence import Rule, describe, expand, expand_dates, rrule_text

ZONES = ["Europe/Amsterdam", "Europe/Brussels"]


def weekly(**kw):
    base = {"kind": "weekly", "first_date": date(2026, 3, 3), "start_time": time(19, 30), "duration_minutes": 120,
                "time_zone": "Europe/Amsterdam", "weekdays": (1,), "until_date": date(2026, 11, 24)}  # fmt: skip
    base.update(kw)
    return Rule(**base)


@pytest.mark.parametrize("zone", ZONES)
def test_tuesday_evening_stays_at_half_past_seven_across_dst(zone):
    slots = expand(weekly(time_zone=zone))
    assert len(slots) == 39
    tz = ZoneInfo(zone)
    for day, start, end in slots:
        assert start.astimezone(tz).time() == time(19, 30)
        assert end.astimezone(tz).time() == time(21, 30)
        expected_utc = 17 if date(2026, 3, 29) < day < date(2026, 10, 25) else 18
        assert start.astimezone(UTC).hour == expected_utc


def test_a_time_that_does_not_exist_is_refused():
    rule = Rule(kind="one_off", first_date=date(2026, 3, 29), start_time=time(2, 30), duration_minutes=60,
                time_zone="Europe/Amsterdam")  # fmt: skip
    with pytest.raises(ValidationError, match="bestaat niet|does not exist"):
        expand(rule)


def test_a_night_across_the_october_change_lasts_seven_hours():
    rule = Rule(kind="one_off", first_date=date(2026, 10, 24), start_time=time(21, 0), duration_minutes=360,
                time_zone="Europe/Amsterdam")  # fmt: skip
    [(_day, start, end)] = expand(rule)
    assert end - start == timedelta(hours=7)
    assert end.astimezone(ZoneInfo("Europe/Amsterdam")).time() == time(3, 0)


def test_every_other_week_on_two_days_with_monday_week_start():
    rule = weekly(interval=2, weekdays=(1, 3), until_date=date(2026, 4, 2))
    assert expand_dates(rule) == [date(2026, 3, 3), date(2026, 3, 5), date(2026, 3, 17), date(2026, 3, 19),
                                  date(2026, 3, 31), date(2026, 4, 2)]  # fmt: skip
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO;UNTIL=20260402T173000Z" in rrule_text(rule)


def test_monthly_last_friday_and_second_tuesday():
    last_friday = Rule(kind="monthly", first_date=date(2026, 1, 1), start_time=time(14, 0), duration_minutes=60,
                       time_zone="Europe/Brussels", weekdays=(4,), month_week=-1, count=3)  # fmt: skip
    assert expand_dates(last_friday) == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]
    assert "BYDAY=-1FR;COUNT=3" in rrule_text(last_friday)
    second_tuesday = Rule(kind="monthly", first_date=date(2026, 1, 1), start_time=time(14, 0), duration_minutes=60,
                          time_zone="Europe/Brussels", weekdays=(1,), month_week=2, count=2)  # fmt: skip
    assert expand_dates(second_tuesday) == [date(2026, 1, 13), date(2026, 2, 10)]


@pytest.mark.parametrize(
    "rule",
    [
        weekly(interval=3, weekdays=(0, 2, 4), until_date=date(2026, 12, 31)),
        weekly(interval=2, weekdays=(6,), until_date=None, count=20),
        Rule(kind="monthly", first_date=date(2026, 1, 1), start_time=time(20), duration_minutes=60,
             time_zone="Europe/Brussels", weekdays=(2,), month_week=-1, until_date=date(2027, 6, 30)),
        Rule(kind="dates", first_date=date(2026, 5, 1), start_time=time(10), duration_minutes=60,
             time_zone="Europe/Amsterdam", dates=(date(2026, 5, 1), date(2026, 7, 9), date(2026, 11, 2))),
    ],
)  # fmt: skip
def test_the_rfc5545_text_expands_to_the_same_dates_elsewhere(rule):
    import icalendar
    import recurring_ical_events

    lines = rrule_text(rule).splitlines()
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:test", "BEGIN:VEVENT", "UID:x",
                         *lines, "DURATION:PT1H", "END:VEVENT", "END:VCALENDAR", ""])  # fmt: skip
    calendar = icalendar.Calendar.from_ical(text)
    found = recurring_ical_events.of(calendar).between(date(2025, 1, 1), date(2030, 1, 1))
    tz = ZoneInfo(rule.time_zone)
    starts = sorted(e["DTSTART"].dt.astimezone(tz) for e in found)
    assert [s.date() for s in starts] == expand_dates(rule)
    assert {s.time() for s in starts} == {rule.start_time}


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (weekly(until_date=None, count=None), "until_date"),
        (weekly(until_date=date(2040, 1, 1)), "until_date"),
        (weekly(until_date=None, count=10_000), "count"),
        (weekly(duration_minutes=0), "end_time"),
        (weekly(weekdays=()), "weekdays"),
        (Rule(kind="dates", first_date=date(2026, 1, 1), start_time=time(9), duration_minutes=60,
              time_zone="Europe/Amsterdam", dates=tuple(date(2026, 1, 1) + timedelta(days=i) for i in range(10_000))),
         "dates"),
    ],
)  # fmt: skip
def test_rules_without_end_or_too_many_dates_are_refused_with_a_message(rule, field):
    with pytest.raises(ValidationError) as info:
        expand(rule)
    assert field in info.value.message_dict
    assert all(len(m) > 20 for m in info.value.message_dict[field])


def test_describe_speaks_plain_language():
    assert describe(weekly(interval=2, weekdays=(1, 3))) == "Elke 2 weken op dinsdag en donderdag"


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    hour=st.integers(min_value=4, max_value=22),
    minute=st.sampled_from([0, 15, 30, 45]),
    interval=st.integers(min_value=1, max_value=4),
    weekdays=st.sets(st.integers(min_value=0, max_value=6), min_size=1, max_size=3),
    count=st.integers(min_value=1, max_value=60),
)
def test_local_clock_time_is_constant_for_any_weekly_rule(zone, first, hour, minute, interval, weekdays, count):
    assume(interval * count / len(weekdays) <= 150)  # within the three-year limit of a series
    rule = Rule(kind="weekly", first_date=first, start_time=time(hour, minute), duration_minutes=90,
                time_zone=zone, interval=interval, weekdays=tuple(weekdays), count=count)  # fmt: skip
    tz = ZoneInfo(zone)
    slots = expand(rule)
    assert len(slots) == count
    for day, start, end in slots:
        local = start.astimezone(tz)
        assert (local.date(), local.time()) == (day, time(hour, minute))
        assert day.weekday() in weekdays
        assert end.astimezone(tz).replace(tzinfo=None) - local.replace(tzinfo=None) == timedelta(minutes=90)
