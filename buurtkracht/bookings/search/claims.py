"""One query for the space claims of many units that overlap any of a set of time windows.

Each row comes back tagged with the index of the window it overlaps, so the caller never scans a
room's whole period: ``(window_index, unit_id, blocked_start, blocked_end)`` with the times in Unix seconds.

PostgreSQL
    ``tstzrange(blocked_start, blocked_end, '[)') && tstzrange(period)`` per unit: the range expression of
    the exclusion constraint, so its GiST index (unit_id, range) answers exactly, for claims of any length;
    ``width_bucket`` over the sorted window edges drops the claims between the windows in the database.
    Units and edges travel as arrays, so the SQL text is the same for every search.

SQLite
    The (unit_id, blocked_start) index can only bound the start of a claim. A claim overlaps [lo, hi) when it
    starts before ``hi`` and ends after ``lo``; it also starts after ``lo - longest``, where ``longest`` is the
    longest claim in the table. :func:`longest_claim_seconds` keeps that figure per process without scanning
    the table again: ids only grow (AUTOINCREMENT), SQLite writers commit one at a time, and outside a
    transaction only committed claims are seen, so only claims with an id above the last one seen can be
    longer. Claims are never updated in place (released and claimed anew), so the figure stays a safe
    upper bound. Inside a transaction (tests, a write that searches) the kept figure is used but not
    updated, since that transaction may see claims of its own that a rollback takes away again.

Many units (a search over a province or the whole country)
    Probing thousands of units costs more than reading, per window, every claim in it and keeping those of
    the units: :data:`BY_TIME_FROM` switches to the period index of migration 0003 (PostgreSQL: GiST on the
    range with the unit included; SQLite: covering (blocked_start, blocked_end, unit_id)). Both ways give
    the same rows; the search tests run on both.
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
    """The longest claim in seconds: the figure kept for the committed claims, plus the claims with a larger
    id (one index range). The kept figure is only updated outside a transaction: a transaction sees its own
    uncommitted claims, and their ids come back after a rollback. When the largest id went down (the table
    was emptied, as between tests), everything is counted again."""
    connection = connections[using]
    with _lock:
        seen, longest = _longest.get(using, (0, 0))
    with connection.cursor() as cursor:  # one round trip: both subqueries run on the primary key index
        cursor.execute(f"SELECT (SELECT MAX(id) FROM bookings_spaceclaim), ({LONGEST_SQL})", [seen])
        top, newer = cursor.fetchone()
        top = top or 0
        if top < seen:  # the table was emptied or rebuilt: count everything again
            seen, longest = 0, 0
            cursor.execute(LONGEST_SQL, [0])
            newer = cursor.fetchone()[0]
        result = max(longest, newer or 0)
    if not connection.in_atomic_block:
        with _lock:
            seen_now, longest_now = _longest.get(using, (0, 0))
            if seen_now <= top:
                _longest[using] = (top, max(result, longest_now if seen_now else 0))
    return result


def forget_longest_claim(using: str = "default") -> None:
    """Start over (tests that rebuild the database)."""
    with _lock:
        _longest.pop(using, None)


BY_TIME_FROM = {"postgresql": 1_000, "sqlite": 3_000}
"""From how many units on it is cheaper to read each window's claims through the period index
(``bookings_claim_period``, migration 0003) and keep those of the units, than to probe every unit. Measured on
the national benchmark data set (docs/benchmarks.md): probing costs about 40 µs per unit on PostgreSQL and
10 µs on SQLite; reading 12 evening windows of the whole country by time about 35 and 30 ms."""


def claims_in_slots(
    units: Iterable[int], windows: list[tuple[datetime, datetime]], using: str = "default"
) -> list[tuple[int, int, int, int]]:
    units = sorted(set(units))
    if not units or not windows:
        return []
    connection = connections[using]
    by_time = len(units) >= BY_TIME_FROM.get(connection.vendor, 1_000)
    if connection.vendor == "postgresql":
        return (_postgres_by_time if by_time else _postgres)(connection, units, windows)
    return _sqlite(connection, units, windows, using, by_time=by_time)


POSTGRES_SQL = """
SELECT width_bucket(c.blocked_start, %(edges)s::timestamptz[]),
       width_bucket(c.blocked_end - interval '1 microsecond', %(edges)s::timestamptz[]),
       c.unit_id, EXTRACT(EPOCH FROM c.blocked_start)::bigint, EXTRACT(EPOCH FROM c.blocked_end)::bigint
FROM unnest(%(units)s::bigint[]) AS u(id)
JOIN bookings_spaceclaim c ON c.unit_id = u.id AND c.blocked_start < %(last)s
 AND tstzrange(c.blocked_start, c.blocked_end, '[)') && tstzrange(%(first)s, %(last)s, '[)')
WHERE width_bucket(c.blocked_start, %(edges)s::timestamptz[]) %% 2 = 1
   OR width_bucket(c.blocked_end - interval '1 microsecond', %(edges)s::timestamptz[])
      > width_bucket(c.blocked_start, %(edges)s::timestamptz[])
"""


def _postgres(connection, units, windows):
    """One GiST probe per unit over the whole period (the exclusion constraint's index, exact for claims of
    any length), then ``width_bucket`` over the window edges keeps only the claims that touch a window:
    bucket ``2k + 1`` is inside window ``k``, bucket ``2k`` is the gap before it."""
    ordered = sorted(range(len(windows)), key=lambda i: windows[i])
    edges = [moment for i in ordered for moment in windows[i]]
    if any(edges[j] > edges[j + 1] for j in range(len(edges) - 1)):  # overlapping windows: probe each alone
        found = []
        for index, window in enumerate(windows):
            found += [(index, *row[1:]) for row in _postgres(connection, units, [window])]
        return found
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_SQL, {"edges": edges, "units": units, "first": edges[0], "last": edges[-1]})
        rows = cursor.fetchall()
    found = []
    for first, last, unit, start, end in rows:
        low = (first - 1) // 2 if first % 2 else first // 2
        high = (last - 1) // 2 if last % 2 else last // 2 - 1
        for k in range(max(low, 0), min(high, len(ordered) - 1) + 1):
            found.append((ordered[k], unit, start, end))
    return found


POSTGRES_BY_TIME_SQL = """
SELECT w.i - 1, c.unit_id, EXTRACT(EPOCH FROM c.blocked_start)::bigint, EXTRACT(EPOCH FROM c.blocked_end)::bigint
FROM unnest(%(lo)s::timestamptz[], %(hi)s::timestamptz[]) WITH ORDINALITY AS w(lo, hi, i)
JOIN bookings_spaceclaim c
  ON tstzrange(c.blocked_start, c.blocked_end) && tstzrange(w.lo, w.hi)
WHERE c.unit_id = ANY(%(units)s::bigint[])
"""


def _postgres_by_time(connection, units, windows):
    """Per window one scan of the period index (index-only: it holds the unit and both ends); the units are
    kept by a hashed ``= ANY``. Exact for claims of any length, like the per-unit probe. The range is written
    ``tstzrange(start, end)`` (default bounds '[)') to match the period index's expression and not the
    exclusion constraint's, whose first column is the unit (see migration 0003)."""
    params = {"lo": [lo for lo, _hi in windows], "hi": [hi for _lo, hi in windows], "units": units}
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_BY_TIME_SQL, params)
        return cursor.fetchall()


def _slot_values(connection, windows, using) -> tuple[str, list]:
    longest = timedelta(seconds=longest_claim_seconds(using))
    text = connection.ops.adapt_datetimefield_value
    params: list = []
    for index, (lo, hi) in enumerate(windows):
        params += [index, text(lo - longest), text(lo), text(hi)]
    return "WITH slot(i, earliest, lo, hi) AS (VALUES " + ", ".join("(%s, %s, %s, %s)" for _w in windows) + ") ", params


SQLITE_SELECT = (
    "SELECT slot.i, c.unit_id, CAST(strftime('%%s', c.blocked_start) AS INTEGER), "
    "CAST(strftime('%%s', c.blocked_end) AS INTEGER) "
)
SQLITE_IN_SLOT = "c.blocked_start >= slot.earliest AND c.blocked_start < slot.hi AND c.blocked_end > slot.lo"
SQLITE_FROM = {
    # per unit and window a seek on (unit_id, blocked_start)
    False: "FROM json_each(%s) AS u CROSS JOIN slot CROSS JOIN bookings_spaceclaim AS c "
    f"WHERE c.unit_id = u.value AND {SQLITE_IN_SLOT}",
    # per window one range of the covering period index; the units kept through a temporary index on the list
    True: "FROM slot CROSS JOIN bookings_spaceclaim AS c INDEXED BY bookings_claim_period "
    f"WHERE {SQLITE_IN_SLOT} AND c.unit_id IN (SELECT value FROM json_each(%s))",
}


def _sqlite(connection, units, windows, using, *, by_time: bool = False):
    """The claims of ``units`` in the windows, the start bounded below by the longest claim in the table."""
    slots, params = _slot_values(connection, windows, using)
    with connection.cursor() as cursor:
        cursor.execute(slots + SQLITE_SELECT + SQLITE_FROM[by_time], [*params, json.dumps(units)])
        return cursor.fetchall()
