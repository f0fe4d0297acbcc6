"""Week calendars as data for accessible tables and lists (accessibility.md §3).

Every cell says its status in text: "Vrij" (a link to request that hour when allowed), "Bezet: Taalcafé"
(or just "Bezet" when the viewer may not see the title), "Bezet (vervolg)" for the following hours.
A room also shows what holds it through its hall or its parts. One query for the whole week.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from buurtkracht.accounts.permissions import access_for, has_perm
from buurtkracht.bookings.models import OCCUPYING, Occurrence
from buurtkracht.houses.models import Room

FIRST_HOUR, LAST_HOUR = 8, 23


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_label(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return _("week %(number)s (%(start)s to %(end)s)") % {
        "number": monday.isocalendar()[1],
        "start": date_format(monday, "j F"),
        "end": date_format(sunday, "j F Y"),
    }


def span_label(monday: date) -> str:
    return _("%(start)s to %(end)s") % {
        "start": date_format(monday, "j F"),
        "end": date_format(monday + timedelta(days=6), "j F Y"),
    }


@dataclass
class Entry:
    occurrence: Occurrence
    room: Room
    title: str
    start: datetime
    end: datetime
    via: str = ""

    @property
    def status_text(self) -> str:
        return {"requested": _("requested"), "provisional": _("option")}.get(self.occurrence.status, "")


@dataclass
class DayList:
    day: date
    heading: str
    entries: list[Entry] = field(default_factory=list)
    free: dict[int, list[str]] = field(default_factory=dict)


class TitlePolicy:
    """Who sees which titles: readers of the house see all, others only their own bookings."""

    def __init__(self, user, house) -> None:
        self.all = has_perm(user, "bookings.calendar:view_details", house)
        self.user_id = user.pk if user.is_authenticated else None
        self.organisations = set(access_for(user).organisation.keys()) if user.is_authenticated else set()

    def title(self, occurrence: Occurrence) -> str:
        series = occurrence.series
        if self.all or series.booker_id == self.user_id or series.organisation_id in self.organisations:
            return series.title
        return ""


def week_entries(house, rooms: list[Room], monday: date, user) -> dict[int, list[Entry]]:
    """Per room id: what holds it this week (its own bookings, and those of its hall or parts)."""
    tz = ZoneInfo(house.time_zone)
    start = datetime.combine(monday, time(0), tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=tz)
    related: dict[int, set[int]] = {}
    all_rooms = {r.pk: r for r in Room.objects.filter(house=house)}
    for room in rooms:
        ids = {room.pk}
        if room.parent_id:
            ids.add(room.parent_id)
        ids |= {r.pk for r in all_rooms.values() if r.parent_id == room.pk}
        related[room.pk] = ids
    wanted = set().union(*related.values()) if related else set()
    occurrences = list(
        Occurrence.objects.filter(
            house=house, room_id__in=wanted, status__in=OCCUPYING, start__lt=end, end__gt=start
        ).select_related("series")
    )
    policy = TitlePolicy(user, house)
    found: dict[int, list[Entry]] = defaultdict(list)
    for room in rooms:
        for occurrence in occurrences:
            if occurrence.room_id in related[room.pk]:
                via = "" if occurrence.room_id == room.pk else all_rooms[occurrence.room_id].name
                found[room.pk].append(
                    Entry(occurrence, room, policy.title(occurrence), occurrence.start.astimezone(tz),
                          occurrence.end.astimezone(tz), via)
                )  # fmt: skip
        found[room.pk].sort(key=lambda e: e.start)
    return found


def hours_for(entries: dict[int, list[Entry]]) -> list[int]:
    first, last = FIRST_HOUR, LAST_HOUR
    for items in entries.values():
        for entry in items:
            first = min(first, entry.start.hour)
            last = max(last, entry.end.hour if entry.end.date() == entry.start.date() else 24)
    return list(range(first, min(last, 24)))


class CellMaker:
    """Builds the table cells of a week as HTML, with every translation and date label made once (a week
    of ten rooms has over a thousand cells; a template include per cell was the slowest part)."""

    def __init__(self, *, tz, request_url: str, hours: list[int]) -> None:
        self.tz, self.request_url, self.hours = tz, request_url, hours
        self.now = timezone.now()
        self.free = _("Free")
        self.passed = _("Passed")
        self.continued = _("Booked (continued)")
        self.label = _("Book %(room)s, %(day)s from %(start)s to %(end)s")
        self.day_labels: dict[date, str] = {}

    def day_label(self, day: date) -> str:
        if day not in self.day_labels:
            self.day_labels[day] = date_format(day, "l j F")
        return self.day_labels[day]

    def cell(self, room: Room, day: date, hour: int, entries: list[Entry]) -> str:
        """A booking shows its words in the first visible hour of each day, "continued" below it."""
        slot_start = datetime.combine(day, time(hour), tzinfo=self.tz)
        slot_end = slot_start + timedelta(hours=1)
        for entry in entries:
            if entry.start < slot_end and entry.end > slot_start:
                first_visible = max(entry.start, datetime.combine(day, time(self.hours[0]), tzinfo=self.tz))
                if slot_start <= first_visible < slot_end:
                    return format_html('<td class="cal-cell cal-cell--busy">{}</td>', _busy_words(entry))
                return format_html('<td class="cal-cell cal-cell--continued">{}</td>', self.continued)
        if slot_end <= self.now:
            return format_html('<td class="cal-cell cal-cell--past">{}</td>', self.passed)
        if not self.request_url:
            return format_html('<td class="cal-cell cal-cell--free">{}</td>', self.free)
        label = self.label % {
            "room": room.name,
            "day": self.day_label(day),
            "start": f"{hour:02d}:00",
            "end": f"{(hour + 1) % 24:02d}:00",
        }
        link = f"{self.request_url}?zaal={room.pk}&datum={day.isoformat()}&tijd={hour:02d}:00"
        return format_html(
            '<td class="cal-cell cal-cell--free"><a href="{}"><span aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}</span></a></td>',
            link,
            self.free,
            label,
        )


def _busy_words(entry: Entry) -> str:
    times = f"{entry.start:%H:%M}–{entry.end:%H:%M}"
    status = entry.status_text
    what = entry.title
    if entry.via:
        what = _("%(what)s (via %(room)s)") % {"what": what or _("booked"), "room": entry.via}
    text = (
        _("Booked: %(what)s, %(times)s") % {"what": what, "times": times}
        if what
        else _("Booked, %(times)s") % {"times": times}
    )
    return f"{text} ({status})" if status else text


def room_week_rows(room: Room, monday: date, entries: list[Entry], *, tz, request_url: str):
    """Rows for a room's week table: (hour label, cells as HTML), days side by side."""
    days = [monday + timedelta(days=i) for i in range(7)]
    hours = hours_for({room.pk: entries})
    maker = CellMaker(tz=tz, request_url=request_url, hours=hours)
    rows = [
        (f"{hour:02d}:00", mark_safe("".join(maker.cell(room, day, hour, entries) for day in days)))  # noqa: S308
        for hour in hours
    ]
    return days, rows


def day_rows(rooms: list[Room], day: date, entries: dict[int, list[Entry]], *, tz, request_url: str, hours):
    """Rows for one day of a house table: (hour label, cells as HTML), rooms side by side."""
    maker = CellMaker(tz=tz, request_url=request_url, hours=hours)
    return [
        (f"{hour:02d}:00", mark_safe("".join(maker.cell(room, day, hour, entries.get(room.pk, [])) for room in rooms)))  # noqa: S308
        for hour in hours
    ]


def day_lists(rooms: list[Room], monday: date, entries: dict[int, list[Entry]], *, tz) -> list[DayList]:
    """The list view: per day the bookings, and per room the free hours between 08:00 and 23:00."""
    result = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        start = datetime.combine(day, time(FIRST_HOUR), tzinfo=tz)
        end = datetime.combine(day, time(LAST_HOUR), tzinfo=tz)
        item = DayList(day, date_format(day, "l j F"))
        for room in rooms:
            busy = [e for e in entries.get(room.pk, []) if e.start < end and e.end > start]
            item.entries.extend(e for e in entries.get(room.pk, []) if e.start.date() == day or (
                e.start.date() < day <= e.end.date()))  # fmt: skip
            item.free[room.pk] = _free_spans(start, end, busy)
        item.entries.sort(key=lambda e: (e.start, e.room.name))
        result.append(item)
    return result


def _free_spans(start: datetime, end: datetime, busy: list[Entry]) -> list[str]:
    spans, cursor = [], start
    for entry in sorted(busy, key=lambda e: e.start):
        if entry.start > cursor:
            spans.append(f"{cursor:%H:%M}–{entry.start:%H:%M}")
        cursor = max(cursor, entry.end)
    if cursor < end:
        spans.append(f"{cursor:%H:%M}–{end:%H:%M}")
    return spans
