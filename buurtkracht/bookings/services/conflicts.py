"""Space units, space claims and the conflict check. The database has the last word (see models.py).

Call :func:`find_conflicts` (read-only; it already ignores options past their expiry) for a friendly
per-date answer, then :func:`claim` to insert the claims (it first releases lapsed options in its way); a claim that still collides (a race on PostgreSQL, where the other
transaction committed in between) raises :class:`SlotTaken` with a translated message, never a 500.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.bookings.models import OCCUPYING, Occurrence, SpaceClaim
from buurtkracht.houses.models import Room

OVERLAP_MARKERS = ("bookings_space_overlap", "bookings_spaceclaim_no_overlap")


class SlotTaken(ValidationError):
    """The room (or a part of it, or the hall it belongs to) is already taken at one of the times."""

    def __init__(self, message: str, *, taken: list | None = None) -> None:
        super().__init__(message, code="slot_taken")
        self.taken = taken or []


def unit_ids(room: Room) -> list[int]:
    """The atomic space units of a room: the parts of a divided hall, else the room itself."""
    parts = sorted(Room.objects.filter(parent_id=room.pk).values_list("pk", flat=True))
    return parts or [room.pk]


def unit_map(room_ids: Iterable[int]) -> dict[int, list[int]]:
    """``{room_id: [unit ids]}`` for many rooms in one query."""
    room_ids = set(room_ids)
    found: dict[int, list[int]] = defaultdict(list)
    for part_id, parent_id in Room.objects.filter(parent_id__in=room_ids).values_list("pk", "parent_id"):
        found[parent_id].append(part_id)
    return {room_id: sorted(found.get(room_id) or [room_id]) for room_id in room_ids}


def related_room_ids(room: Room) -> set[int]:
    """Rooms that share floor with ``room``: itself, the hall it is part of, and its own parts."""
    ids = {room.pk}
    if room.parent_id:
        ids.add(room.parent_id)
    ids |= set(Room.objects.filter(parent_id=room.pk).values_list("pk", flat=True))
    return ids


def release_lapsed_options(unit_list: list[int], start: datetime, end: datetime) -> int:
    """Options past their expiry stop holding the room before anyone else books over them (the expiry
    job sweeps the rest). Returns how many dates were released."""
    now = timezone.now()
    lapsed = list(
        Occurrence.objects.filter(
            status=Occurrence.Status.PROVISIONAL,
            expires_at__lt=now,
            claims__unit_id__in=unit_list,
            claims__blocked_start__lt=end,
            claims__blocked_end__gt=start,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    if not lapsed:
        return 0
    SpaceClaim.objects.filter(occurrence_id__in=lapsed).delete()
    Occurrence.objects.filter(pk__in=lapsed).update(
        status=Occurrence.Status.EXPIRED, status_reason=_("The option was not confirmed in time."), updated_at=now
    )
    return len(lapsed)


def find_conflicts(
    room: Room,
    intervals: list[tuple[datetime, datetime]],
    *,
    exclude_occurrences: Iterable[int] = (),
    units: list[int] | None = None,
) -> dict[int, list[Occurrence]]:
    """For each blocked interval (index into ``intervals``) the occupying occurrences it collides with.

    One query for the whole list, whatever its length."""
    if not intervals:
        return {}
    units = units or unit_ids(room)
    low = min(s for s, _e in intervals)
    high = max(e for _s, e in intervals)
    rows = (
        SpaceClaim.objects.filter(unit_id__in=units, blocked_start__lt=high, blocked_end__gt=low)
        .exclude(occurrence_id__in=list(exclude_occurrences))
        .exclude(occurrence__status=Occurrence.Status.PROVISIONAL, occurrence__expires_at__lt=timezone.now())
        .select_related("occurrence__series", "occurrence__room")
        .order_by("blocked_start")
    )
    claims = list(rows)
    starts = [c.blocked_start for c in claims]
    found: dict[int, list[Occurrence]] = {}
    for index, (start, end) in enumerate(intervals):
        hits: dict[int, Occurrence] = {}
        # claims starting before ``end``; of those, the ones still running after ``start``
        for claim in claims[: bisect_left(starts, end)]:
            if claim.blocked_end > start:
                hits[claim.occurrence_id] = claim.occurrence
        if hits:
            found[index] = list(hits.values())
    return found


def _is_overlap_error(error: Exception) -> bool:
    text = str(error)
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return sqlstate in ("23P01", "40P01") or any(marker in text for marker in OVERLAP_MARKERS)


def claim(occurrences: list[Occurrence], *, units_by_room: dict[int, list[int]] | None = None) -> None:
    """Insert the space claims of occupying occurrences (in a savepoint). Raises :class:`SlotTaken`."""
    occupying = [o for o in occurrences if o.status in OCCUPYING]
    if not occupying:
        return
    units_by_room = units_by_room or unit_map({o.room_id for o in occupying})
    rows = [
        SpaceClaim(occurrence_id=o.pk, unit_id=unit, blocked_start=o.blocked_start, blocked_end=o.blocked_end)
        for o in occupying
        for unit in units_by_room[o.room_id]
    ]
    rows.sort(key=lambda c: (c.unit_id, c.blocked_start))  # one order for every writer: fewer deadlocks
    all_units = sorted({c.unit_id for c in rows})
    release_lapsed_options(all_units, min(c.blocked_start for c in rows), max(c.blocked_end for c in rows))
    try:
        with transaction.atomic():
            SpaceClaim.objects.bulk_create(rows)
    except (IntegrityError, OperationalError) as error:
        if not _is_overlap_error(error):
            raise
        raise taken_error(occupying, units_by_room) from error


def release(occurrence_ids: Iterable[int]) -> None:
    SpaceClaim.objects.filter(occurrence_id__in=list(occurrence_ids)).delete()


def taken_error(occurrences: list[Occurrence], units_by_room: dict[int, list[int]]) -> SlotTaken:
    """Build the message after the database refused: which of these dates collide now."""
    from buurtkracht.bookings.services.describe import moment_words

    taken = []
    by_room: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        by_room[occurrence.room_id].append(occurrence)
    for room_id, items in by_room.items():
        room = items[0].room
        collisions = find_conflicts(
            room,
            [(o.blocked_start, o.blocked_end) for o in items],
            exclude_occurrences=[o.pk for o in items if o.pk],
            units=units_by_room[room_id],
        )
        taken.extend(items[i] for i in sorted(collisions))
    if not taken:  # the other booking was cancelled again in the meantime; still refuse this attempt
        return SlotTaken(_("Someone else booked this room at the same time. Try again."))
    words = [moment_words(o.start, o.end, o.house.time_zone) for o in taken[:10]]
    if len(taken) > 10:
        words.append(_("and %(count)s more dates") % {"count": len(taken) - 10})
    return SlotTaken(
        _("%(room)s is already booked at this time: %(dates)s. Choose another time or room.")
        % {"room": taken[0].room.name, "dates": "; ".join(words)},
        taken=taken,
    )


def reclaim_rooms(room_ids: Iterable[int]) -> None:
    """Claim the occupying dates booked on these rooms again (after their parts changed)."""
    occurrences = list(
        Occurrence.objects.filter(room_id__in=list(room_ids), status__in=OCCUPYING).select_related("room", "house")
    )
    if not occurrences:
        return
    release(o.pk for o in occurrences)
    claim(occurrences)
