"""Dates and times in words, in the house's time zone ("dinsdag 3 maart 2026, 19.30–21.30 uur")."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _


def day_words(day: date) -> str:
    return date_format(day, "l j F Y")


def time_words(moment: datetime, tz: str) -> str:
    return time_format(moment.astimezone(ZoneInfo(tz)), "H:i")


def moment_words(start: datetime, end: datetime, tz: str) -> str:
    zone = ZoneInfo(tz)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() == local_end.date():
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": day_words(local_start.date()),
            "start": time_format(local_start, "H:i"),
            "end": time_format(local_end, "H:i"),
        }
    return _("%(day)s %(start)s to %(end_day)s %(end)s") % {
        "day": day_words(local_start.date()),
        "start": time_format(local_start, "H:i"),
        "end_day": day_words(local_end.date()),
        "end": time_format(local_end, "H:i"),
    }
