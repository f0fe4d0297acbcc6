"""Why a date may not suit a booking: house closures, public holidays and school holidays.

Holidays come from the ``holidays`` package (0.109): NL public holidays, NL school holidays per region
(Noord, Midden, Zuid) and BE public and school holidays per community (Flemish, French, German). The package
knows NL school holidays only up to 2030 (the years the Dutch government has fixed); for later years
:func:`school_holidays_known` is False and pages say so instead of pretending a date is free of holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays
from django.db.models import Q
from django.utils.translation import get_language

REGION_SUBDIV = {
    "nl_north": ("NL", "Noord"),
    "nl_middle": ("NL", "Midden"),
    "nl_south": ("NL", "Zuid"),
    "be_flemish": ("BE", "Flemish"),
    "be_french": ("BE", "French"),
    "be_german": ("BE", "German"),
}


@dataclass(frozen=True)
class DayNote:
    kind: str  # "closed", "public_holiday", "school_holiday"
    name: str


def _language() -> str:
    return "en_US" if (get_language() or "nl").startswith("en") else "nl"


@lru_cache(maxsize=256)
def _calendar(country: str, subdiv: str | None, category: str, year: int, language: str) -> dict[date, str]:
    try:
        found = holidays.country_holidays(country, subdiv=subdiv, years=year, categories=(category,), language=language)
    except (NotImplementedError, KeyError, ValueError):  # category or region not offered: no data
        return {}
    return dict(found.items())


def _country_subdiv(house) -> tuple[str, str | None]:
    country, subdiv = REGION_SUBDIV.get(house.holiday_region, (house.country or "NL", None))
    if country != (house.country or country):
        country, subdiv = house.country, None
    return country, subdiv


def public_holidays(house, years) -> dict[date, str]:
    country, subdiv = _country_subdiv(house)
    found: dict[date, str] = {}
    for year in years:
        found.update(_calendar(country, subdiv if country == "BE" else None, "public", year, _language()))
    return found


def school_holidays(house, years) -> dict[date, str]:
    country, subdiv = _country_subdiv(house)
    found: dict[date, str] = {}
    if subdiv is None:
        return found
    for year in years:
        found.update(_calendar(country, subdiv, "school", year, _language()))
    return found


def school_holidays_known(house, year: int) -> bool:
    country, subdiv = _country_subdiv(house)
    return subdiv is not None and bool(_calendar(country, subdiv, "school", year, "nl"))


def closures_by_date(house, room, days: list[date]) -> dict[date, str]:
    """Closure reasons per date for the house as a whole and for the room, its hall or its parts."""
    if not days:
        return {}
    from buurtkracht.houses.models import Closure

    rooms = {room.pk}
    if room.parent_id:
        rooms.add(room.parent_id)
    rooms |= set(room.parts.values_list("pk", flat=True))
    rows = Closure.objects.filter(house_id=house.pk, start_date__lte=max(days), end_date__gte=min(days)).filter(
        Q(room__isnull=True) | Q(room_id__in=rooms)
    )
    spans = list(rows.values_list("start_date", "end_date", "reason"))
    found: dict[date, str] = {}
    for day in days:
        for start, end, reason in spans:
            if start <= day <= end:
                found[day] = reason
                break
    return found


def notes_for(house, room, days: list[date]) -> dict[date, list[DayNote]]:
    """Every reason a date may not suit, per date."""
    years = sorted({d.year for d in days})
    public = public_holidays(house, years)
    school = school_holidays(house, years)
    closed = closures_by_date(house, room, days)
    notes: dict[date, list[DayNote]] = {}
    for day in days:
        found = []
        if day in closed:
            found.append(DayNote("closed", closed[day]))
        if day in public:
            found.append(DayNote("public_holiday", public[day]))
        if day in school:
            found.append(DayNote("school_holiday", school[day]))
        if found:
            notes[day] = found
    return notes
