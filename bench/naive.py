"""The naive baseline: free-space search the way LibreBooking does it (a query per room per date).

Same candidate rooms and the same answer as :func:`buurtkracht.bookings.search.search` for a question whose
duration fills the window (what the benchmark asks), but the availability is checked one room and one date
at a time: per room a query for its space units, one for its opening hours and one for its closures, then
per date one query for a clashing claim. Only for the benchmark's ratio and the smoke test.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from buurtkracht.bookings.models import SpaceClaim
from buurtkracht.bookings.search.request import minutes
from buurtkracht.bookings.search.service import candidate_rooms
from buurtkracht.bookings.services.conflicts import unit_ids
from buurtkracht.houses.models import Closure, OpeningHours, Room


def naive_search(req, *, user=None) -> list[tuple[int, int]]:
    """``[(room_id, free dates)]`` ranked like the real search (fully free, free count, distance, fit)."""
    if req.starts != [0]:
        raise ValueError("the baseline only handles a duration that fills the window")
    ranked = []
    for row in candidate_rooms(req, user):
        room = Room.objects.select_related("house").get(pk=row["pk"])
        house = room.house
        tz = ZoneInfo(house.time_zone)
        units = unit_ids(room)
        periods = list(OpeningHours.objects.filter(room=room).values_list("weekday", "opens", "closes"))
        if not periods and room.parent_id:
            periods = list(
                OpeningHours.objects.filter(room_id=room.parent_id).values_list("weekday", "opens", "closes")
            )
        if not periods:
            periods = list(
                OpeningHours.objects.filter(house=house, room__isnull=True).values_list("weekday", "opens", "closes")
            )
        related = [room.pk, *units, *([room.parent_id] if room.parent_id else [])]
        free = 0
        for day in req.dates:
            closed = Closure.objects.filter(
                Q(room__isnull=True) | Q(room_id__in=related), house=house, start_date__lte=day, end_date__gte=day
            ).exists()
            local = datetime.combine(day, time(0)) + timedelta(minutes=minutes(req.start_time))
            start = local.replace(tzinfo=tz)
            end = (local + timedelta(minutes=req.duration_minutes)).replace(tzinfo=tz)
            begin, finish = minutes(req.start_time), minutes(req.start_time) + req.duration_minutes
            inside = not periods or any(
                w == day.weekday() and minutes(o) <= begin and finish <= minutes(c) for w, o, c in periods
            )
            taken = SpaceClaim.objects.filter(
                unit_id__in=units,
                blocked_start__lt=end + timedelta(minutes=room.cleanup_minutes),
                blocked_end__gt=start - timedelta(minutes=room.setup_minutes),
            ).exists()
            if not closed and inside and not taken:
                free += 1
        total = len(req.dates)
        key = (
            free < total,
            -free,
            row["distance"] or 0.0,
            room.capacity - req.min_capacity,
            house.name,
            room.name,
            room.pk,
        )
        ranked.append((key, room.pk, free))
    ranked.sort()
    return [(pk, free) for _key, pk, free in ranked]
