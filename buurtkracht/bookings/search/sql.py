"""Hand-written SQL for the search's read queries (the same text on SQLite and PostgreSQL, except how a list
of ids travels). Building these through the ORM cost more than running them (a few milliseconds per search
in query compilation alone); table and column names still come from the models, so a renamed table
follows. Everything here only reads.
"""

from __future__ import annotations

import json
from datetime import date

from django.db import connection

from buurtkracht.houses.models import Closure, Facility, House, OpeningHours, Room


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    return {
        "room": q(Room._meta.db_table),
        "house": q(House._meta.db_table),
        "house_networks": q(House.networks.through._meta.db_table),
        "room_facilities": q(Room.facilities.through._meta.db_table),
        "facility": q(Facility._meta.db_table),
        "hours": q(OpeningHours._meta.db_table),
        "closure": q(Closure._meta.db_table),
    }


def in_ids(column: str, ids) -> tuple[str, list]:
    """``column`` is one of the ids, with ONE parameter whatever their number. On PostgreSQL ``= ANY(array)``:
    the planner knows how many ids there are and probes the index for a few of them (``IN (SELECT
    unnest(…))`` made it guess 200 and scan whole tables)."""
    ids = sorted(set(ids))
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [ids]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


ROOM_COLUMNS = (
    "pk", "name", "capacity", "parent_id", "setup_minutes", "cleanup_minutes", "house_id", "house_slug",
    "house_name", "house_city", "latitude", "longitude", "time_zone", "holiday_region", "country",
)  # fmt: skip


def candidate_rooms(
    *,
    min_capacity: int,
    facilities: tuple[str, ...],
    network_id: int | None,
    box: tuple[float, float, float, float] | None,
    visible_house_ids: set[int] | None,
    visible_network_ids: set[int] | None,
    everyone: bool,
) -> list[dict]:
    """Bookable rooms with at least ``min_capacity`` places and every facility in ``facilities``, of houses
    in the network and/or the box, that the person may see (``everyone``: a superuser; else public houses
    plus ``visible_house_ids`` and the houses of ``visible_network_ids``)."""
    t = _tables()
    where = ["r.is_bookable", "r.capacity >= %s"]
    params: list = [min_capacity]
    if not everyone:
        alternatives = ["h.is_public"]
        if visible_house_ids:
            text, more = in_ids("r.house_id", visible_house_ids)
            alternatives.append(text)
            params += more
        if visible_network_ids:
            text, more = in_ids("hn.network_id", visible_network_ids)
            alternatives.append(f"r.house_id IN (SELECT hn.house_id FROM {t['house_networks']} hn WHERE {text})")
            params += more
        where.append("(" + " OR ".join(alternatives) + ")")
    if network_id is not None:
        where.append(f"r.house_id IN (SELECT hn.house_id FROM {t['house_networks']} hn WHERE hn.network_id = %s)")
        params.append(network_id)
    if box is not None:
        where.append("h.latitude >= %s AND h.latitude <= %s AND h.longitude >= %s AND h.longitude <= %s")
        params += list(box)
    for code in facilities:  # one probe of the unique (room, facility) index per facility
        where.append(
            f"EXISTS (SELECT 1 FROM {t['room_facilities']} rf WHERE rf.room_id = r.id AND rf.facility_id = "
            f"(SELECT f.id FROM {t['facility']} f WHERE f.code = %s))"
        )
        params.append(code)
    sql = (
        "SELECT r.id, r.name, r.capacity, r.parent_id, r.setup_minutes, r.cleanup_minutes, r.house_id, h.slug, "
        "h.name, h.city, h.latitude, h.longitude, h.time_zone, h.holiday_region, h.country "
        f"FROM {t['room']} r JOIN {t['house']} h ON h.id = r.house_id WHERE " + " AND ".join(where)
    )
    return [dict(zip(ROOM_COLUMNS, row, strict=True)) for row in fetch(sql, params)]


def _param(day: date):
    return day if connection.vendor == "postgresql" else day.isoformat()


def details(room_ids, house_ids, weekdays, first: date, last: date) -> tuple[dict, set, list, list]:
    """The parts of the rooms that are divisible halls, who has opening hours at all, the opening hours of the
    requested weekdays and the closures in the period, in ONE statement (each round trip to PostgreSQL costs
    more than these small queries themselves). Returns ``({hall: [parts]}, {(house_id, room_id or None)},
    [(house_id, room_id, weekday, opens, closes)], [(house_id, room_id, start, end, reason)])`` with times and
    dates as text; the set holds everyone with opening hours on any weekday (none at all: open by appointment)."""
    t = _tables()
    parts_of, room_params = in_ids("p.parent_id", room_ids or [0])
    hours_of, house_params = in_ids("o.house_id", house_ids)
    closures_of, _same = in_ids("c.house_id", house_ids)
    marks = ", ".join("%s" for _w in weekdays)
    text = "CAST(NULL AS TEXT)"
    rows = fetch(
        f"SELECT 'p', p.id, p.parent_id, CAST(NULL AS INTEGER), {text}, {text}, {text} FROM {t['room']} p "
        f"WHERE {parts_of} "
        "UNION ALL "
        f"SELECT DISTINCT 'o', o.house_id, o.room_id, CAST(NULL AS INTEGER), {text}, {text}, {text} "
        f"FROM {t['hours']} o WHERE {hours_of} "
        "UNION ALL "
        f"SELECT 'h', o.house_id, o.room_id, o.weekday, CAST(o.opens AS TEXT), CAST(o.closes AS TEXT), {text} "
        f"FROM {t['hours']} o WHERE {hours_of} AND o.weekday IN ({marks}) "
        "UNION ALL "
        f"SELECT 'c', c.house_id, c.room_id, c.id, CAST(c.start_date AS TEXT), CAST(c.end_date AS TEXT), c.reason "
        f"FROM {t['closure']} c WHERE {closures_of} AND c.start_date <= %s AND c.end_date >= %s",
        [*room_params, *house_params, *house_params, *weekdays, *house_params, _param(last), _param(first)],
    )
    parts: dict[int, list[int]] = {}
    with_hours: set[tuple[int, int | None]] = set()
    hours, closures = [], []
    for kind, a, b, c, d, e, f in rows:
        if kind == "h":
            hours.append((a, b, c, d, e))
        elif kind == "o":
            with_hours.add((a, b))
        elif kind == "p":
            parts.setdefault(b, []).append(a)
        else:
            closures.append((d, c, a, b, d, e, f))
    closures.sort()  # by start date, then id: the earliest closure names the date
    return (
        {hall: sorted(ids) for hall, ids in parts.items()},
        with_hours,
        hours,
        [row[2:] for row in closures],
    )
