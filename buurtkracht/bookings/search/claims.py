"""One query for the space claims of many units that overlap any of a set of time windows.

Each row comes back tagged with the index of the window it overlaps, so the caller never scans a
room's whole period: ``(window_index, unit_id, blocked_start, blocked_end)`` with the times in Unix seconds.

PostgreSQL
    ``tstzrange(blocked_start, blocked_end, '[)') && tstzrange(window)``: the range expression of the
    exclusion constraint, so its GiST index (unit_id, range) answers the probe exactly, for claims of any
    length. Units and windows travel as two arrays (``unnest``), so the SQL text is the same for every search.

SQLite
    The (unit_id, blocked_start) index can only bound the start of a claim. A claim overlaps [lo, hi) when it
    starts before ``hi`` and ends after ``lo``; it also starts after ``lo - longest``, where ``longest`` is the
    longest claim in the table. :func:`longest_claim_seconds` keeps that figure per process without scanning
    the table again: ids only grow (AUTOINCREMENT), SQLite writers commit one at a time, and outside a
    transaction only committed claims are seen, so only claims with an id above the last one seen can be
    longer. Claims are never updated in place (released and claimed anew), so the figure stays a safe
    upper bound. Inside a transaction (tests, a write that searches) it is computed afresh.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connections

_lock = threading.Lock()
_longest: dict[str, tuple[int, int]] = {}
"""Per database alias: (largest claim id seen, longest claim in seconds)."""


LONGEST_SQL = (
    "SELECT MAX(CAST(strftime('%%s', blocked_end) AS INTEGER) - CAST(strftime('%%s', blocked_start) AS INTEGER))"
    " FROM bookings_spaceclaim WHERE id > %s"
)


def longest_claim_seconds(using: str = "default") -> int:
    """The longest claim in seconds. Inside a transaction the figure is worked out afresh and not kept:
    that transaction may see its own claims, whose ids come back after a rollback."""
    connection = connections[using]
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(LONGEST_SQL, [0])
            return cursor.fetchone()[0] or 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM bookings_spaceclaim")
        top = cursor.fetchone()[0] or 0
        with _lock:
            seen, longest = _longest.get(using, (0, 0))
        if top <= seen:
            return longest
        cursor.execute(LONGEST_SQL, [seen])
        found = cursor.fetchone()[0] or 0
    with _lock:
        seen_now, longest_now = _longest.get(using, (0, 0))
        result = max(longest, longest_now, found)
        _longest[using] = (max(top, seen_now), result)
    return result


def forget_longest_claim(using: str = "default") -> None:
    """Start over (tests that rebuild the database)."""
    with _lock:
        _longest.pop(using, None)


def claims_in_slots(
    units: Iterable[int], windows: list[tuple[datetime, datetime]], using: str = "default"
) -> list[tuple[int, int, int, int]]:
    units = sorted(set(units))
    if not units or not windows:
        return []
    connection = connections[using]
    if connection.vendor == "postgresql":
        return _postgres(connection, units, windows)
    return _sqlite(connection, units, windows, using)


POSTGRES_SQL = """
SELECT slot.i, c.unit_id, EXTRACT(EPOCH FROM c.blocked_start)::bigint, EXTRACT(EPOCH FROM c.blocked_end)::bigint
FROM unnest(%s::int[], %s::timestamptz[], %s::timestamptz[]) AS slot(i, lo, hi)
CROSS JOIN unnest(%s::bigint[]) AS u(id)
JOIN bookings_spaceclaim c ON c.unit_id = u.id
 AND tstzrange(c.blocked_start, c.blocked_end, '[)') && tstzrange(slot.lo, slot.hi, '[)')
"""


def _postgres(connection, units, windows):
    with connection.cursor() as cursor:
        cursor.execute(
            POSTGRES_SQL,
            [list(range(len(windows))), [lo for lo, _hi in windows], [hi for _lo, hi in windows], units],
        )
        return cursor.fetchall()


def _sqlite(connection, units, windows, using):
    longest = timedelta(seconds=longest_claim_seconds(using))
    text = connection.ops.adapt_datetimefield_value
    rows = ", ".join("(%s, %s, %s, %s)" for _w in windows)
    params: list = []
    for index, (lo, hi) in enumerate(windows):
        params += [index, text(lo - longest), text(lo), text(hi)]
    sql = (
        f"WITH slot(i, earliest, lo, hi) AS (VALUES {rows}) "
        "SELECT slot.i, c.unit_id, CAST(strftime('%%s', c.blocked_start) AS INTEGER), "
        "CAST(strftime('%%s', c.blocked_end) AS INTEGER) "
        "FROM json_each(%s) AS u CROSS JOIN slot CROSS JOIN bookings_spaceclaim AS c "
        "WHERE c.unit_id = u.value AND c.blocked_start >= slot.earliest AND c.blocked_start < slot.hi "
        "AND c.blocked_end > slot.lo"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, json.dumps(units)])
        return cursor.fetchall()
