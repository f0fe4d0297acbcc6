"""Plain-language views of house data for the pages: opening hours in words, the rooms as readers need
them (divisible halls explained) and "who lives around it" from the public statistics of its district."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import time

from django.utils.translation import gettext as _

from buurtkracht.houses.models import Facility, House, OpeningHours, Room
from buurtkracht.networks.models import Area, AreaStatistics


def format_time(value: time) -> str:
    """``9.00`` in Dutch, ``9:00`` in English."""
    return _("%(hour)s:%(minute)s") % {"hour": value.hour, "minute": f"{value.minute:02d}"}


def format_period(opens: time, closes: time) -> str:
    return _("%(opens)s to %(closes)s") % {"opens": format_time(opens), "closes": format_time(closes)}


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` in the current language."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@dataclass
class DayHours:
    weekday: int
    name: str
    periods: list[tuple[time, time]]

    @property
    def text(self) -> str:
        if not self.periods:
            return _("closed")
        return join_words([format_period(o, c) for o, c in self.periods])


class Week(list):
    """Seven ``DayHours``; ``known`` is false when no opening hours were entered at all."""

    @property
    def known(self) -> bool:
        return any(day.periods for day in self)


def week_hours(periods) -> Week:
    """Seven days, Monday first, each with its opening periods (from ``OpeningHours`` rows)."""
    by_day: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for period in periods:
        by_day[period.weekday].append((period.opens, period.closes))
    return Week(DayHours(day.value, str(day.label), sorted(by_day[day.value])) for day in OpeningHours.Weekday)


@dataclass
class RoomView:
    room: Room
    facilities: list[Facility]
    parts: list[Room] = field(default_factory=list)
    whole: Room | None = None

    @property
    def facilities_by_kind(self) -> list[tuple[str, list[Facility]]]:
        groups: dict[str, list[Facility]] = defaultdict(list)
        for facility in self.facilities:
            groups[facility.kind].append(facility)
        return [(str(kind.label), groups[kind.value]) for kind in Facility.Kind if groups[kind.value]]

    @property
    def division_text(self) -> str:
        if self.parts:
            return _("This hall can be divided into %(parts)s. You can book the whole hall or one part.") % {
                "parts": join_words([part.name for part in self.parts])
            }
        if self.whole is not None:
            return _("This is a part of %(hall)s. The whole hall can also be booked.") % {"hall": self.whole.name}
        return ""


def photo_size(house: House) -> tuple[int, int] | None:
    """Width and height of the house photo (so the page does not jump while it loads), or ``None`` when the
    file cannot be read."""
    if not house.photo:
        return None
    try:
        return house.photo.width, house.photo.height
    except (OSError, ValueError):
        return None


def room_views(house: House) -> list[RoomView]:
    """Rooms in reading order: each whole hall directly followed by its parts. Three queries."""
    rooms = list(house.rooms.prefetch_related("facilities").order_by("sort_order", "name"))
    by_pk = {room.pk: room for room in rooms}
    parts: dict[int, list[Room]] = defaultdict(list)
    for room in rooms:
        if room.parent_id in by_pk:
            parts[room.parent_id].append(room)
    views: list[RoomView] = []
    for room in rooms:
        if room.parent_id in by_pk:
            continue
        views.append(RoomView(room, list(room.facilities.all()), parts=parts[room.pk]))
        for part in parts[room.pk]:
            views.append(RoomView(part, list(part.facilities.all()), whole=room))
    return views


@dataclass
class Figure:
    label: str
    district: object
    municipality: object
    kind: str  # "count" or "percent"


@dataclass
class Neighbourhood:
    """The latest statistics of the house's district, with the municipality's figures to compare."""

    district: Area | None
    municipality: Area | None
    district_stats: AreaStatistics | None
    municipality_stats: AreaStatistics | None

    @property
    def figures(self) -> list[Figure]:
        if self.district_stats is None:
            return []
        m = self.municipality_stats
        rows = [
            Figure(_("Inhabitants"), self.district_stats.population, m.population if m else None, "count"),
            Figure(_("Aged 65 or older"), self.district_stats.share_65_plus, m.share_65_plus if m else None, "percent"),
            Figure(
                _("With a low income"),
                self.district_stats.share_low_income,
                m.share_low_income if m else None,
                "percent",
            ),
        ]
        return [row for row in rows if row.district is not None or row.municipality is not None]

    @property
    def attribution(self) -> str:
        stats = self.district_stats or self.municipality_stats
        return stats.attribution if stats is not None else ""

    @property
    def same_year(self) -> bool:
        return self.municipality_stats is None or self.municipality_stats.year == self.district_stats.year


def latest_statistics(area: Area | None) -> AreaStatistics | None:
    if area is None:
        return None
    return AreaStatistics.objects.select_related("area").filter(area=area).order_by("-year", "-pk").first()


def neighbourhood(house: House) -> Neighbourhood:
    district = house.area
    municipality = house.municipality or (district.municipality if district else None)
    return Neighbourhood(
        district=district,
        municipality=municipality,
        district_stats=latest_statistics(district),
        municipality_stats=latest_statistics(municipality),
    )
