"""Generate the national-scale booking data set for the benchmarks.

    python bench/generate.py --db sqlite|postgres [--small] [--seed 7]

Full scale: 5,000 community centres (NL at real PC4 centroids, Flanders in its own zone), 20,000 rooms
(divisible halls with two parts included), 2,000,000 booked dates over 52 weeks (from 13 weeks ago):
weekly club evenings, daytime activities (weekly or fortnightly, whole year or one season), one-offs
(parties, meetings), with requests, options, cancellations and skipped closure dates. Networks of 160
houses, and one national umbrella network with every house. The data is conflict-free by construction; the database guards are rebuilt after the load and
check that (PostgreSQL re-adds the exclusion constraint, SQLite re-creates its triggers).

It writes into a separate database (bench/data/bench.sqlite3 or bench_buurtkracht), never the product
database. ``generate(scale)`` works on whatever database Django is connected to (the smoke test uses the
test database with a tiny scale).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time as clock
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PC4_CSV = Path("/work/shared/data/nl_pc4_centroids.csv")
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Scale:
    houses: int
    rooms: int
    occurrences: int
    weeks: int = 52
    network_size: int = 160
    organisations_per_network: int = 25


FULL = Scale(houses=5_000, rooms=20_000, occurrences=2_000_000)
SMALL = Scale(houses=200, rooms=800, occurrences=80_000)
TINY = Scale(houses=12, rooms=48, occurrences=1_500, weeks=20, network_size=6, organisations_per_network=3)

PROVINCE_REGION = {
    "Groningen": "nl_north", "Fryslân": "nl_north", "Friesland": "nl_north", "Drenthe": "nl_north",
    "Overijssel": "nl_north", "Noord-Holland": "nl_north", "Flevoland": "nl_north",
    "Utrecht": "nl_middle", "Zuid-Holland": "nl_middle", "Gelderland": "nl_middle",
    "Zeeland": "nl_south", "Noord-Brabant": "nl_south", "Limburg": "nl_south",
}  # fmt: skip
FACILITY_ODDS = {
    "wifi": 0.85, "tables_chairs": 0.9, "coffee_tea": 0.7, "kitchen": 0.35, "bar": 0.3, "beamer": 0.4,
    "screen": 0.35, "wheelchair_access": 0.6, "accessible_toilet": 0.5, "hearing_loop": 0.15, "stage": 0.1,
    "sound_system": 0.2, "piano": 0.08, "dance_floor": 0.08, "sports_floor": 0.05, "daylight": 0.7,
    "whiteboard_flipchart": 0.3, "dishwasher": 0.2, "fridge": 0.3, "lift": 0.1,
}  # fmt: skip
ROOM_NAMES = ["Vergaderzaal", "Clubruimte", "Bovenzaal", "Kleine zaal", "Atelier", "Leeszaal", "Jeugdruimte"]
# (name, local start times, durations in minutes); a booking plus 15 minutes of buffers stays inside its slot
SLOTS = [
    ("morning", [time(9), time(9, 30), time(10)], [90, 120, 150, 180]),
    ("afternoon", [time(13, 30), time(14)], [90, 120, 150]),
    ("evening", [time(19), time(19, 30), time(20)], [90, 120, 150]),
]
SLOT_LIMIT = [time(13), time(16, 45), time(22, 30)]
EVENING = 2


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def span_for(scale: Scale, today: date) -> tuple[date, date]:
    start = monday(today) - 13 * WEEK if scale.weeks >= 26 else monday(today) - 2 * WEEK
    return start, start + scale.weeks * WEEK


class Generator:
    def __init__(self, scale: Scale, *, seed: int = 7, today: date | None = None, fast: bool = False) -> None:
        from django.utils import timezone

        self.scale = scale
        self.rand = random.Random(seed)
        self.today = today or timezone.localdate()
        self.span_start, self.span_end = span_for(scale, self.today)
        self.days = (self.span_end - self.span_start).days
        self.fast = fast
        self.now = timezone.now()
        self.offsets: dict[tuple[str, date], timedelta] = {}
        self.counts: dict[str, int] = defaultdict(int)

    # --- helpers ------------------------------------------------------------------------------------

    def utc(self, tz: str, day: date, at: time) -> datetime:
        """Naive UTC for a local wall time between 09:00 and 23:00 (no DST gap there)."""
        key = (tz, day)
        offset = self.offsets.get(key)
        if offset is None:
            offset = ZoneInfo(tz).utcoffset(datetime.combine(day, time(12)))
            self.offsets[key] = offset
        return datetime.combine(day, at) - offset

    def next_ids(self, *models) -> list[int]:
        from django.db.models import Max

        return [(model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1 for model in models]

    # --- places, networks, organisations, houses, rooms ---------------------------------------------

    def places(self) -> list[dict]:
        n = self.scale.houses
        n_be = round(n * 0.14)
        rows = []
        if PC4_CSV.exists():
            with PC4_CSV.open(encoding="utf-8") as handle:
                rows = [r for r in csv.DictReader(handle) if r["lat"] and r["lon"]]
        places = []
        for i in range(n - n_be):
            if rows:
                row = self.rand.choice(rows)
                lat, lon = float(row["lat"]), float(row["lon"])
                city, pc4, region = row["plaats"] or row["gemeente"], row["pc4"], PROVINCE_REGION.get(row["provincie"])
            else:
                lat, lon, city, pc4, region = 52.0 + self.rand.random(), 5.0 + self.rand.random(), "Dorp", "5341", None
            places.append(
                {
                    "lat": lat + self.rand.uniform(-0.01, 0.01),
                    "lon": lon + self.rand.uniform(-0.015, 0.015),
                    "city": city[:100],
                    "postcode": f"{pc4} {self.rand.choice('ABCDEFGHJKLMNPRSTVWXZ')}{self.rand.choice('ABCDEFGHJKLMN')}",
                    "country": "NL",
                    "tz": "Europe/Amsterdam",
                    "region": region or "nl_middle",
                    "sort": (int(pc4), i),
                }
            )
        for i in range(n_be):
            places.append(
                {
                    "lat": self.rand.uniform(50.75, 51.35),
                    "lon": self.rand.uniform(2.7, 5.8),
                    "city": "Gemeente",
                    "postcode": str(self.rand.randint(1500, 3999)),
                    "country": "BE",
                    "tz": "Europe/Brussels",
                    "region": "be_flemish",
                    "sort": (10_000, i),
                }
            )
        places.sort(key=lambda p: p["sort"])  # neighbouring postcodes form a network
        return places

    def build_structure(self):
        from bench.loader import Table
        from buurtkracht.houses.models import Facility, House, OpeningHours, Room
        from buurtkracht.networks.models import Network
        from buurtkracht.organisations.models import Organisation

        scale, rand = self.scale, self.rand
        places = self.places()
        network_count = max(1, -(-len(places) // scale.network_size))
        (net_id, org_id, house_id, room_id) = self.next_ids(Network, Organisation, House, Room)
        networks = [
            Network(pk=net_id + i, name=f"Bench netwerk {i + 1:02d}", slug=f"bench-net-{i + 1:02d}", kind="umbrella")
            for i in range(network_count)
        ]
        national = Network(pk=net_id + network_count, name="Bench landelijk", slug="bench-landelijk", kind="umbrella")
        Network.objects.bulk_create([*networks, national], batch_size=2000)
        categories = ["non_profit"] * 5 + ["resident_initiative"] * 2 + ["care_welfare", "municipal", "commercial"]
        kinds = {"non_profit": "club", "resident_initiative": "resident_initiative", "care_welfare": "care_welfare",
                 "municipal": "municipal_service", "commercial": "commercial"}  # fmt: skip
        organisations = []
        for network in networks:
            for j in range(scale.organisations_per_network):
                category = categories[j % len(categories)]
                organisations.append(
                    Organisation(pk=org_id + len(organisations), name=f"Vereniging {network.pk}-{j + 1}",
                                 kind=kinds[category], renter_category=category, network=network)
                )  # fmt: skip
        Organisation.objects.bulk_create(organisations, batch_size=2000)
        self.orgs_by_network: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for org in organisations:
            self.orgs_by_network[org.network_id][org.renter_category].append(org.pk)

        # rooms per house: exactly scale.rooms in all
        weights = [(1, 15), (2, 20), (3, 20), (4, 15), (5, 10), (6, 7), (8, 5), (10, 8)]
        sizes = rand.choices([s for s, _w in weights], [w for _s, w in weights], k=len(places))
        while sum(sizes) != scale.rooms:
            i = rand.randrange(len(sizes))
            if sum(sizes) < scale.rooms and sizes[i] < 12:
                sizes[i] += 1
            elif sum(sizes) > scale.rooms and sizes[i] > 1 and sizes[i] != 10:
                sizes[i] -= 1
        houses, rooms, memberships = [], [], []
        self.house_info: dict[int, dict] = {}
        self.families: list[list[dict]] = []  # each: bookable rooms sharing floor; "units" lists their space units
        halls_made = 0
        for i, place in enumerate(places):
            pk = house_id + i
            network = networks[i // scale.network_size]
            houses.append(
                House(pk=pk, name=f"Dorpshuis {place['city']} {i + 1}", slug=f"bench-{i + 1}",
                      street=f"Dorpsstraat {rand.randint(1, 120)}", postcode=place["postcode"], city=place["city"],
                      country=place["country"], latitude=round(place["lat"], 6), longitude=round(place["lon"], 6),
                      time_zone=place["tz"], holiday_region=place["region"], is_public=rand.random() > 0.05,
                      owner_type=rand.choice(["municipality", "residents", "housing_corporation", "other"]))
            )  # fmt: skip
            memberships += [(pk, network.pk), (pk, national.pk)]
            self.house_info[pk] = {"tz": place["tz"], "network": network.pk, "hours": None, "closures": []}
            size = sizes[i]
            names = iter(ROOM_NAMES * 3)
            made = 0
            if size >= 3 and (rand.random() < 0.3 or not halls_made):  # at least one divisible hall
                halls_made += 1
                hall = {"pk": room_id + len(rooms), "house": pk, "hall": True}
                hall_capacity = rand.randint(80, 250)
                rooms.append(Room(pk=hall["pk"], house_id=pk, name="Grote zaal", capacity=hall_capacity,
                                  floor_area_m2=rand.randint(150, 400)))  # fmt: skip
                parts = []
                for side in ("west", "oost"):
                    part = {"pk": room_id + len(rooms), "house": pk}
                    rooms.append(Room(pk=part["pk"], house_id=pk, name=f"Zaal {side}", parent_id=hall["pk"],
                                      capacity=hall_capacity // 2 + 10,
                                      floor_area_m2=rand.randint(70, 200)))  # fmt: skip
                    parts.append(part)
                hall["units"] = [p["pk"] for p in parts]
                for part in parts:
                    part["units"] = [part["pk"]]
                self.families.append([hall, *parts])
                made = 3
            for k in range(size - made):
                pk_room = room_id + len(rooms)
                first = made == 0 and k == 0
                name = "Grote zaal" if first else f"{next(names)} {k + 1}"
                capacity = rand.randint(40, 150) if first else rand.choice([8, 10, 12, 15, 20, 25, 30, 40, 50, 60])
                rooms.append(Room(pk=pk_room, house_id=pk, name=name, capacity=capacity,
                                  floor_area_m2=max(10, capacity * 2), setup_minutes=rand.choice([0, 0, 15]),
                                  cleanup_minutes=rand.choice([0, 15, 15]), sort_order=k))  # fmt: skip
                self.families.append([{"pk": pk_room, "house": pk, "units": [pk_room]}])
        House.objects.bulk_create(houses, batch_size=2000)
        Table(House.networks.through, ["house_id", "network_id"]).write(memberships)
        Room.objects.bulk_create([r for r in rooms if r.parent_id is None], batch_size=5000)
        Room.objects.bulk_create([r for r in rooms if r.parent_id is not None], batch_size=5000)
        self.room_setup = {r.pk: (r.setup_minutes, r.cleanup_minutes) for r in rooms}
        facility_ids = dict(Facility.objects.values_list("code", "pk"))
        links = []
        for room in rooms:
            for code, odds in FACILITY_ODDS.items():
                if code in facility_ids and rand.random() < odds:
                    links.append((room.pk, facility_ids[code]))
        Table(Room.facilities.through, ["room_id", "facility_id"]).write(links)

        # opening hours: most houses open weekdays 9-23, some Saturdays/Sundays; a few rooms only evenings
        hours = []
        for pk, info in self.house_info.items():
            roll = rand.random()
            if roll < 0.03:
                info["cells"] = None  # no opening hours set: open by appointment, every slot allowed
                continue
            sat_late = roll < 0.25
            sunday = rand.random() < 0.3
            cells = {(d, s) for d in range(5) for s in range(3)}
            for d in range(5):
                hours.append((pk, None, d, "09:00:00", "23:00:00"))
            if rand.random() > 0.1:
                hours.append((pk, None, 5, "09:00:00", "23:00:00" if sat_late else "18:00:00"))
                cells |= {(5, 0), (5, 1)} | ({(5, 2)} if sat_late else set())
            if sunday:
                hours.append((pk, None, 6, "13:00:00", "17:00:00"))
                cells.add((6, 1))
            info["cells"] = cells
        self.room_cells: dict[int, set | None] = {}
        for family in self.families:
            for member in family:
                self.room_cells[member["pk"]] = self.house_info[member["house"]]["cells"]
            if len(family) == 1 and rand.random() < 0.04:
                member = family[0]
                for d in range(4):
                    hours.append((member["house"], member["pk"], d, "18:00:00", "23:00:00"))
                self.room_cells[member["pk"]] = {(d, EVENING) for d in range(4)}
        Table(OpeningHours, ["house_id", "room_id", "weekday", "opens", "closes"]).write(hours)
        self.counts.update(networks=len(networks) + 1, organisations=len(organisations), houses=len(houses),
                           rooms=len(rooms), facilities=len(links), opening_hours=len(hours))  # fmt: skip

    def build_closures(self):
        from buurtkracht.houses.models import Closure

        rand = self.rand
        closures = []
        christmas = [date(y, 12, 24) for y in (self.span_start.year, self.span_end.year)]
        summer = [date(y, 7, 20) for y in (self.span_start.year, self.span_end.year)]
        for pk, info in self.house_info.items():
            spans = []
            if rand.random() < 0.5:
                spans += [(d, d + timedelta(days=8), "Kerstvakantie") for d in christmas]
            if rand.random() < 0.25:
                spans += [(d, d + timedelta(days=13), "Zomersluiting") for d in summer]
            for start, end, reason in spans:
                if end >= self.span_start and start < self.span_end:
                    closures.append(Closure(house_id=pk, start_date=start, end_date=end, reason=reason))
                    info["closures"].append((start, end))
        self.room_closures: dict[int, list[tuple[date, date]]] = defaultdict(list)
        for family in self.families:
            if rand.random() < 0.03:
                member = family[0]
                start = self.span_start + timedelta(days=rand.randrange(max(1, self.days - 7)))
                closures.append(Closure(house_id=member["house"], room_id=member["pk"], start_date=start,
                                        end_date=start + timedelta(days=6), reason="Verbouwing"))  # fmt: skip
                for m in family:
                    self.room_closures[m["pk"]].append((start, start + timedelta(days=6)))
        Closure.objects.bulk_create(closures, batch_size=10_000)
        self.counts["closures"] = len(closures)

    def closed(self, member: dict, day: date) -> bool:
        for start, end in self.house_info[member["house"]]["closures"]:
            if start <= day <= end:
                return True
        return any(start <= day <= end for start, end in self.room_closures.get(member["pk"], ()))

    # --- bookings -----------------------------------------------------------------------------------

    def build_bookings(self):
        from bench.loader import Table, db_bool, db_uuid, reset_sequences
        from buurtkracht.bookings.models import BookingSeries, Occurrence, SeriesException, SpaceClaim

        rand, scale = self.rand, self.scale
        series_id, occ_id, claim_id, exc_id = self.next_ids(BookingSeries, Occurrence, SpaceClaim, SeriesException)
        self.first_ids = {"series": series_id, "occurrence": occ_id}
        series_table = Table(BookingSeries, [
            "id", "uid", "house_id", "room_id", "organisation_id", "title", "status", "kind", "interval", "weekdays",
            "dates", "start_time", "duration_minutes", "first_date", "until_date", "time_zone", "setup_minutes",
            "cleanup_minutes", "provisional_until", "rrule", "created_at", "updated_at",
        ])  # fmt: skip
        occ_table = Table(Occurrence, [
            "id", "series_id", "room_id", "house_id", "organisation_id", "slot_date", "original_start", "start", "end",
            "blocked_start", "blocked_end", "local_date", "status", "is_exception", "expires_at", "updated_at",
        ])  # fmt: skip
        claim_table = Table(SpaceClaim, ["id", "occurrence_id", "unit_id", "blocked_start", "blocked_end"])
        exc_table = Table(SeriesException, ["id", "series_id", "slot_date", "kind", "reason", "created_at"])
        now_text = str(self.now.replace(tzinfo=None, microsecond=0))
        true, false = db_bool(True), db_bool(False)
        series_rows, occ_rows, claim_rows, exc_rows = [], [], [], []
        # busy[unit] = bytearray(days * 3): a slot of a day already holds a booking
        busy = {u: bytearray(self.days * 3) for fam in self.families for m in fam for u in m["units"]}
        cell_taken: dict[int, set] = defaultdict(set)  # weekly cells per unit
        target_series_occ = scale.occurrences * 0.9
        avg_len = scale.weeks * (0.6 * 1.0 + 0.4 * 0.72) * (0.85 + 0.15 * 0.5)
        members = [m for fam in self.families for m in fam]
        per_room = target_series_occ / max(1, avg_len) / len(members)

        def add_series(member, kind, org, title, status, start_time, minutes, dates, weekday=None, interval=1):
            nonlocal series_id, occ_id, claim_id, exc_id
            info = self.house_info[member["house"]]
            tz = info["tz"]
            setup, cleanup = self.room_setup.get(member["pk"], (0, 0))
            provisional_until = (self.today + timedelta(days=14)).isoformat() if status == "provisional" else None
            first, last = dates[0], dates[-1]
            if kind == "weekly":
                until = self.utc(tz, last, start_time).strftime("%Y%m%dT%H%M%SZ")
                every = f";INTERVAL={interval}" if interval > 1 else ""
                byday = "MOTUWETHFRSASU"[weekday * 2 : weekday * 2 + 2]
                rrule = (f"DTSTART;TZID={tz}:{first:%Y%m%d}T{start_time:%H%M%S}\nRRULE:FREQ=WEEKLY{every}"
                         f";BYDAY={byday};WKST=MO;UNTIL={until}")  # fmt: skip
            else:
                rrule = f"DTSTART;TZID={tz}:{first:%Y%m%d}T{start_time:%H%M%S}"
            sid = series_id
            series_id += 1
            series_rows.append((
                sid, db_uuid(uuid.UUID(int=rand.getrandbits(128), version=4)), member["house"], member["pk"], org,
                title, status, kind, interval, f"[{weekday}]" if kind == "weekly" else "[]", "[]",
                start_time.isoformat(), minutes, first.isoformat(), last.isoformat() if kind == "weekly" else None,
                tz, setup, cleanup, provisional_until, rrule, now_text, now_text,
            ))  # fmt: skip
            expires = None
            if status == "provisional":
                midnight = datetime.combine(self.today + timedelta(days=15), time(0), tzinfo=ZoneInfo(tz))
                expires = str(midnight.astimezone(ZoneInfo("UTC")).replace(tzinfo=None))
            slot = SLOTS_INDEX[start_time]
            for day in dates:
                s = self.utc(tz, day, start_time)
                e = s + timedelta(minutes=minutes)
                bs, be = s - timedelta(minutes=setup), e + timedelta(minutes=cleanup)
                st = status
                exception = False
                if self.closed(member, day):
                    st, exception = "cancelled", True
                    exc_rows.append((exc_id, sid, day.isoformat(), "skipped", "Het huis is dicht.", now_text))
                    exc_id += 1
                elif st in OCCUPYING and rand.random() < 0.02:
                    st, exception = "cancelled", True
                    exc_rows.append((exc_id, sid, day.isoformat(), "cancelled", "", now_text))
                    exc_id += 1
                s_text, bs_text, be_text = str(s), str(bs), str(be)
                occ_rows.append((
                    occ_id, sid, member["pk"], member["house"], org, day.isoformat(), s_text, s_text, str(e),
                    bs_text, be_text, day.isoformat(), st, true if exception else false,
                    expires if st == "provisional" else None, now_text,
                ))  # fmt: skip
                if st in OCCUPYING:
                    index = (day - self.span_start).days * 3 + slot
                    for unit in member["units"]:
                        busy[unit][index] = 1
                        claim_rows.append((claim_id, occ_id, unit, bs_text, be_text))
                        claim_id += 1
                occ_id += 1
            if len(occ_rows) >= 200_000:
                flush()

        def flush():
            for table, rows, escape in (
                (series_table, series_rows, True),
                (occ_table, occ_rows, False),
                (claim_table, claim_rows, False),
                (exc_table, exc_rows, True),
            ):
                self.counts[table.table] += table.write(rows, escape=escape)
                rows.clear()

        def pick_status():
            roll = rand.random()
            return ("confirmed" if roll < 0.9 else "requested" if roll < 0.95
                    else "provisional" if roll < 0.98 else "cancelled")  # fmt: skip

        def org_for(member, categories):
            pool = self.orgs_by_network[self.house_info[member["house"]]["network"]]
            options = [o for c in categories for o in pool.get(c, [])]
            return rand.choice(options) if options else None

        # weekly series: club evenings, daytime activities
        for family in self.families:
            for member in family:
                cells = self.room_cells.get(member["pk"])
                allowed = sorted(cells) if cells is not None else [(d, s) for d in range(7) for s in range(3)]
                n = int(per_room) + (1 if rand.random() < per_room - int(per_room) else 0)
                for _ in range(n):
                    free = [c for c in allowed if all(c not in cell_taken[u] for u in member["units"])]
                    if not free:
                        break
                    evenings = [c for c in free if c[1] == EVENING]
                    cell = rand.choice(evenings) if evenings and rand.random() < 0.6 else rand.choice(free)
                    for unit in member["units"]:
                        cell_taken[unit].add(cell)
                    weekday, slot = cell
                    _name, starts, durations = SLOTS[slot]
                    start_time = rand.choice(starts)
                    limit = datetime.combine(self.today, SLOT_LIMIT[slot])
                    fits = [
                        m for m in durations if datetime.combine(self.today, start_time) + timedelta(minutes=m) <= limit
                    ]
                    minutes = rand.choice(fits)
                    interval = 2 if rand.random() < 0.15 else 1
                    first = self.span_start + timedelta(days=weekday)
                    last = self.span_end - timedelta(days=1)
                    if rand.random() < 0.4:  # one season
                        first += WEEK * rand.randrange(0, scale.weeks // 8 + 1)
                        last -= WEEK * rand.randrange(scale.weeks // 6, scale.weeks // 4 + 1)
                    dates = []
                    day = first
                    while day <= last:
                        dates.append(day)
                        day += WEEK * interval
                    if not dates:
                        continue
                    evening = slot == EVENING
                    org = org_for(member, ["non_profit", "resident_initiative"] if evening
                                  else ["care_welfare", "municipal", "resident_initiative"])  # fmt: skip
                    title = rand.choice(["Koor", "Biljartclub", "Toneelvereniging", "Yoga", "Bridgeclub"] if evening
                                        else ["Koffieochtend", "Taalcafé", "Beweegles", "Dagbesteding"])  # fmt: skip
                    add_series(member, "weekly", org, title, pick_status(), start_time, minutes, dates,
                               weekday=weekday, interval=interval)  # fmt: skip
        # one-offs until the total is reached
        remaining = scale.occurrences - (occ_id - self.first_ids["occurrence"])
        attempts = 0
        while remaining > 0 and attempts < scale.occurrences * 20:
            attempts += 1
            member = rand.choice(members)
            offset = rand.randrange(self.days)
            day = self.span_start + timedelta(days=offset)
            cells = self.room_cells.get(member["pk"])
            slot = rand.randrange(3)
            if cells is not None and (day.weekday(), slot) not in cells:
                continue
            index = offset * 3 + slot
            if any(busy[u][index] for u in member["units"]) or self.closed(member, day):
                continue
            _name, starts, durations = SLOTS[slot]
            start_time = rand.choice(starts)
            limit = datetime.combine(day, SLOT_LIMIT[slot])
            fits = [m for m in durations if datetime.combine(day, start_time) + timedelta(minutes=m) <= limit]
            private = rand.random() < 0.7
            org = None if private else org_for(member, ["commercial", "non_profit", "care_welfare"])
            title = rand.choice(["Verjaardagsfeest", "Vergadering", "Workshop", "Jubileum", "Cursusavond"])
            add_series(member, "one_off", org, title, "confirmed" if rand.random() < 0.9 else "requested",
                       start_time, rand.choice(fits), [day])  # fmt: skip
            remaining -= 1
        flush()
        reset_sequences([BookingSeries, Occurrence, SpaceClaim, SeriesException])

    def run(self) -> dict:
        from django.db import transaction

        from bench.loader import BulkLoad, reset_sequences

        started = clock.perf_counter()
        with transaction.atomic():
            self.build_structure()
            self.build_closures()
        self.counts["structure_seconds"] = round(clock.perf_counter() - started, 1)
        from buurtkracht.houses.models import Closure, House, OpeningHours, Room
        from buurtkracht.networks.models import Network
        from buurtkracht.organisations.models import Organisation

        reset_sequences([Network, Organisation, House, Room, OpeningHours, Closure])
        tables = ["bookings_bookingseries", "bookings_occurrence", "bookings_spaceclaim", "bookings_seriesexception"]
        if self.fast:
            load = BulkLoad(tables)
            with load:
                with transaction.atomic():
                    self.build_bookings()
                self.counts["bookings_seconds"] = round(clock.perf_counter() - started, 1)
            self.counts["rebuild_seconds"] = round(sum(t for _s, t in load.timings), 1)
            self.slowest = sorted(load.timings, key=lambda item: -item[1])[:3]
        else:
            with transaction.atomic():
                self.build_bookings()
        self.counts["seconds"] = round(clock.perf_counter() - started, 1)
        return dict(self.counts)


SLOTS_INDEX = {start: index for index, (_n, starts, _d) in enumerate(SLOTS) for start in starts}
OCCUPYING = ("requested", "provisional", "confirmed")


def generate(scale: Scale = TINY, *, seed: int = 7, today: date | None = None, fast: bool = False) -> dict:
    """Fill the connected database with a data set of ``scale``. Returns the counts."""
    return Generator(scale, seed=seed, today=today, fast=fast).run()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--small", action="store_true", help="200 houses, 800 rooms, 80,000 dates")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    from bench import database

    started = clock.perf_counter()
    database.recreate(args.db)
    database.configure(args.db)
    database.migrate()
    migrated = clock.perf_counter() - started
    generator = Generator(SMALL if args.small else FULL, seed=args.seed, fast=True)
    counts = generator.run()
    total = clock.perf_counter() - started
    print(f"database: {args.db}; migrate {migrated:.1f} s; data {counts.pop('seconds')} s; total {total:.1f} s")
    print(
        ", ".join(f"{key}: {value:,}" if isinstance(value, int) else f"{key}: {value}" for key, value in counts.items())
    )
    for statement, seconds in getattr(generator, "slowest", []):
        print(f"  rebuild {seconds:6.1f} s  {statement}")
    print(f"CPU time of this process: {clock.process_time():.1f} s; load average now {os.getloadavg()}")


if __name__ == "__main__":
    main()
