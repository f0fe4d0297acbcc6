"""Ranking houses and rooms for space needs, set-based.

Free time comes from the bookings module's free-space search (``bookings.search``): one search per distinct
weekly slot (weekday, day part, first date, weeks, session length) answers for every room of the network at
once, with a constant number of queries; a :class:`Batch` keeps these answers, the rooms' facilities, the
houses' matching profiles and district figures, and the prices, so matching 500 needs re-uses them.
Prices are asked from billing only for the rooms shown (the best ``limit`` on the other criteria; the price
weighs 15 %), through one billing ``Pricer`` per house and batch (the rate cards are read once per house), and
remembered per room, category, organisation and slot.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from buurtkracht.billing.services.quotes import Pricer
from buurtkracht.bookings.search import make_request, search
from buurtkracht.bookings.search.request import MAX_CAPACITY, MAX_FACILITIES, MAX_RADIUS_KM
from buurtkracht.houses.models import House, Room
from buurtkracht.matching import vocab
from buurtkracht.matching.models import DEFAULT_WEIGHTS, HouseOffer, MatchingWeights, SpaceNeed
from buurtkracht.matching.services import scoring
from buurtkracht.matching.services.pricing import price_facts, weekly_quote
from buurtkracht.networks.geocoding import distance_km
from buurtkracht.networks.models import AreaStatistics


def network_reader(network_id: int) -> SimpleNamespace:
    """A stand-in viewer that reads every house of one network: matching looks at every bookable room of the
    network (a house hides itself with its matching profile), public or not. (Searching as a superuser
    instead drops the network's visibility filter and is two orders of magnitude slower on a big data set.)"""
    access = SimpleNamespace(house_ids=lambda roles: set(), network_ids=lambda roles: {network_id})
    return SimpleNamespace(is_authenticated=True, is_superuser=False, is_active=True, pk=None,
                           _buurtkracht_access=access)  # fmt: skip


SHOWN_PER_NEED = 10


@dataclass
class Candidate:
    room_id: int
    house_id: int
    room_name: str
    house_name: str
    weekday: int
    day_part: str
    start_time: object
    duration_minutes: int
    first_free: date | None
    inputs: dict
    components: dict = field(default_factory=dict)
    score: float = 0.0

    @property
    def explanation(self) -> str:
        return scoring.explanation(self.inputs)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def weights_for(network_id: int) -> dict[str, Decimal]:
    row = MatchingWeights.objects.filter(network_id=network_id).first()
    return row.as_dict() if row else dict(DEFAULT_WEIGHTS)


def first_slot_date(start: date, weekday: int, today: date) -> date:
    start = max(start, today)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


class Batch:
    """What is shared when matching many needs of one network."""

    def __init__(
        self, network_id: int, *, today: date | None = None, now: datetime | None = None, until: date | None = None
    ) -> None:
        self.network_id = network_id
        self.until = until
        self.today = today or timezone.localdate()
        self.now = now
        self.weights = weights_for(network_id)
        self.narrow: dict = {}  # extra search filters of a batch for one need (see for_need)
        self.searches: dict[tuple, list] = {}
        self.prices: dict[tuple, dict] = {}
        self.pricers: dict[int, Pricer] = {}
        self.price_all_houses = False  # a batch of many needs reads every house's rate cards at once
        self.rooms: dict[int, Room] = {}
        houses = House.objects.filter(networks=network_id).values("pk", "latitude", "longitude", "area_id")
        self.houses = {h["pk"]: h for h in houses}
        self.offers = {
            o["house_id"]: o
            for o in HouseOffer.objects.filter(house_id__in=list(self.houses)).values(
                "house_id", "hidden", "themes", "target_groups", "offers"
            )
        }
        stats: dict[int, dict] = {}
        area_ids = {h["area_id"] for h in self.houses.values() if h["area_id"]}
        for row in (
            AreaStatistics.objects.filter(area_id__in=list(area_ids))
            .order_by("area_id", "year")
            .values("area_id", "share_0_14", "share_15_24", "share_65_plus", "share_low_income")
        ):
            stats[row["area_id"]] = {k: float(v) for k, v in row.items() if k != "area_id" and v is not None}
        self.stats = stats
        through = Room.facilities.through
        self.facilities: dict[int, set[str]] = defaultdict(set)
        for room_id, code in through.objects.filter(room__house__networks=network_id).values_list(
            "room_id", "facility__code"
        ):
            self.facilities[room_id].add(code)

    @classmethod
    def for_need(cls, need: SpaceNeed, *, today: date | None = None) -> Batch:
        """A batch for one need only: its searches ask only for rooms with room for the group and the needed
        facilities, within the distance (when every house of the network has a position: the search leaves
        out houses without one, matching does not), so far fewer rooms are checked."""
        batch = cls(need.initiative.network_id, today=today)
        needed = sorted(set(need.facilities) | ({vocab.STEP_FREE} if need.step_free else set()))
        batch.narrow["min_capacity"] = max(1, min(need.group_size, MAX_CAPACITY))
        if len(needed) <= MAX_FACILITIES:
            batch.narrow["facilities"] = needed
        initiative = need.initiative
        placed = all(h["latitude"] is not None and h["longitude"] is not None for h in batch.houses.values())
        if placed and initiative.latitude is not None and initiative.longitude is not None:
            batch.narrow.update(latitude=initiative.latitude, longitude=initiative.longitude,
                                radius_km=min(float(need.max_distance_km), MAX_RADIUS_KM))  # fmt: skip
        return batch

    def horizon(self, need: SpaceNeed) -> date:
        """The last date this need's free time is scored on."""
        return max(first_slot_date(need.start_date, w, self.today) for w in need.weekdays or [0]) + timedelta(
            weeks=min(need.weeks, vocab.HORIZON_WEEKS) - 1
        )

    def slot_answer(self, weekday: int, day_part: str, need: SpaceNeed) -> tuple[list[date], int, list]:
        """(the dates scored for this need, their bit mask, every bookable room of the network as
        ``(result, busy_mask)``). One search per weekday, day part and session length, over the batch's whole
        horizon, shared by every need whatever its start date; each room's not-free dates become one integer
        bit mask (bit i = the search's i-th date), so a need's free count is one AND and a popcount."""
        until = max(self.until or self.today, self.horizon(need))
        key = (weekday, day_part, need.session_minutes)
        known = self.searches.get(key)
        if known is None or known[0] < until:
            first = first_slot_date(self.today + timedelta(days=1), weekday, self.today)
            weeks = max(1, min(52, (until - first).days // 7 + 1))
            opens, closes = vocab.DAY_PART_HOURS[day_part]
            req = make_request(
                first_date=first, start_time=opens, end_time=closes, weeks=weeks,
                duration_minutes=need.session_minutes, network_id=self.network_id, today=self.today, **self.narrow,
            )  # fmt: skip
            results = search(req, user=network_reader(self.network_id), limit=None, now=self.now).results
            index = {day: bit for bit, day in enumerate(req.dates)}
            rooms = []
            for result in results:
                busy = 0
                for item in result.not_free:
                    bit = index.get(item.day)
                    if bit is not None:
                        busy |= 1 << bit
                rooms.append((result, busy))
            # Keyed by the horizon asked for (not the last search date, which falls before it on other
            # weekdays): otherwise every need would search again.
            known = self.searches[key] = (until, index, rooms)
        dates = self.slot_dates(weekday, need)
        index = known[1]
        wanted = 0
        for day in dates:
            bit = index.get(day)
            if bit is not None:
                wanted |= 1 << bit
        return dates, wanted, known[2]

    def slot_dates(self, weekday: int, need: SpaceNeed) -> list[date]:
        first = first_slot_date(need.start_date, weekday, self.today)
        weeks = max(1, min(need.weeks, vocab.HORIZON_WEEKS))
        return [first + timedelta(days=7 * i) for i in range(weeks)]

    def price(
        self, room_id: int, *, category: str, organisation, first_date: date, start, minutes: int, weeks: int,
        taken: frozenset = frozenset(),
    ) -> dict:  # fmt: skip
        """The price facts (see ``pricing.price_facts``) of ``weeks`` weekly sessions in the room but the ``taken``
        dates: billing's quote for those dates, through the house's pricer of this batch."""
        key = (room_id, category, organisation.pk if organisation is not None else None, first_date, start, minutes,
               weeks, taken)  # fmt: skip
        if key not in self.prices:
            room = self.rooms[room_id]
            pricer = self.pricers[room.house_id]
            self.prices[key] = price_facts(
                weekly_quote(
                    pricer, room=room, first_date=first_date, start_time=start, minutes=minutes, weeks=weeks,
                    organisation=organisation, category=category, taken=taken,
                )
            )  # fmt: skip
        return self.prices[key]

    def load_rooms(self, room_ids) -> None:
        missing = [pk for pk in room_ids if pk not in self.rooms]
        if missing:
            for room in Room.objects.select_related("house").filter(pk__in=missing):
                self.rooms[room.pk] = room
        houses = {room.house_id: room.house for pk in room_ids if (room := self.rooms[pk]).house_id not in self.pricers}
        if houses and self.price_all_houses:
            self.price_all_houses = False
            houses = {h.pk: h for h in House.objects.filter(networks=self.network_id).exclude(pk__in=self.pricers)}
        if houses:
            # Matching looks a year ahead at most: the allowance rows of this year and the next, at once.
            years = (self.today.year, self.today.year + 1)
            self.pricers.update(Pricer.for_houses(houses.values(), years=years))


def _wanted(initiative) -> set[str]:
    return set(initiative.themes) | set(initiative.target_groups)


def match_need(
    need: SpaceNeed, batch: Batch | None = None, *, limit: int = SHOWN_PER_NEED, room_id: int | None = None
) -> list[Candidate]:
    """The ranked candidates for one need (rooms that pass the hard filters), best first: the best ``limit`` on
    the other criteria are priced and ranked again with the price. ``room_id``: only that room (a proposal).

    Every room of the network is looked at for every wished slot, so the first pass keeps plain tuples and
    scores them with the criteria's own functions (the budget counts as met until the price is known); the
    candidates, their explanation inputs and prices are made for the best ``limit`` only."""
    initiative = need.initiative
    batch = batch or Batch.for_need(need)
    needed = set(need.facilities) | ({vocab.STEP_FREE} if need.step_free else set())
    wanted = _wanted(initiative)
    wanted_list = sorted(wanted)
    wished = set(need.wished_facilities)
    names = list(batch.weights)
    weight = {name: float(batch.weights[name]) for name in names}
    weight_total = sum(weight.values())
    group, minutes, max_km = need.group_size, need.session_minutes, need.max_distance_km
    places: dict[int, tuple | None] = {}

    def place(house_id: int):
        """What depends only on the house for this need (None: the house is out): km, shared codes, district
        figures, and the weighted distance and fit parts of the score."""
        if house_id in places:
            return places[house_id]
        house = batch.houses.get(house_id)
        offer = batch.offers.get(house_id, {})
        found = None
        if house is not None and not offer.get("hidden"):
            km = None
            if None not in (initiative.latitude, house["latitude"]):
                km = distance_km(initiative.latitude, initiative.longitude, house["latitude"], house["longitude"])
            if km is None or km <= max_km:
                stats = batch.stats.get(house["area_id"])
                around = scoring.district_groups(stats)
                offered = set(offer.get("themes", [])) | set(offer.get("target_groups", [])) | around
                district = {
                    code: stats[column]
                    for code, column in (("seniors", "share_65_plus"), ("low_income", "share_low_income"),
                                         ("youth", "share_15_24"), ("children", "share_0_14"))
                    if code in around and code in initiative.target_groups
                } if stats else {}  # fmt: skip
                shared = sorted(offered & wanted)
                part = (weight.get("distance", 0) * scoring.distance(km, max_km)
                        + weight.get("fit", 0) * scoring.jaccard(wanted_list, shared))  # fmt: skip
                found = (km, shared, district, part)
        places[house_id] = found
        return found

    # room id → (free count, total, search result, weekday, day part, taken mask, dates, present facilities)
    best: dict[int, tuple] = {}
    for weekday in need.weekdays:
        for part in need.day_parts:
            dates, wanted_mask, rooms = batch.slot_answer(weekday, part, need)
            total = len(dates)
            for result, busy in rooms:
                if result.capacity < group or (room_id is not None and result.room_id != room_id):
                    continue
                taken_mask = busy & wanted_mask
                free_count = total - taken_mask.bit_count()
                if free_count < 1:
                    continue
                known = best.get(result.room_id)
                if known is not None and known[0] >= free_count:
                    continue
                present = batch.facilities.get(result.room_id, _NONE)
                if not needed <= present or place(result.house_id) is None:
                    continue
                best[result.room_id] = (free_count, total, result, weekday, part, taken_mask, dates, present)
    if not best:
        return []
    wished_list = list(need.wished_facilities)

    def first_score(item) -> float:
        free_count, total, result, _w, _p, _m, _d, present = item
        if weight_total <= 0:
            return 0.0
        value = places[result.house_id][3] + weight.get("budget", 0) * 1.0
        value += weight.get("capacity", 0) * scoring.capacity(result.capacity, group)
        value += weight.get("facilities", 0) * scoring.facilities(wished_list, present & wished)
        value += weight.get("free_time", 0) * scoring.free_time(free_count, total)
        return value / weight_total

    ranked = heapq.nsmallest(
        limit, best.values(), key=lambda it: (-first_score(it), it[2].house_name, it[2].room_name, it[2].room_id)
    )
    top = []
    taken_dates: dict[int, frozenset] = {}
    for free_count, total, result, weekday, part, taken_mask, dates, present in ranked:
        km, shared, district, _part = places[result.house_id]
        taken: frozenset = frozenset()
        if taken_mask:
            index = batch.searches[(weekday, part, minutes)][1]
            taken = frozenset(d for d in dates if d in index and (taken_mask >> index[d]) & 1)
            first = next((d for d in dates if d not in taken), None)
        else:
            first = dates[0]
        taken_dates[result.room_id] = taken
        top.append(Candidate(
            room_id=result.room_id, house_id=result.house_id, room_name=result.room_name,
            house_name=result.house_name, weekday=weekday, day_part=part, start_time=result.start_time,
            duration_minutes=minutes, first_free=first,
            inputs={
                "km": km, "max_km": max_km, "capacity": result.capacity,
                "group_size": group, "needed": sorted(needed), "wished": wished_list,
                "present": sorted(present & wished), "free": free_count,
                "total": total, "weekday": weekday, "day_part": part, "cost": None,
                "budget": str(need.budget), "wanted": wanted_list, "offered": shared,
                "shared": shared, "district": district,
            },
        ))  # fmt: skip
    batch.load_rooms([c.room_id for c in top])
    category = _category(initiative)
    organisation = initiative.organisation if initiative.organisation_id else None
    for candidate in top:
        candidate.inputs.update(
            batch.price(
                candidate.room_id, category=category, organisation=organisation,
                first_date=first_slot_date(need.start_date, candidate.weekday, batch.today),
                start=candidate.start_time, minutes=candidate.duration_minutes, weeks=need.weeks,
                taken=taken_dates[candidate.room_id],
            )
        )  # fmt: skip
        candidate.components = scoring.components(candidate.inputs)
        candidate.score = scoring.combine(candidate.components, batch.weights)
    top.sort(key=lambda c: (-c.score, c.house_name, c.room_name, c.room_id))
    return top


_NONE: frozenset = frozenset()


def _category(initiative) -> str:
    if initiative.organisation_id and initiative.organisation.renter_category:
        return initiative.organisation.renter_category
    return "resident_initiative"


def match_open_needs(network_id: int, *, limit: int = SHOWN_PER_NEED, today: date | None = None) -> dict[int, list]:
    """Candidates for every open need of confirmed initiatives in the network, sharing one batch."""
    batch = Batch(network_id, today=today)
    batch.price_all_houses = True
    needs = list(
        SpaceNeed.objects.select_related("initiative__organisation").filter(
            status=SpaceNeed.Status.OPEN, initiative__network_id=network_id, initiative__status="confirmed"
        )
    )
    if needs:
        batch.until = max(batch.horizon(need) for need in needs)
    return {need.pk: match_need(need, batch, limit=limit) for need in needs}
