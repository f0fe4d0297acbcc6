"""iCalendar feeds: one master VEVENT per series, EXDATE and RECURRENCE-ID for per-date changes.

For each series in the feed's scope the master event carries the series' own rule (``DTSTART;TZID`` in
house time, RRULE or RDATE), an ``EXDATE`` for every date that does not hold the room (skipped, cancelled,
declined, expired, or moved out of the feed's scope) and an override VEVENT with the same UID and
``RECURRENCE-ID`` = the original local start for every date whose time or status differs from the
master (moved dates, or a date with another approval state). Series of another room with a date moved
*into* the scope appear as plain per-date events. ``STATUS:TENTATIVE`` marks requests and options.
Expanding the feed (e.g. with ``recurring-ical-events``) yields exactly the occupying occurrences.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buurtkracht.bookings.models import OCCUPYING, BookingSeries, ICalFeed, Occurrence
from buurtkracht.bookings.recurrence import Rule, expand_dates, local_interval

WINDOW_BEFORE = timedelta(days=92)
WINDOW_AFTER = timedelta(days=549)
ICAL_STATUS = {"requested": "TENTATIVE", "provisional": "TENTATIVE", "confirmed": "CONFIRMED"}


def feed_scope_q(feed: ICalFeed, prefix: str = "") -> Q:
    if feed.room_id:
        return Q(**{f"{prefix}room_id": feed.room_id})
    if feed.house_id:
        return Q(**{f"{prefix}house_id": feed.house_id})
    return Q(**{f"{prefix}organisation_id": feed.organisation_id})


def feed_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or timezone.now()
    return now - WINDOW_BEFORE, now + WINDOW_AFTER


def _series_in_scope(feed: ICalFeed, series: BookingSeries) -> bool:
    if feed.room_id:
        return series.room_id == feed.room_id
    if feed.house_id:
        return series.house_id == feed.house_id
    return series.organisation_id == feed.organisation_id


def _in_scope(feed: ICalFeed, occurrence: Occurrence) -> bool:
    if feed.room_id:
        return occurrence.room_id == feed.room_id
    if feed.house_id:
        return occurrence.house_id == feed.house_id
    return occurrence.organisation_id == feed.organisation_id


def etag(feed: ICalFeed) -> str:
    start, end = feed_window()
    stamp = Occurrence.objects.filter(feed_scope_q(feed)).aggregate(last=Max("updated_at"))["last"]
    series_stamp = BookingSeries.objects.filter(feed_scope_q(feed)).aggregate(last=Max("updated_at"))["last"]
    raw = f"{feed.pk}:{stamp}:{series_stamp}:{start.date()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _summary(series: BookingSeries, details: bool) -> str:
    return series.title if details else str(_("Booked"))


def _location(occurrence_or_series) -> str:
    room = occurrence_or_series.room
    return f"{room.name}, {room.house.name}"


def _base_event(series: BookingSeries, uid: str, details: bool, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", series.sequence)
    event.add("summary", _summary(series, details))
    if details and series.organisation_id:
        event.add("description", series.organisation.name)
    return event


def build_calendar(feed: ICalFeed, *, now: datetime | None = None) -> icalendar.Calendar:
    """The feed as an ``icalendar.Calendar`` (window: three months back, eighteen ahead)."""
    start, end = feed_window(now)
    with translation.override(settings.LANGUAGE_CODE):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Buurtkracht//Bookings//NL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", feed.name)
        series_ids = (
            Occurrence.objects.filter(feed_scope_q(feed), start__lt=end, end__gt=start, status__in=OCCUPYING)
            .values("series_id")
            .distinct()
        )
        series_list = list(
            BookingSeries.objects.filter(pk__in=series_ids).select_related("room__house", "organisation", "house")
        )
        rows = defaultdict(list)
        for occurrence in (
            Occurrence.objects.filter(series__in=[s.pk for s in series_list])
            .select_related("room__house")
            .order_by("slot_date")
        ):
            rows[occurrence.series_id].append(occurrence)
        stamp = timezone.now().replace(microsecond=0)
        for series in series_list:
            for event in series_events(feed, series, rows[series.pk], stamp):
                calendar.add_component(event)
        calendar.add_missing_timezones()
        return calendar


def series_events(feed: ICalFeed, series: BookingSeries, rows: list[Occurrence], stamp: datetime):
    details = feed.show_details
    tz = ZoneInfo(series.time_zone)
    uid = f"{series.uid}@buurtkracht"
    if not _series_in_scope(feed, series):
        for occurrence in rows:
            if occurrence.status in OCCUPYING and _in_scope(feed, occurrence):
                event = _base_event(series, f"{series.uid}-{occurrence.slot_date:%Y%m%d}@buurtkracht", details, stamp)
                event.add("dtstart", occurrence.start.astimezone(tz))
                event.add("dtend", occurrence.end.astimezone(tz))
                event.add("status", ICAL_STATUS[occurrence.status])
                event.add("location", _location(occurrence))
                yield event
        return
    rule = Rule.from_series(series)
    days = expand_dates(rule)
    first_start, first_end = local_interval(days[0], series.start_time, series.duration_minutes, tz)
    master_status = ICAL_STATUS.get(series.status, "CONFIRMED")
    master = _base_event(series, uid, details, stamp)
    master.add("dtstart", first_start.astimezone(tz))
    master.add("dtend", first_end.astimezone(tz))
    master.add("status", master_status)
    master.add("location", _location(series))
    for line in series.rrule.splitlines():
        if line.startswith("RRULE:"):
            master.add("rrule", icalendar.vRecur.from_ical(line[len("RRULE:") :]))
    if series.kind == BookingSeries.Kind.DATES and len(days) > 1:
        master.add("rdate", [local_interval(d, series.start_time, 1, tz)[0].astimezone(tz) for d in days[1:]])
    excluded = [o for o in rows if o.status not in OCCUPYING or not _in_scope(feed, o)]
    if excluded:
        master.add("exdate", [o.original_start.astimezone(tz) for o in excluded])
    yield master
    for occurrence in rows:
        if occurrence.status not in OCCUPYING or not _in_scope(feed, occurrence):
            continue
        _s, rule_end = local_interval(occurrence.slot_date, series.start_time, series.duration_minutes, tz)
        same_time = occurrence.start == occurrence.original_start and occurrence.end == rule_end
        same_room = occurrence.room_id == series.room_id
        if same_time and same_room and ICAL_STATUS[occurrence.status] == master_status:
            continue
        override = _base_event(series, uid, details, stamp)
        override.add("recurrence-id", occurrence.original_start.astimezone(tz))
        override.add("dtstart", occurrence.start.astimezone(tz))
        override.add("dtend", occurrence.end.astimezone(tz))
        override.add("status", ICAL_STATUS[occurrence.status])
        override.add("location", _location(occurrence))
        yield override


def render(feed: ICalFeed) -> bytes:
    return build_calendar(feed).to_ical()
