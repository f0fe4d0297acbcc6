"""Spare capacity: per room, per weekday and day part, on how many dates of the coming season a two-hour
session is free (real bookings, opening hours, closures). One free-space search per weekday × day part
(21 searches, each a constant number of queries), whatever the number of houses and rooms."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from buurtkracht.bookings.search import make_request, search
from buurtkracht.matching import vocab
from buurtkracht.matching.services.engine import network_reader

SEASON_WEEKS = 13
SESSION_MINUTES = 120


def spare_capacity(*, network_id: int, first_date: date | None = None, weeks: int = SEASON_WEEKS,
                   house_ids=None) -> dict:  # fmt: skip
    """{room_id: {"room": name, "house": name, "house_id": id, "slots": {(weekday, part): (free, total)}}}."""
    today = timezone.localdate()
    first_date = max(first_date or today + timedelta(days=1), today)
    rooms: dict[int, dict] = defaultdict(lambda: {"slots": {}})
    for weekday, _day in vocab.WEEKDAYS:
        for part, _label in vocab.DAY_PARTS:
            opens, closes = vocab.DAY_PART_HOURS[part]
            req = make_request(first_date=first_date, weekday=weekday, start_time=opens, end_time=closes,
                               weeks=weeks, duration_minutes=SESSION_MINUTES, network_id=network_id)  # fmt: skip
            for result in search(req, user=network_reader(network_id), limit=None).results:
                if house_ids is not None and result.house_id not in house_ids:
                    continue
                row = rooms[result.room_id]
                row.update(room=result.room_name, house=result.house_name, house_id=result.house_id)
                row["slots"][(weekday, part)] = (result.free_count, result.total)
    return dict(rooms)
