"""Series rules without the database: expansion in local time, UTC instants, and the RFC 5545 form.

A rule is expanded into local *dates* (python-dateutil), then each date is combined with the local start
time in the house's zone and converted to UTC. So "Tuesday 19:30" stays 19:30 on the wall clock across
daylight saving. The end is the local wall-clock start plus ``duration_minutes`` (21:00 + 6 h = 03:00 the
next morning, which lasts seven real hours in the night the clocks go back). Wall times that do not exist
(02:30 on the last Sunday of March) are refused; ambiguous ones take the first (``fold=0``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule as du
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from buurtkracht.bookings.models import MAX_OCCURRENCES, BookingSeries

K = BookingSeries.Kind
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MAX_SPAN_DAYS = 3 * 366
"""A series may not reach further than about three years from its first date."""


@dataclass(frozen=True)
class Rule:
    kind: str
    first_date: date
    start_time: time
    duration_minutes: int
    time_zone: str
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    month_week: int | None = None
    dates: tuple[date, ...] = ()
    until_date: date | None = None
    count: int | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_series(cls, series: BookingSeries) -> Rule:
        return cls(
            kind=series.kind,
            first_date=series.first_date,
            start_time=series.start_time,
            duration_minutes=series.duration_minutes,
            time_zone=series.time_zone,
            interval=series.interval or 1,
            weekdays=tuple(int(d) for d in (series.weekdays or ())),
            month_week=series.month_week,
            dates=tuple(_as_date(d) for d in (series.dates or ())),
            until_date=series.until_date,
            count=series.count,
        )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def validate_rule(rule: Rule) -> None:
    """Refuse rules that cannot be booked, with a sentence that says what to change."""
    errors: dict[str, list[str]] = {}
    if rule.duration_minutes is None or rule.duration_minutes < 1:
        errors.setdefault("end_time", []).append(_("The end time must be after the start time."))
    elif rule.duration_minutes > 24 * 60:
        errors.setdefault("end_time", []).append(_("A booking can last 24 hours at most."))
    if rule.kind not in K.values:
        errors.setdefault("kind", []).append(_("Choose how often the booking repeats."))
    if rule.kind in (K.WEEKLY, K.MONTHLY):
        if rule.until_date is None and not rule.count:
            errors.setdefault("until_date", []).append(
                _("A repeating booking needs an end: choose a last date or a number of times.")
            )
        if rule.until_date is not None and rule.until_date < rule.first_date:
            errors.setdefault("until_date", []).append(_("The last date must be on or after the first date."))
        if rule.count is not None and rule.count > MAX_OCCURRENCES:
            errors.setdefault("count", []).append(
                _("A series can have at most %(max)s dates. Split it into shorter series.") % {"max": MAX_OCCURRENCES}
            )
        if not rule.weekdays or any(d not in range(7) for d in rule.weekdays):
            errors.setdefault("weekdays", []).append(_("Choose at least one weekday."))
    if rule.kind == K.WEEKLY and not 1 <= (rule.interval or 0) <= 52:
        errors.setdefault("interval", []).append(_("Choose a number of weeks between 1 and 52."))
    if rule.kind == K.MONTHLY:
        if rule.month_week not in (1, 2, 3, 4, -1):
            errors.setdefault("month_week", []).append(_("Choose the first, second, third, fourth or last week."))
        if len(rule.weekdays) > 1:
            errors.setdefault("weekdays", []).append(_("A monthly booking is on one weekday."))
    if rule.kind == K.DATES:
        if not rule.dates:
            errors.setdefault("dates", []).append(_("Choose at least one date."))
        elif len(set(rule.dates)) > MAX_OCCURRENCES:
            errors.setdefault("dates", []).append(
                _("A series can have at most %(max)s dates. Split it into shorter series.") % {"max": MAX_OCCURRENCES}
            )
    if errors:
        raise ValidationError(errors)


def _dateutil_rule(rule: Rule) -> du.rrule:
    start = datetime.combine(rule.first_date, time(0, 0))
    until = datetime.combine(rule.until_date, time(23, 59)) if rule.until_date else None
    limit = rule.count if rule.count else None
    weekdays = [du.weekday(d) for d in sorted(set(rule.weekdays))]
    if rule.kind == K.WEEKLY:
        return du.rrule(
            du.WEEKLY, dtstart=start, interval=rule.interval, byweekday=weekdays, wkst=du.MO, until=until, count=limit
        )
    nth = du.weekday(weekdays[0].weekday, rule.month_week)
    return du.rrule(du.MONTHLY, dtstart=start, byweekday=nth, until=until, count=limit)


def expand_dates(rule: Rule) -> list[date]:
    """The local dates the rule produces, at most :data:`MAX_OCCURRENCES` (more is an error)."""
    validate_rule(rule)
    if rule.kind == K.ONE_OFF:
        return [rule.first_date]
    if rule.kind == K.DATES:
        days = sorted(set(rule.dates))
    else:
        days = []
        for moment in _dateutil_rule(rule):
            days.append(moment.date())
            if len(days) > MAX_OCCURRENCES:
                raise ValidationError(
                    {
                        "until_date": _(
                            "This series would have more than %(max)s dates. Choose an earlier last date "
                            "or split it into shorter series."
                        )
                        % {"max": MAX_OCCURRENCES}
                    }
                )
    if not days:
        raise ValidationError({"first_date": _("This pattern produces no dates. Check the weekdays and the dates.")})
    if (days[-1] - days[0]).days > MAX_SPAN_DAYS:
        raise ValidationError({"until_date": _("A series can run for three years at most. Choose an earlier date.")})
    return days


def local_interval(day: date, start_time: time, duration_minutes: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """(start, end) in UTC for a local date and wall-clock time. Refuses wall times that do not exist."""
    naive_start = datetime.combine(day, start_time)
    naive_end = naive_start + timedelta(minutes=duration_minutes)
    start = require_real_wall_time(naive_start, tz)
    end = require_real_wall_time(naive_end, tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def require_real_wall_time(naive: datetime, tz: ZoneInfo) -> datetime:
    aware = naive.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        raise ValidationError(
            _("%(moment)s does not exist: the clocks go forward then. Choose another time.")
            % {"moment": naive.strftime("%d-%m-%Y %H:%M")}
        )
    return aware


def to_local(moment: datetime, tz: ZoneInfo | str) -> datetime:
    return moment.astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)


def expand(rule: Rule) -> list[tuple[date, datetime, datetime]]:
    """``[(slot_date, start_utc, end_utc)]`` for every date of the rule."""
    tz = ZoneInfo(rule.time_zone)
    return [(day, *local_interval(day, rule.start_time, rule.duration_minutes, tz)) for day in expand_dates(rule)]


def _ical_local(day: date, start_time: time) -> str:
    return datetime.combine(day, start_time).strftime("%Y%m%dT%H%M%S")


def rrule_text(rule: Rule, days: list[date] | None = None) -> str:
    """The RFC 5545 lines (DTSTART with TZID, then RRULE or RDATE) that describe the rule.

    DTSTART is the first produced date (RFC 5545 counts DTSTART as the first instance). Weekly rules carry
    WKST=MO, since with an interval above 1 the week start decides which weeks count. UNTIL is in UTC, as
    the RFC requires when DTSTART has a time zone."""
    days = days if days is not None else expand_dates(rule)
    tz = ZoneInfo(rule.time_zone)
    lines = [f"DTSTART;TZID={rule.time_zone}:{_ical_local(days[0], rule.start_time)}"]
    if rule.kind in (K.WEEKLY, K.MONTHLY):
        if rule.kind == K.WEEKLY:
            parts = ["FREQ=WEEKLY"]
            if rule.interval > 1:
                parts.append(f"INTERVAL={rule.interval}")
            parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in sorted(set(rule.weekdays))))
            parts.append("WKST=MO")
        else:
            parts = ["FREQ=MONTHLY", f"BYDAY={rule.month_week}{WEEKDAY_CODES[rule.weekdays[0]]}"]
        if rule.count:
            parts.append(f"COUNT={rule.count}")
        else:
            last_local = datetime.combine(days[-1], rule.start_time).replace(tzinfo=tz)
            parts.append("UNTIL=" + last_local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
        lines.append("RRULE:" + ";".join(parts))
    elif rule.kind == K.DATES and len(days) > 1:
        lines.append(f"RDATE;TZID={rule.time_zone}:" + ",".join(_ical_local(d, rule.start_time) for d in days[1:]))
    return "\n".join(lines)


def describe(rule: Rule) -> str:
    """A plain-language sentence for the rule ("Elke 2 weken op dinsdag en donderdag")."""
    from django.utils.formats import date_format

    names = [_weekday_name(d) for d in sorted(set(rule.weekdays))]
    if rule.kind == K.ONE_OFF:
        return _("Once, on %(date)s") % {"date": date_format(rule.first_date, "l j F Y")}
    if rule.kind == K.DATES:
        return _("On %(count)s chosen dates") % {"count": len(set(rule.dates))}
    if rule.kind == K.MONTHLY:
        week = {
            1: _("first"),
            2: _("second"),
            3: _("third"),
            4: _("fourth"),
            -1: _("last"),
        }.get(rule.month_week, "")
        return _("Every month on the %(week)s %(weekday)s") % {"week": week, "weekday": names[0] if names else ""}
    joined = join_words(names)
    if rule.interval == 1:
        return _("Every week on %(weekdays)s") % {"weekdays": joined}
    return _("Every %(n)s weeks on %(weekdays)s") % {"n": rule.interval, "weekdays": joined}


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _weekday_name(day: int) -> str:
    from buurtkracht.houses.models import OpeningHours

    return str(OpeningHours.Weekday(day).label).lower()


def fields_from_rrule(text: str, first_date: date) -> dict:
    """Series fields from an RRULE we can book (the API accepts RFC 5545 as input too).

    Supported: FREQ=WEEKLY with INTERVAL and BYDAY (WKST=MO), FREQ=MONTHLY with one BYDAY like 2TU or -1FR;
    each needs UNTIL or COUNT. Anything else is refused with a message."""
    value = (text or "").strip()
    if value.upper().startswith("RRULE:"):
        value = value[6:]
    parts: dict[str, str] = {}
    for piece in value.split(";"):
        if not piece.strip():
            continue
        key, sep, val = piece.partition("=")
        if not sep:
            raise ValidationError(
                {"rrule": [_("This repeat rule cannot be read. Use for example FREQ=WEEKLY;BYDAY=TU;COUNT=10.")]}
            )
        parts[key.strip().upper()] = val.strip().upper()
    supported = {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}
    if set(parts) - supported or parts.get("FREQ") not in ("WEEKLY", "MONTHLY") or parts.get("WKST", "MO") != "MO":
        raise ValidationError(
            {
                "rrule": [
                    _(
                        "We can book weekly rules with weekdays and monthly rules on one weekday, such as the last Friday."
                    )
                ]
            }
        )
    if "UNTIL" not in parts and "COUNT" not in parts:
        raise ValidationError(
            {"rrule": [_("This repeat rule never ends. Add an end date (UNTIL) or a number of times (COUNT).")]}
        )
    fields: dict = {}
    try:
        if "COUNT" in parts:
            fields["count"] = int(parts["COUNT"])
        if "UNTIL" in parts:
            fields["until_date"] = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()  # noqa: DTZ007
        fields["interval"] = int(parts.get("INTERVAL", "1"))
        days = [d for d in parts.get("BYDAY", WEEKDAY_CODES[first_date.weekday()]).split(",") if d]
        if parts["FREQ"] == "WEEKLY":
            fields["kind"] = K.WEEKLY
            fields["weekdays"] = [WEEKDAY_CODES.index(d) for d in days]
        else:
            if len(days) != 1 or fields["interval"] != 1:
                raise ValueError("monthly with more than one weekday")
            code = days[0]
            fields["kind"] = K.MONTHLY
            fields["month_week"] = int(code[:-2]) if code[:-2] else 1
            fields["weekdays"] = [WEEKDAY_CODES.index(code[-2:])]
    except ValueError:
        raise ValidationError(
            {"rrule": [_("This repeat rule cannot be read. Use for example FREQ=WEEKLY;BYDAY=TU;COUNT=10.")]}
        ) from None
    return fields
