"""Free-space search across many houses: set-based, a constant number of queries (bookings.md §9).

Given a network or a place with a radius, a capacity, facilities (all required), a local time window with a
duration, and one date or a weekly slot over a period, :func:`search` answers per bookable room how many of
the dates are free and why the others are not (booked, closed, outside opening hours, a holiday the
request skips, or already past). The queries, whatever the number of houses, rooms or dates:

1. the person's roles (only for a logged-in person without superuser rights; cached per request);
2. candidate rooms: visibility, bounding box on the house position index or the network, capacity, every
   facility (a correlated ``EXISTS`` per facility on the unique (room, facility) index), and whether the
   room, its hall or its house has opening hours at all;
3. the parts of divisible halls (``conflicts.unit_map``);
4. opening hours of the requested weekdays; 5. closures in the period;
6. the space claims of every candidate's space units that overlap one of the requested slots, and on
   SQLite one small query that keeps the longest claim known (see :mod:`buurtkracht.bookings.search.claims`).

Then everything is checked in Python: per room only the claims that touch its slots, with bisect-free
index arithmetic (each claim comes back tagged with the slot it overlaps).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from buurtkracht.bookings import days as day_notes
from buurtkracht.bookings.search.claims import claims_in_slots
from buurtkracht.bookings.services.conflicts import unit_map
from buurtkracht.houses.models import Closure, Facility, House, OpeningHours, Room
from buurtkracht.networks.geocoding import bounding_box, distance_km

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
        window = _minutes(self.end_time) - _minutes(self.start_time)
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


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _time_at(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


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
    window = _minutes(end_time) - _minutes(start_time)
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


# --- The search -----------------------------------------------------------------------------------------


def _visibility(user) -> Q:
    """Rooms of houses the person may see: public houses, plus those they hold a role on."""
    if user is not None and user.is_authenticated and user.is_superuser:
        return Q()
    q = Q(house__is_public=True)
    if user is None or not user.is_authenticated:
        return q
    from buurtkracht.accounts.permissions import access_for
    from buurtkracht.accounts.roles import HOUSE_READERS

    access = access_for(user)
    house_ids = access.house_ids(HOUSE_READERS)
    network_ids = access.network_ids(HOUSE_READERS)
    if house_ids:
        q |= Q(house_id__in=sorted(house_ids))
    if network_ids:
        q |= Q(house_id__in=House.networks.through.objects.filter(network_id__in=network_ids).values("house_id"))
    return q


def candidate_rooms(req: SearchRequest, user) -> list[dict]:
    rooms = Room.objects.filter(_visibility(user), is_bookable=True, capacity__gte=req.min_capacity)
    if req.network_id is not None:
        rooms = rooms.filter(
            house_id__in=House.networks.through.objects.filter(network_id=req.network_id).values("house_id")
        )
    if req.has_place:
        min_lat, max_lat, min_lon, max_lon = bounding_box(req.latitude, req.longitude, req.radius_km)
        rooms = rooms.filter(
            house__latitude__gte=min_lat, house__latitude__lte=max_lat,
            house__longitude__gte=min_lon, house__longitude__lte=max_lon,
        )  # fmt: skip
    for code in req.facilities:
        rooms = rooms.filter(
            Exists(Room.facilities.through.objects.filter(room_id=OuterRef("pk"), facility__code=code))
        )
    rooms = rooms.annotate(
        own_hours=Exists(OpeningHours.objects.filter(room_id=OuterRef("pk"))),
        hall_hours=Exists(OpeningHours.objects.filter(room_id=OuterRef("parent_id"))),
        house_hours=Exists(OpeningHours.objects.filter(house_id=OuterRef("house_id"), room_id__isnull=True)),
    )
    fields = (
        "pk", "name", "capacity", "parent_id", "setup_minutes", "cleanup_minutes", "house_id", "house__slug",
        "house__name", "house__city", "house__latitude", "house__longitude", "house__time_zone",
        "house__holiday_region", "house__country", "own_hours", "hall_hours", "house_hours",
    )  # fmt: skip
    found = []
    for row in rooms.values_list(*fields):
        item = dict(zip(fields, row, strict=True))
        if req.has_place:
            if item["house__latitude"] is None or item["house__longitude"] is None:
                continue
            km = distance_km(req.latitude, req.longitude, item["house__latitude"], item["house__longitude"])
            if km > req.radius_km:
                continue
            item["distance"] = km
        else:
            item["distance"] = None
        found.append(item)
    return found


class _Slots:
    """Per time zone: for every start offset and date, the slot in UTC seconds."""

    def __init__(self, req: SearchRequest, tz_name: str) -> None:
        tz = ZoneInfo(tz_name)
        self.starts: list[list[int]] = []
        self.ends: list[list[int]] = []
        base = _minutes(req.start_time)
        for offset in req.starts:
            starts, ends = [], []
            for day in req.dates:
                local = datetime.combine(day, time(0)) + timedelta(minutes=base + offset)
                starts.append(int(local.replace(tzinfo=tz).timestamp()))
                ends.append(int((local + timedelta(minutes=req.duration_minutes)).replace(tzinfo=tz).timestamp()))
            self.starts.append(starts)
            self.ends.append(ends)
        day_starts = [datetime.combine(d, req.start_time, tzinfo=tz) for d in req.dates]
        day_ends = [datetime.combine(d, req.end_time, tzinfo=tz) for d in req.dates]
        self.windows = [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in zip(day_starts, day_ends, strict=True)]


def _opening_rows(house_ids, weekdays) -> dict:
    """{(house_id, room_id or None): {weekday: [(opens, closes) in minutes]}} for the requested weekdays."""
    found: dict = defaultdict(lambda: defaultdict(list))
    rows = OpeningHours.objects.filter(house_id__in=house_ids, weekday__in=weekdays)
    for house_id, room_id, weekday, opens, closes in rows.values_list(
        "house_id", "room_id", "weekday", "opens", "closes"
    ):
        found[(house_id, room_id)][weekday].append((_minutes(opens), _minutes(closes)))
    return found


def _holiday_days(req: SearchRequest, region: str, country: str) -> dict[int, str]:
    """Date index → holiday name for the dates of the request in one holiday region."""
    if not (req.skip_public_holidays or req.skip_school_holidays):
        return {}
    house = SimpleNamespace(holiday_region=region, country=country)
    years = sorted({d.year for d in req.dates})
    names: dict[date, str] = {}
    if req.skip_school_holidays:
        names.update(day_notes.school_holidays(house, years))
    if req.skip_public_holidays:
        names.update(day_notes.public_holidays(house, years))
    return {i: names[d] for i, d in enumerate(req.dates) if d in names}


def search(req: SearchRequest, *, user=None, limit: int | None = None, now: datetime | None = None) -> SearchResult:
    """Rank the visible bookable rooms for the question: fully free first, then by the number of free
    dates, distance, and how well the capacity fits."""
    rooms = candidate_rooms(req, user)
    if not rooms:
        return SearchResult(req, [], 0, 0)
    room_ids = [r["pk"] for r in rooms]
    units = unit_map(room_ids)
    house_ids = sorted({r["house_id"] for r in rooms})
    first, last = req.dates[0], req.dates[-1]
    hours = _opening_rows(house_ids, sorted({d.weekday() for d in req.dates}))
    closures = list(
        Closure.objects.filter(house_id__in=house_ids, start_date__lte=last, end_date__gte=first).values_list(
            "house_id", "room_id", "start_date", "end_date", "reason"
        )
    )
    slots_by_tz = {tz: _Slots(req, tz) for tz in sorted({r["house__time_zone"] for r in rooms})}
    max_setup = max(r["setup_minutes"] for r in rooms)
    max_cleanup = max(r["cleanup_minutes"] for r in rooms)
    windows = []
    for slots in slots_by_tz.values():
        windows += [(s - timedelta(minutes=max_setup), e + timedelta(minutes=max_cleanup)) for s, e in slots.windows]
    all_units = sorted({u for r in rooms for u in units[r["pk"]]})
    claims_by_unit = _claims_by_unit(claims_in_slots(all_units, windows), len(req.dates))

    # closures per house (whole house) and per room (the room, its hall and its parts)
    house_closed: dict[int, dict[int, str]] = defaultdict(dict)
    room_closed: dict[int, dict[int, str]] = defaultdict(dict)
    for house_id, room_id, start, end, reason in closures:
        hit = {i: reason for i, d in enumerate(req.dates) if start <= d <= end}
        if hit:
            target = house_closed[house_id] if room_id is None else room_closed[room_id]
            for i, text in hit.items():
                target.setdefault(i, text)
    now_ts = int((now or timezone.now()).timestamp())
    holidays: dict[tuple[str, str], dict[int, str]] = {}
    total = len(req.dates)
    results = []
    for room in rooms:
        slots = slots_by_tz[room["house__time_zone"]]
        key = (room["house__holiday_region"], room["house__country"])
        if key not in holidays:
            holidays[key] = _holiday_days(req, *key)
        closed = dict(house_closed.get(room["house_id"], {}))
        related = [room["pk"], *(units[room["pk"]] if units[room["pk"]] != [room["pk"]] else [])]
        if room["parent_id"]:
            related.append(room["parent_id"])
        for other in related:
            for i, text in room_closed.get(other, {}).items():
                closed.setdefault(i, text)
        periods = _periods_for(room, hours)
        room_claims = [c for u in units[room["pk"]] for c in claims_by_unit.get(u, ())]
        best = None
        for k, offset in enumerate(req.starts):
            bad = _bad_dates(req, room, slots, k, offset, periods, closed, room_claims, holidays[key], now_ts)
            if best is None or len(bad) < len(best[1]):
                best = (offset, bad)
            if not bad:
                break
        offset, bad = best
        start_minutes = _minutes(req.start_time) + offset
        results.append(
            RoomResult(
                room_id=room["pk"], room_name=room["name"], capacity=room["capacity"], parent_id=room["parent_id"],
                house_id=room["house_id"], house_slug=room["house__slug"], house_name=room["house__name"],
                city=room["house__city"], time_zone=room["house__time_zone"], distance_km=room["distance"],
                start_time=_time_at(start_minutes), end_time=_time_at(start_minutes + req.duration_minutes),
                total=total, not_free=[NotFree(req.dates[i], reason, note) for i, (reason, note) in sorted(bad.items())],
                is_hall=units[room["pk"]] != [room["pk"]],
            )
        )  # fmt: skip
    results.sort(
        key=lambda r: (
            not r.fully_free, -r.free_count, r.distance_km or 0.0, r.capacity - req.min_capacity,
            r.house_name, r.room_name, r.room_id,
        )
    )  # fmt: skip
    fully = sum(1 for r in results if r.fully_free)
    return SearchResult(req, results[:limit] if limit else results, len(results), fully)


def _claims_by_unit(rows, count: int) -> dict[int, list[tuple[int, int, int]]]:
    found: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for index, unit, start, end in rows:
        found[unit].append((index % count, start, end))
    return found


def _periods_for(room: dict, hours: dict) -> dict[int, list[tuple[int, int]]] | None:
    """The opening periods that apply to the room per weekday: its own, else its hall's, else the house's;
    ``None`` when none were ever entered (open by appointment: no restriction)."""
    if room["own_hours"]:
        return hours.get((room["house_id"], room["pk"]), {})
    if room["hall_hours"]:
        return hours.get((room["house_id"], room["parent_id"]), {})
    if room["house_hours"]:
        return hours.get((room["house_id"], None), {})
    return None


def _bad_dates(req, room, slots, k, offset, periods, closed, claims, holidays, now_ts) -> dict[int, tuple[str, str]]:
    bad: dict[int, tuple[str, str]] = {}
    starts, ends = slots.starts[k], slots.ends[k]
    for i, start in enumerate(starts):
        if start < now_ts:
            bad[i] = (PAST, "")
    for i, text in closed.items():
        bad.setdefault(i, (CLOSED, text))
    if periods is not None:
        begin = _minutes(req.start_time) + offset
        finish = begin + req.duration_minutes
        for i, day in enumerate(req.dates):
            if i not in bad and not any(o <= begin and finish <= c for o, c in periods.get(day.weekday(), ())):
                bad[i] = (OUTSIDE_HOURS, "")
    if claims:
        setup, cleanup = room["setup_minutes"] * 60, room["cleanup_minutes"] * 60
        for i, claim_start, claim_end in claims:
            if i not in bad and claim_start < ends[i] + cleanup and claim_end > starts[i] - setup:
                bad[i] = (BOOKED, "")
    for i, name in holidays.items():
        bad.setdefault(i, (HOLIDAY, name))
    return bad


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
