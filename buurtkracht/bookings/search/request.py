"""The question and the answer of the free-space search: validation, result rows, words for the page."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from buurtkracht.houses.models import Facility

MAX_WEEKS = 52
MAX_RADIUS_KM = 100
MAX_CAPACITY = 100_000
MAX_FACILITIES = 10
STEP_MINUTES = 15
WHEELCHAIR = "wheelchair_access"

PAST, CLOSED, OUTSIDE_HOURS, BOOKED, HOLIDAY = "past", "closed", "outside_hours", "booked", "holiday"
REASONS = (PAST, CLOSED, OUTSIDE_HOURS, BOOKED, HOLIDAY)
"""Why a date is not free, in order of precedence (a closed date that is also booked says "closed")."""


@dataclass(frozen=True)
class SearchRequest:
    """A validated question. Build it with :func:`make_request`."""

    dates: tuple[date, ...]
    start_time: time
    end_time: time
    duration_minutes: int
    min_capacity: int = 1
    facilities: tuple[str, ...] = ()
    network_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    skip_public_holidays: bool = False
    skip_school_holidays: bool = False

    @property
    def weekly(self) -> bool:
        return len(self.dates) > 1

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None and self.radius_km is not None

    @property
    def starts(self) -> list[int]:
        """Start offsets in minutes from ``start_time``: every 15 minutes at which the booking still fits."""
        window = minutes(self.end_time) - minutes(self.start_time)
        return list(range(0, window - self.duration_minutes + 1, STEP_MINUTES))


@dataclass
class NotFree:
    day: date
    reason: str
    note: str = ""


@dataclass
class RoomResult:
    room_id: int
    room_name: str
    capacity: int
    parent_id: int | None
    house_id: int
    house_slug: str
    house_name: str
    city: str
    time_zone: str
    distance_km: float | None
    start_time: time
    end_time: time
    total: int
    not_free: list[NotFree] = field(default_factory=list)
    is_hall: bool = False

    @property
    def free_count(self) -> int:
        return self.total - len(self.not_free)

    @property
    def fully_free(self) -> bool:
        return not self.not_free

    @property
    def free_dates_count(self) -> int:  # for templates
        return self.free_count


@dataclass
class SearchResult:
    request: SearchRequest
    results: list[RoomResult]
    count: int
    fully_free: int


def minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def time_at(total: int) -> time:
    return time(total // 60 % 24, total % 60)


# --- Building and checking the question -----------------------------------------------------------------


def make_request(
    *,
    first_date: date,
    start_time: time,
    end_time: time,
    weeks: int = 1,
    until_date: date | None = None,
    weekday: int | None = None,
    duration_minutes: int | None = None,
    min_capacity: int = 1,
    facilities=(),
    accessible: bool = False,
    network_id: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    radius_km: float | None = None,
    skip_public_holidays: bool = False,
    skip_school_holidays: bool = False,
    today: date | None = None,
) -> SearchRequest:
    """Check the input and build the question; raises ``ValidationError`` with a sentence per field."""
    errors: dict[str, list[str]] = defaultdict(list)
    today = today or timezone.localdate()
    start_time = start_time.replace(second=0, microsecond=0)
    end_time = end_time.replace(second=0, microsecond=0)
    window = minutes(end_time) - minutes(start_time)
    if window <= 0:
        errors["end_time"].append(_("The end time must be after the start time."))
    if duration_minutes is None:
        duration_minutes = max(window, 0)
    elif duration_minutes < STEP_MINUTES:
        errors["duration_minutes"].append(_("A booking lasts at least 15 minutes."))
    elif window > 0 and duration_minutes > window:
        errors["duration_minutes"].append(_("The booking must fit between the start and end time."))
    if weekday is not None and not 0 <= weekday <= 6:
        errors["weekday"].append(_("Choose a day of the week."))
    elif weekday is not None:
        first_date += timedelta(days=(weekday - first_date.weekday()) % 7)
    if first_date < today:
        errors["first_date"].append(_("Choose a date from today onwards."))
    elif first_date > today + timedelta(days=2 * 366):
        errors["first_date"].append(_("Choose a date within the next two years."))
    if until_date is not None:
        if until_date < first_date:
            errors["until_date"].append(_("The last date must be on or after the first date."))
        weeks = (until_date - first_date).days // 7 + 1
    if not 1 <= weeks <= MAX_WEEKS:
        errors["weeks"].append(_("Search at most %(max)s weeks at once.") % {"max": MAX_WEEKS})
    if not 1 <= min_capacity <= MAX_CAPACITY:
        errors["min_capacity"].append(_("Fill in a number of people from 1 to 100,000."))
    codes = tuple(dict.fromkeys([*facilities, *([WHEELCHAIR] if accessible else [])]))
    if len(codes) > MAX_FACILITIES:
        errors["facilities"].append(_("Choose at most %(max)s facilities.") % {"max": MAX_FACILITIES})
    place = [latitude, longitude, radius_km]
    if any(v is not None for v in place) and not all(v is not None for v in place):
        errors["place"].append(_("Give a place and a distance, or leave both empty."))
    elif radius_km is not None and not 0 < radius_km <= MAX_RADIUS_KM:
        errors["radius_km"].append(_("Choose a distance up to %(max)s km.") % {"max": MAX_RADIUS_KM})
    elif latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        errors["place"].append(_("This place is not on the map."))
    if network_id is None and radius_km is None:
        errors["place"].append(_("Choose a network, or a place and a distance."))
    if errors:
        raise ValidationError(dict(errors))
    dates = tuple(first_date + timedelta(days=7 * i) for i in range(weeks))
    return SearchRequest(
        dates=dates, start_time=start_time, end_time=end_time, duration_minutes=duration_minutes,
        min_capacity=min_capacity, facilities=codes, network_id=network_id, latitude=latitude,
        longitude=longitude, radius_km=radius_km, skip_public_holidays=skip_public_holidays,
        skip_school_holidays=skip_school_holidays,
    )  # fmt: skip


def unknown_facilities(codes) -> list[str]:
    """Codes not in the catalogue (one query)."""
    known = set(Facility.objects.filter(code__in=list(codes)).values_list("code", flat=True))
    return [code for code in codes if code not in known]


def reason_words(item: NotFree) -> str:
    """The reason a date is not free, in a few words for the page."""
    if item.reason == BOOKED:
        return _("already booked")
    if item.reason == CLOSED:
        return _("closed: %(why)s") % {"why": item.note} if item.note else _("closed")
    if item.reason == OUTSIDE_HOURS:
        return _("outside opening hours")
    if item.reason == HOLIDAY:
        return _("holiday: %(name)s") % {"name": item.note} if item.note else _("holiday")
    return _("already past")


def distance_words(km: float | None) -> str:
    if km is None:
        return ""
    if km < 1:
        return _("%(m)s m away") % {"m": int(math.ceil(km * 10) * 100)}
    return _("%(km)s km away") % {"km": number_format(round(km, 1), 1)}
