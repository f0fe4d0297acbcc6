"""Free-space search across many houses: set-based, a constant number of queries (bookings.md §9).

Given a network or a place with a radius, a capacity, facilities (all required), a local time window with a
duration, and one date or a weekly slot over a period, :func:`search` answers per bookable room how many of
the dates are free and why the others are not (booked, closed, outside opening hours, a holiday the
request skips, or already past). The queries, whatever the number of houses, rooms or dates (at most 5):

1. the person's roles (only for a logged-in person without superuser rights; cached per request);
2. candidate rooms: visibility, bounding box on the house position index or the network, capacity, every
   facility (a correlated ``EXISTS`` per facility on the unique (room, facility) index);
3. in one statement: the parts of the divisible halls among them (the rule of ``conflicts.unit_map``),
   who has opening hours at all (the room, its hall, its house), the opening hours of the requested
   weekdays and the closures in the period;
4. the space claims of every candidate's space units that overlap one of the requested slots (on SQLite
   with one tiny query before it that keeps the longest claim known, see :mod:`.claims`).

Then everything is checked in Python with bit masks (bit ``i`` = the ``i``-th requested date): per room
only the claims that touch its slots, each tagged by the database with the slot it overlaps. Reasons and
notes are worked out only for the rooms on the requested page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.utils import timezone

from buurtkracht.bookings import days as day_notes
from buurtkracht.bookings.search import sql
from buurtkracht.bookings.search.claims import claims_in_slots
from buurtkracht.bookings.search.request import (
    BOOKED,
    CLOSED,
    HOLIDAY,
    OUTSIDE_HOURS,
    PAST,
    NotFree,
    RoomResult,
    SearchRequest,
    SearchResult,
    minutes,
    time_at,
)
from buurtkracht.networks.geocoding import bounding_box, distance_km


def candidate_rooms(req: SearchRequest, user) -> list[dict]:
    """One query: the visible bookable rooms that pass the cheap filters (within the radius)."""
    everyone = user is not None and user.is_authenticated and user.is_superuser
    house_ids = network_ids = None
    if not everyone and user is not None and user.is_authenticated:
        from buurtkracht.accounts.permissions import access_for
        from buurtkracht.accounts.roles import HOUSE_READERS

        access = access_for(user)
        house_ids, network_ids = access.house_ids(HOUSE_READERS), access.network_ids(HOUSE_READERS)
    box = bounding_box(req.latitude, req.longitude, req.radius_km) if req.has_place else None
    rooms = sql.candidate_rooms(
        min_capacity=req.min_capacity, facilities=req.facilities, network_id=req.network_id, box=box,
        visible_house_ids=house_ids, visible_network_ids=network_ids, everyone=everyone,
    )  # fmt: skip
    if not req.has_place:
        for room in rooms:
            room["distance"] = None
        return rooms
    found = []
    for room in rooms:
        if room["latitude"] is None or room["longitude"] is None:
            continue
        km = distance_km(req.latitude, req.longitude, room["latitude"], room["longitude"])
        if km <= req.radius_km:
            room["distance"] = km
            found.append(room)
    return found


class _Slots:
    """For one time zone: per start offset ``k`` and date ``i`` the slot in Unix seconds, the mask of the
    dates already past, and the whole window per date (for the claim probe)."""

    def __init__(self, req: SearchRequest, tz_name: str, now_ts: int) -> None:
        tz = ZoneInfo(tz_name)
        self.starts: list[list[int]] = []
        self.ends: list[list[int]] = []
        self.past: list[int] = []
        base = minutes(req.start_time)
        for offset in req.starts:
            starts, ends = [], []
            for day in req.dates:  # wall-clock arithmetic in local time, then to UTC: DST-correct
                local = datetime.combine(day, time(0)) + timedelta(minutes=base + offset)
                starts.append(int(local.replace(tzinfo=tz).timestamp()))
                ends.append(int((local + timedelta(minutes=req.duration_minutes)).replace(tzinfo=tz).timestamp()))
            self.starts.append(starts)
            self.ends.append(ends)
            self.past.append(_mask(i for i, start in enumerate(starts) if start < now_ts))
        self.windows = [
            (
                datetime.combine(day, req.start_time, tzinfo=tz).astimezone(UTC),
                datetime.combine(day, req.end_time, tzinfo=tz).astimezone(UTC),
            )
            for day in req.dates
        ]


def _mask(indexes) -> int:
    mask = 0
    for i in indexes:
        mask |= 1 << i
    return mask


def _opening_hours(rows) -> tuple[dict, list]:
    """``({(house_id, room_id or None): signature number}, [signatures])`` for the requested weekdays. A
    signature is the sorted tuple of (weekday, opens, closes) rows as text; identical opening hours (most
    houses share a few patterns) share a number, so each pattern is checked once per search."""
    grouped: dict = defaultdict(list)
    for house_id, room_id, weekday, opens, closes in rows:
        grouped[(house_id, room_id)].append((weekday, opens, closes))
    numbers: dict[tuple, int] = {}
    keys = {}
    for key, periods in grouped.items():
        signature = tuple(sorted(periods))
        keys[key] = numbers.setdefault(signature, len(numbers))
    return keys, list(numbers)


def _text_minutes(value: str) -> int:
    """Minutes after midnight of ``HH:MM[:SS]`` text."""
    return int(value[:2]) * 60 + int(value[3:5])


def _holiday_names(req: SearchRequest, region: str, country: str) -> dict[int, str]:
    """Date index → holiday name for the dates of the request in one holiday region (if asked to skip)."""
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


def _periods_key(room: dict):
    """Whose opening hours apply: the room's own, else its hall's, else the house's; ``None`` when none
    were ever entered (open by appointment: no restriction)."""
    if room["own_hours"]:
        return (room["house_id"], room["pk"])
    if room["hall_hours"]:
        return (room["house_id"], room["parent_id"])
    if room["house_hours"]:
        return (room["house_id"], None)
    return None


def _outside_mask(signature, weekdays: list[int], begin: int, length: int) -> int:
    """Dates whose slot does not fit in one opening period of its weekday (``signature``: (weekday, opens,
    closes) rows with the times as text)."""
    finish = begin + length
    periods = defaultdict(list)
    for weekday, opens, closes in signature:
        periods[weekday].append((_text_minutes(opens), _text_minutes(closes)))
    fits = {w: any(o <= begin and finish <= c for o, c in periods.get(w, ())) for w in set(weekdays)}
    return _mask(i for i, weekday in enumerate(weekdays) if not fits[weekday])


class _Context:
    """Everything fetched for one search, shared by the ranking and by the detail of the shown rooms."""

    def __init__(self, req: SearchRequest, rooms: list[dict], now: datetime | None) -> None:
        self.req = req
        self.units = {r["pk"]: [r["pk"]] for r in rooms}
        house_ids = {r["house_id"] for r in rooms}
        parts, with_hours, hours, closures = sql.details(
            [r["pk"] for r in rooms], house_ids, sorted({d.weekday() for d in req.dates}), req.dates[0], req.dates[-1]
        )
        self.units.update(parts)
        for room in rooms:  # what the rest reads off each room: a divisible hall? whose opening hours?
            house_id = room["house_id"]
            room["has_parts"] = room["pk"] in parts
            room["own_hours"] = (house_id, room["pk"]) in with_hours
            room["hall_hours"] = room["parent_id"] is not None and (house_id, room["parent_id"]) in with_hours
            room["house_hours"] = (house_id, None) in with_hours
        self.hours, self.signatures = _opening_hours(hours)
        self.weekdays = [d.weekday() for d in req.dates]
        now_ts = int((now or timezone.now()).timestamp())
        self.slots = {tz: _Slots(req, tz, now_ts) for tz in {r["time_zone"] for r in rooms}}
        self._claims(rooms)
        self._closures(closures)
        self.holiday_names: dict[tuple[str, str], dict[int, str]] = {}
        self.holiday_masks: dict[tuple[str, str], int] = {}
        self.outside: dict[tuple, int] = {}
        self.outside_by_key: dict[tuple, int] = {}
        self.house_fixed: dict[int, int] = {}
        self.starts = req.starts

    def _claims(self, rooms: list[dict]) -> None:
        """One probe: each distinct window once (Amsterdam and Brussels share their clocks), widened by the
        largest set-up and clean-up time among the candidates."""
        before = timedelta(minutes=max(map(itemgetter("setup_minutes"), rooms)))
        after = timedelta(minutes=max(map(itemgetter("cleanup_minutes"), rooms)))
        window_ids: dict[tuple[datetime, datetime], int] = {}
        window_day: list[int] = []
        for slots in self.slots.values():
            for i, (lo, hi) in enumerate(slots.windows):
                key = (lo - before, hi + after)
                if key not in window_ids:
                    window_ids[key] = len(window_day)
                    window_day.append(i)
        self.claims: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        units = {u for ids in self.units.values() for u in ids}
        claims = self.claims
        for window, unit, start, end in claims_in_slots(units, list(window_ids)):
            claims[unit].append((window_day[window], start, end))

    def _closures(self, rows) -> None:
        req = self.req
        self.house_closed: dict[int, dict[int, str]] = defaultdict(dict)
        self.room_closed: dict[int, dict[int, str]] = defaultdict(dict)
        dates = [d.isoformat() for d in req.dates]  # ascending; closures come back as ISO text too
        for house_id, room_id, start, end, reason in rows:
            target = self.house_closed[house_id] if room_id is None else self.room_closed[room_id]
            for i in range(bisect_left(dates, start), bisect_right(dates, end)):
                target.setdefault(i, reason)
        self.house_closed_mask = {h: _mask(days) for h, days in self.house_closed.items()}
        self.room_closed_mask = {r: _mask(days) for r, days in self.room_closed.items()}

    def related(self, room: dict) -> list[int]:
        """The room, its parts and its hall: a closure of any of them closes the room."""
        return [room["pk"], *self.units[room["pk"]], *([room["parent_id"]] if room["parent_id"] else [])]

    def holiday_mask(self, room: dict) -> int:
        region = (room["holiday_region"], room["country"])
        if region not in self.holiday_masks:
            self.holiday_names[region] = _holiday_names(self.req, *region)
            self.holiday_masks[region] = _mask(self.holiday_names[region])
        return self.holiday_masks[region]

    def masks(self, room: dict, k: int) -> tuple[int, int, int, int, int]:
        """(past, closed, outside hours, booked, holiday) for start offset ``k``. Called once per candidate
        room and offset, so it avoids every avoidable allocation."""
        pk = room["pk"]
        slots = self.slots[room["time_zone"]]
        closed = self.house_closed_mask.get(room["house_id"], 0)
        units = self.units[pk]
        if self.room_closed_mask:
            by_room = self.room_closed_mask
            closed |= by_room.get(pk, 0) | by_room.get(room["parent_id"], 0)
            if room["has_parts"]:
                for unit in units:
                    closed |= by_room.get(unit, 0)
        outside = 0
        key = _periods_key(room)
        if key is not None:
            outside = self.outside_by_key.get((key, k))
            if outside is None:
                outside = self.outside_by_key[(key, k)] = self._outside(key, k)
        booked = 0
        claims = self.claims
        found = [c for u in units for c in claims.get(u, ())] if room["has_parts"] else claims.get(pk)
        if found:
            starts, ends = slots.starts[k], slots.ends[k]
            before, after = room["setup_minutes"] * 60, room["cleanup_minutes"] * 60
            for i, claim_start, claim_end in found:
                if claim_start < ends[i] + after and claim_end > starts[i] - before:
                    booked |= 1 << i
        holiday = self.holiday_masks.get((room["holiday_region"], room["country"]))
        if holiday is None:
            holiday = self.holiday_mask(room)
        return slots.past[k], closed, outside, booked, holiday

    def _outside(self, key, k: int) -> int:
        number = self.hours.get(key, -1)  # -1: hours on other weekdays only, so closed on these
        outside = self.outside.get((number, k))
        if outside is None:
            signature = self.signatures[number] if number >= 0 else ()
            begin = minutes(self.req.start_time) + self.starts[k]
            outside = self.outside[(number, k)] = _outside_mask(
                signature, self.weekdays, begin, self.req.duration_minutes
            )
        return outside

    def best(self, room: dict) -> tuple[int, int]:
        """(start offset index, mask of the dates that are not free) with the fewest such dates. The same
        answer as OR-ing :meth:`masks`, written out for speed: it runs for every candidate room."""
        pk, house_id = room["pk"], room["house_id"]
        fixed = self.house_fixed.get(house_id)
        if fixed is None:  # house closures and holidays: the same for every room of the house
            fixed = self.house_fixed[house_id] = self.house_closed_mask.get(house_id, 0) | self.holiday_mask(room)
        has_parts = room["has_parts"]
        units = self.units[pk]
        if self.room_closed_mask:
            by_room = self.room_closed_mask
            fixed |= by_room.get(pk, 0) | by_room.get(room["parent_id"], 0)
            if has_parts:
                for unit in units:
                    fixed |= by_room.get(unit, 0)
        claims = self.claims
        found = [c for u in units for c in claims.get(u, ())] if has_parts else claims.get(pk)
        slots = self.slots[room["time_zone"]]
        key = _periods_key(room)
        best_k, best_bad = 0, -1
        for k in range(len(self.starts)):
            bad = fixed | slots.past[k]
            if key is not None:
                outside = self.outside_by_key.get((key, k))
                if outside is None:
                    outside = self.outside_by_key[(key, k)] = self._outside(key, k)
                bad |= outside
            if found:
                starts, ends = slots.starts[k], slots.ends[k]
                before, after = room["setup_minutes"] * 60, room["cleanup_minutes"] * 60
                for i, claim_start, claim_end in found:
                    if claim_start < ends[i] + after and claim_end > starts[i] - before:
                        bad |= 1 << i
            if not bad:
                return k, 0
            if best_bad < 0 or bad.bit_count() < best_bad.bit_count():
                best_k, best_bad = k, bad
        return best_k, best_bad

    def result(self, room: dict, k: int) -> RoomResult:
        """The full answer for one room: the reason (and note) for each date that is not free."""
        req = self.req
        past, closed, outside, booked, holiday = self.masks(room, k)
        notes = dict(self.house_closed.get(room["house_id"], {}))
        for other in self.related(room):
            for i, why in self.room_closed.get(other, {}).items():
                notes.setdefault(i, why)
        names = self.holiday_names.get((room["holiday_region"], room["country"]), {})
        not_free = []
        for i, day in enumerate(req.dates):
            bit = 1 << i
            if past & bit:
                not_free.append(NotFree(day, PAST))
            elif closed & bit:
                not_free.append(NotFree(day, CLOSED, notes.get(i, "")))
            elif outside & bit:
                not_free.append(NotFree(day, OUTSIDE_HOURS))
            elif booked & bit:
                not_free.append(NotFree(day, BOOKED))
            elif holiday & bit:
                not_free.append(NotFree(day, HOLIDAY, names.get(i, "")))
        start = minutes(req.start_time) + self.starts[k]
        return RoomResult(
            room_id=room["pk"], room_name=room["name"], capacity=room["capacity"], parent_id=room["parent_id"],
            house_id=room["house_id"], house_slug=room["house_slug"], house_name=room["house_name"],
            city=room["house_city"], time_zone=room["time_zone"], distance_km=room["distance"],
            start_time=time_at(start), end_time=time_at(start + req.duration_minutes), total=len(req.dates),
            not_free=not_free, is_hall=bool(room["has_parts"]),
        )  # fmt: skip


def search(
    req: SearchRequest, *, user=None, limit: int | None = 50, offset: int = 0, now: datetime | None = None
) -> SearchResult:
    """Rank the visible bookable rooms for the question: fully free first, then by the number of free dates,
    distance, and how well the capacity fits. ``results`` holds ``limit`` rooms from ``offset`` (all when
    ``limit`` is None); ``count`` and ``fully_free`` count every matching room."""
    rooms = candidate_rooms(req, user)
    if not rooms:
        return SearchResult(req, [], 0, 0)
    context = _Context(req, rooms, now)
    total = len(req.dates)
    ranked = []
    for room in rooms:
        k, bad = context.best(room)
        free = total - bad.bit_count()
        key = (bool(bad), -free, room["distance"] or 0.0, room["capacity"] - req.min_capacity,
               room["house_name"], room["name"], room["pk"])  # fmt: skip
        ranked.append((key, room, k))
    ranked.sort(key=lambda item: item[0])
    fully = sum(1 for item in ranked if not item[0][0])
    shown = ranked[offset:] if limit is None else ranked[offset : offset + limit]
    return SearchResult(req, [context.result(room, k) for _key, room, k in shown], len(ranked), fully)
