"""Occupancy: booked hours against each room's own opening hours, per week, month or year (bookings.md §10).

Definitions (the page and the API say the same):

* **Open hours** of a room: its own opening hours (``OpeningHours`` with the room set), else those of the hall
  it is part of, else the house's, on every date of the period, minus closed dates (closures of the house,
  the room, its hall or its parts). Counted in real elapsed time in the house's time zone, so a night
  across the October clock change lasts an hour longer. A room whose house never entered opening hours
  has no open hours: its booked hours are shown, its occupancy is not.
* **Booked hours**: confirmed dates only (requests and options may still fall through), booked times (not
  set-up or clean-up), and only the part inside the open hours (a party running past closing time does not
  push a room over 100 %). Without opening hours: the whole booked time.
* **Occupancy** of a room = booked ÷ open hours. Of the house = Σ booked · m² ÷ Σ open · m² over the
  physical spaces (rooms without parts; a booking of a whole hall occupies each of its parts), weighted by
  floor area when every space has one, else equally.
* **Renter category**: the organisation's ``renter_category``; bookings without an organisation are
  "private" (a family party, a neighbour).

Queries per report: rooms, opening hours, closures, confirmed dates (four, whatever the period).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.bookings.models import Occurrence
from buurtkracht.houses.models import Closure, House, OpeningHours, Room
from buurtkracht.organisations.models import Organisation

PERIODS = ("week", "month", "year")
PERIOD_WORDS = {"week": "week", "maand": "month", "jaar": "year", "month": "month", "year": "year"}
"""The page's ``periode`` parameter (Dutch words, English accepted) → period."""
PERIOD_PARAMS = {"week": "week", "month": "maand", "year": "jaar"}
PRIVATE = "private"
CATEGORY_LABELS = {**dict(Organisation.RenterCategory.choices), PRIVATE: gettext_lazy("private (no organisation)")}


@dataclass
class RoomFigures:
    room_id: int
    name: str
    parent_id: int | None
    floor_area: float | None
    open_hours: float | None
    booked_hours: float = 0.0
    by_category: dict[str, float] = field(default_factory=dict)

    @property
    def occupancy(self) -> float | None:
        """0..1, or None without open hours."""
        if not self.open_hours:
            return None
        return min(self.booked_hours / self.open_hours, 1.0)

    @property
    def percent(self) -> int | None:
        return None if self.occupancy is None else round(self.occupancy * 100)


@dataclass
class Report:
    house: House
    period: str
    start: date
    end: date  # exclusive
    rooms: list[RoomFigures]
    open_hours: float | None
    booked_hours: float
    occupancy: float | None
    by_category: dict[str, float]

    @property
    def percent(self) -> int | None:
        return None if self.occupancy is None else round(self.occupancy * 100)

    @property
    def label(self) -> str:
        return period_label(self.period, self.start, self.end)

    @property
    def previous(self) -> date:
        return period_bounds(self.period, self.start - timedelta(days=1))[0]

    @property
    def following(self) -> date:
        return self.end

    @property
    def categories(self) -> list[dict]:
        """Renter categories with booked hours and their share of the booked hours, largest first."""
        total = self.booked_hours or 0
        return [
            {"code": code, "label": str(CATEGORY_LABELS.get(code, code)), "hours": hours,
             "share": round(100 * hours / total) if total else 0}
            for code, hours in sorted(self.by_category.items(), key=lambda item: (-item[1], item[0]))
        ]  # fmt: skip


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """[start, end) in local dates of the week (Monday first), month or year that contains ``day``."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    if period == "month":
        start = day.replace(day=1)
        return start, (start + timedelta(days=32)).replace(day=1)
    if period == "year":
        return date(day.year, 1, 1), date(day.year + 1, 1, 1)
    raise ValueError(f"unknown period {period!r}")


def period_label(period: str, start: date, end: date) -> str:
    if period == "week":
        return _("week %(number)s of %(year)s (%(first)s to %(last)s)") % {
            "number": start.isocalendar()[1], "year": start.isocalendar()[0],
            "first": date_format(start, "j F"), "last": date_format(end - timedelta(days=1), "j F Y"),
        }  # fmt: skip
    if period == "month":
        return date_format(start, "F Y")
    return str(start.year)


def parse_day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _local_instant(day: date, minutes: int, tz: ZoneInfo) -> float:
    """Unix seconds of a local wall time (``minutes`` after midnight of ``day``, may be 1440)."""
    moment = datetime.combine(day, time(0)) + timedelta(minutes=minutes)
    return moment.replace(tzinfo=tz).timestamp()


def _spans(periods: dict[int, list[tuple[int, int]]], days: list[date], closed: set[date], tz) -> list[tuple]:
    spans = []
    for day in days:
        if day in closed:
            continue
        for opens, closes in periods.get(day.weekday(), ()):
            spans.append((_local_instant(day, opens, tz), _local_instant(day, closes, tz)))
    spans.sort()
    return spans


def _inside(start: float, end: float, spans: list[tuple[float, float]], starts: list[float]) -> float:
    """Seconds of [start, end) inside the sorted, non-overlapping spans."""
    total = 0.0
    i = max(bisect_right(starts, start) - 1, 0)
    while i < len(spans) and spans[i][0] < end:
        lo, hi = max(spans[i][0], start), min(spans[i][1], end)
        if hi > lo:
            total += hi - lo
        i += 1
    return total


def _merge(periods: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for opens, closes in sorted(periods):
        if merged and opens <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], closes)
        else:
            merged.append([opens, closes])
    return [(a, b) for a, b in merged]


def house_occupancy(house: House, period: str, day: date) -> Report:
    """The occupancy of every bookable room of ``house`` and of the house, in the period containing ``day``."""
    start, end = period_bounds(period, day)
    tz = ZoneInfo(house.time_zone)
    rooms = list(
        Room.objects.filter(house=house, is_bookable=True)
        .order_by("sort_order", "name", "pk")
        .values_list("pk", "name", "parent_id", "floor_area_m2")
    )
    all_parts: dict[int, list[int]] = defaultdict(list)
    for pk, _name, parent_id, _area in rooms:
        if parent_id:
            all_parts[parent_id].append(pk)
    hours: dict[int | None, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for room_id, weekday, opens, closes in OpeningHours.objects.filter(house=house).values_list(
        "room_id", "weekday", "opens", "closes"
    ):
        hours[room_id][weekday].append((opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute))
    hours = {key: {w: _merge(p) for w, p in days.items()} for key, days in hours.items()}
    closures = list(
        Closure.objects.filter(house=house, start_date__lt=end, end_date__gte=start).values_list(
            "room_id", "start_date", "end_date"
        )
    )
    period_start = datetime.combine(start, time(0), tzinfo=tz).astimezone(UTC)
    period_end = datetime.combine(end, time(0), tzinfo=tz).astimezone(UTC)
    occurrences = (
        Occurrence.objects.filter(
            house=house, status=Occurrence.Status.CONFIRMED, start__lt=period_end, end__gt=period_start
        )
        .order_by()
        .values_list("room_id", "start", "end", "organisation__renter_category")
    )
    days = [start + timedelta(days=i) for i in range((end - start).days)]
    p_start, p_end = period_start.timestamp(), period_end.timestamp()

    def closed_days(room_ids: set) -> set[date]:
        found = set()
        for room_id, first, last in closures:
            if room_id is None or room_id in room_ids:
                found |= {d for d in days if first <= d <= last}
        return found

    figures: dict[int, RoomFigures] = {}
    spans: dict[int, tuple[list, list] | None] = {}
    for pk, name, parent_id, area in rooms:
        related = {pk, *all_parts.get(pk, ())} | ({parent_id} if parent_id else set())
        source = hours.get(pk) or (hours.get(parent_id) if parent_id else None) or hours.get(None)
        if source:
            room_spans = _spans(source, days, closed_days(related), tz)
            spans[pk] = (room_spans, [s for s, _e in room_spans])
            open_hours = sum(e - s for s, e in room_spans) / 3600
        else:
            spans[pk] = None
            open_hours = None
        figures[pk] = RoomFigures(pk, name, parent_id, float(area) if area is not None else None, open_hours)

    # booked seconds per (room, category), and per physical space for the house figure
    unit_booked: dict[int, float] = defaultdict(float)
    for room_id, booked_start, booked_end, category in occurrences:
        if room_id not in figures:
            continue
        lo, hi = max(booked_start.timestamp(), p_start), min(booked_end.timestamp(), p_end)
        if hi <= lo:
            continue
        category = category or PRIVATE
        room_spans = spans[room_id]
        seconds = _inside(lo, hi, *room_spans) if room_spans else hi - lo
        item = figures[room_id]
        item.booked_hours += seconds / 3600
        item.by_category[category] = item.by_category.get(category, 0.0) + seconds / 3600
        for unit in all_parts.get(room_id) or [room_id]:  # a whole hall occupies each of its parts
            unit_spans = spans.get(unit)
            unit_booked[unit] += _inside(lo, hi, *unit_spans) if unit_spans else hi - lo

    units = [f for f in figures.values() if f.room_id not in all_parts]
    by_category: dict[str, float] = defaultdict(float)
    for item in figures.values():
        for category, value in item.by_category.items():
            by_category[category] += value
    weighted = all(u.floor_area for u in units)
    open_total = booked_weighted = open_weighted = 0.0
    any_hours = any(u.open_hours is not None for u in units)
    for unit in units:
        if unit.open_hours is None:
            continue
        weight = unit.floor_area if weighted else 1.0
        open_total += unit.open_hours
        open_weighted += unit.open_hours * weight
        booked_weighted += min(unit_booked[unit.room_id] / 3600, unit.open_hours) * weight
    occupancy = (booked_weighted / open_weighted) if open_weighted else None
    return Report(
        house=house, period=period, start=start, end=end, rooms=list(figures.values()),
        open_hours=open_total if any_hours else None, booked_hours=sum(f.booked_hours for f in figures.values()),
        occupancy=occupancy, by_category=dict(by_category),
    )  # fmt: skip


def summary_for_house(house: House, today: date | None = None) -> dict:
    """Figures for the house dashboard: this week and this month (occupancy in %, booked hours) and the
    renter category with the most booked hours this month. Template: ``bookings/occupancy/_summary.html``."""
    from django.utils import timezone

    today = today or timezone.now().astimezone(ZoneInfo(house.time_zone)).date()
    week = house_occupancy(house, "week", today)
    month = house_occupancy(house, "month", today)
    top = month.categories[0] if month.categories else None
    return {"house": house, "week": week, "month": month, "top_category": top, "today": today}
