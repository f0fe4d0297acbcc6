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
class Cell:
    state: str  # free, busy, continued, past
    text: str
    link: str = ""
    label: str = ""


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


def free_cell(room: Room, day: date, hour: int, *, tz, now, request_url: str) -> Cell:
    slot_end = datetime.combine(day, time(hour), tzinfo=tz) + timedelta(hours=1)
    if slot_end <= now:
        return Cell("past", _("Passed"))
    label = _("Book %(room)s, %(day)s from %(start)s to %(end)s") % {
        "room": room.name,
        "day": date_format(day, "l j F"),
        "start": f"{hour:02d}:00",
        "end": f"{(hour + 1) % 24:02d}:00",
    }
    link = f"{request_url}?zaal={room.pk}&datum={day.isoformat()}&tijd={hour:02d}:00" if request_url else ""
    return Cell("free", _("Free"), link, label)


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
    """Rows for a room's week table: (hour label, [cell per day])."""
    now = timezone.now()
    days = [monday + timedelta(days=i) for i in range(7)]
    hours = hours_for({room.pk: entries})
    rows = []
    for hour in hours:
        cells = [cell(room, day, hour, entries, tz=tz, now=now, request_url=request_url, hours=hours)
                 for day in days]  # fmt: skip
        rows.append((f"{hour:02d}:00", cells))
    return days, rows


def day_rows(rooms: list[Room], day: date, entries: dict[int, list[Entry]], *, tz, request_url: str, hours):
    """Rows for one day of a house table: (hour label, [cell per room])."""
    now = timezone.now()
    return [
        (f"{hour:02d}:00", [cell(room, day, hour, entries.get(room.pk, []), tz=tz, now=now,
                                            request_url=request_url, hours=hours) for room in rooms])
        for hour in hours
    ]  # fmt: skip


def cell(room: Room, day: date, hour: int, entries: list[Entry], *, tz, now, request_url: str, hours) -> Cell:
    """A booking shows its words in the first visible hour of each day, "continued" below it."""
    slot_start = datetime.combine(day, time(hour), tzinfo=tz)
    slot_end = slot_start + timedelta(hours=1)
    for entry in entries:
        if entry.start < slot_end and entry.end > slot_start:
            first_visible = max(entry.start, datetime.combine(day, time(hours[0]), tzinfo=tz))
            if slot_start <= first_visible < slot_end:
                return Cell("busy", _busy_words(entry))
            return Cell("continued", _("Booked (continued)"))
    return free_cell(room, day, hour, tz=tz, now=now, request_url=request_url)


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
