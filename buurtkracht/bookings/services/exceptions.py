"""Per-date changes and series edits that never lose per-date state (bookings.md §5).

* :func:`cancel_date`, :func:`move_date`, :func:`readd_date` change one date and record a
  ``SeriesException`` (the record survives every later edit of the series).
* :func:`reschedule` changes the rule of a series that has not started yet: rows are merged by
  ``slot_date`` (kept dates keep their status, moves and cancellations), new dates are added, dates no
  longer produced are removed — unless they were moved, then the edit is refused with the list.
* :func:`split_series` changes "this and all following": the old series ends the day before, a new one
  (``split_from``) takes over the later rows *and* their exceptions, then the change is applied to it.
"""

from __future__ import annotations

import uuid
from datetime import date, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.bookings import days as day_notes
from buurtkracht.bookings.events import occurrences_cancelled, occurrences_confirmed, send_after_commit
from buurtkracht.bookings.models import OCCUPYING, BookingSeries, Occurrence, SeriesException
from buurtkracht.bookings.recurrence import expand, local_interval
from buurtkracht.bookings.services import conflicts
from buurtkracht.bookings.services.describe import day_words
from buurtkracht.bookings.services.series import (
    blocked,
    initial_status,
    occurrence_for,
    refresh_series_status,
    store_rule,
)
from buurtkracht.core.audit import log_action
from buurtkracht.houses.models import Room

S = Occurrence.Status
E = SeriesException.Kind
RULE_FIELDS = {
    "kind", "first_date", "start_time", "duration_minutes", "interval", "weekdays", "month_week", "dates",
    "until_date", "count",
}  # fmt: skip


def _audit(actor, action: str, occurrence: Occurrence, **data) -> None:
    series = occurrence.series
    log_action(actor, action, series, house_id=series.house_id, organisation_id=series.organisation_id,
               data={"date": occurrence.slot_date.isoformat(), **data})  # fmt: skip


def _tell(rows: list[Occurrence], *, actor) -> None:
    """After commit, tell listeners (billing) which of these changed dates are confirmed now (their price follows
    the new time and room) and which are not (a confirmed date sent back for approval loses its charge)."""
    send_after_commit(occurrences_confirmed, [o.pk for o in rows if o.status == S.CONFIRMED], actor=actor)
    send_after_commit(occurrences_cancelled, [o.pk for o in rows if o.status != S.CONFIRMED], actor=actor)


def _touch(series: BookingSeries) -> None:
    series.sequence += 1
    BookingSeries.objects.filter(pk=series.pk).update(sequence=series.sequence, updated_at=timezone.now())


def _not_past(occurrence: Occurrence) -> None:
    if occurrence.end <= timezone.now():
        raise ValidationError(_("This date has passed. You cannot change it any more."))


def _status_after_change(actor, occurrence: Occurrence) -> str:
    """A change by the renter is a new request, unless they are trusted; staff changes keep the status."""
    if occurrence.status == S.PROVISIONAL:
        return S.PROVISIONAL
    wanted = initial_status(
        actor=actor, house=occurrence.series.house, organisation=occurrence.series.organisation, option=False
    )
    return S.CONFIRMED if wanted == S.CONFIRMED else S.REQUESTED


@transaction.atomic
def cancel_date(occurrence: Occurrence, *, actor, reason: str = "") -> Occurrence:
    occurrence = Occurrence.objects.select_for_update().select_related("series__house").get(pk=occurrence.pk)
    if occurrence.status not in OCCUPYING:
        raise ValidationError(_("This date is not booked, so it cannot be cancelled."))
    _not_past(occurrence)
    conflicts.release([occurrence.pk])
    occurrence.status = S.CANCELLED
    occurrence.status_reason = reason
    occurrence.is_exception = True
    occurrence.save(update_fields=["status", "status_reason", "is_exception", "updated_at"])
    SeriesException.objects.update_or_create(
        series=occurrence.series, slot_date=occurrence.slot_date,
        defaults={"kind": E.CANCELLED, "reason": reason[:255], "room": None, "start": None, "end": None,
                  "created_by": actor},
    )  # fmt: skip
    _touch(occurrence.series)
    refresh_series_status(occurrence.series)
    _audit(actor, "bookings.occurrence.cancelled", occurrence, reason=reason)
    send_after_commit(occurrences_cancelled, [occurrence.pk], actor=actor)
    return occurrence


@transaction.atomic
def move_date(
    occurrence: Occurrence,
    *,
    actor,
    day: date,
    start_time: time,
    duration_minutes: int,
    room: Room | None = None,
) -> Occurrence:
    """Move one date to another day, time or room of the same house. The database decides on conflicts."""
    occurrence = Occurrence.objects.select_for_update().select_related("series__house", "room").get(pk=occurrence.pk)
    series = occurrence.series
    room = room or occurrence.room
    if occurrence.status not in OCCUPYING:
        raise ValidationError(_("Only a booked date can be moved. Book it again first."))
    _not_past(occurrence)
    if room.house_id != series.house_id:
        raise ValidationError({"room": [_("Choose a room in the same house.")]})
    if not room.is_bookable:
        raise ValidationError({"room": [_("This room cannot be booked. Choose another room.")]})
    if duration_minutes is None or duration_minutes < 1:
        raise ValidationError({"end_time": [_("The end time must be after the start time.")]})
    start, end = local_interval(day, start_time.replace(second=0, microsecond=0), duration_minutes,
                                ZoneInfo(series.time_zone))  # fmt: skip
    if start <= timezone.now():
        raise ValidationError({"day": [_("Choose a date and time in the future.")]})
    conflicts.release([occurrence.pk])
    occurrence.room = room
    occurrence.start, occurrence.end = start, end
    occurrence.blocked_start, occurrence.blocked_end = blocked(start, end, series.setup_minutes, series.cleanup_minutes)
    occurrence.local_date = start.astimezone(ZoneInfo(series.time_zone)).date()
    back_to_rule = start == occurrence.original_start and end == _rule_end(series, occurrence) and room == series.room
    occurrence.moved = occurrence.is_exception = not back_to_rule
    occurrence.status = _status_after_change(actor, occurrence)
    occurrence.full_clean(exclude=["series", "decided_by"])
    occurrence.save()
    conflicts.claim([occurrence])
    if back_to_rule:
        SeriesException.objects.filter(series=series, slot_date=occurrence.slot_date).delete()
    else:
        SeriesException.objects.update_or_create(
            series=series, slot_date=occurrence.slot_date,
            defaults={"kind": E.MOVED, "room": room, "start": start, "end": end, "reason": "", "created_by": actor},
        )  # fmt: skip
    _touch(series)
    refresh_series_status(series)
    _audit(actor, "bookings.occurrence.moved", occurrence, start=start.isoformat(), room=room.pk)
    _tell([occurrence], actor=actor)
    return occurrence


def _rule_end(series: BookingSeries, occurrence: Occurrence):
    _start, end = local_interval(occurrence.slot_date, series.start_time, series.duration_minutes,
                                 ZoneInfo(series.time_zone))  # fmt: skip
    return end


@transaction.atomic
def readd_date(occurrence: Occurrence, *, actor) -> Occurrence:
    """Book a skipped or cancelled date again, at the series' own time and room."""
    occurrence = Occurrence.objects.select_for_update().select_related("series__house").get(pk=occurrence.pk)
    series = occurrence.series
    if occurrence.status != S.CANCELLED:
        raise ValidationError(_("Only a cancelled or skipped date can be booked again."))
    start, end = local_interval(occurrence.slot_date, series.start_time, series.duration_minutes,
                                ZoneInfo(series.time_zone))  # fmt: skip
    if start <= timezone.now():
        raise ValidationError(_("This date has passed. You cannot book it again."))
    occurrence.room = series.room
    occurrence.start, occurrence.end, occurrence.original_start = start, end, start
    occurrence.blocked_start, occurrence.blocked_end = blocked(start, end, series.setup_minutes, series.cleanup_minutes)
    occurrence.local_date = start.astimezone(ZoneInfo(series.time_zone)).date()
    occurrence.moved = occurrence.is_exception = False
    occurrence.status = initial_status(actor=actor, house=series.house, organisation=series.organisation, option=False)
    occurrence.status_reason = ""
    occurrence.save()
    conflicts.claim([occurrence])
    SeriesException.objects.filter(series=series, slot_date=occurrence.slot_date).delete()
    _touch(series)
    refresh_series_status(series)
    _audit(actor, "bookings.occurrence.readded", occurrence)
    if occurrence.status == S.CONFIRMED:
        send_after_commit(occurrences_confirmed, [occurrence.pk], actor=actor)
    return occurrence


def _exception_map(series: BookingSeries) -> dict[date, SeriesException]:
    return {e.slot_date: e for e in series.exceptions.all()}


def _apply_exception(occurrence: Occurrence, exception: SeriesException | None, series: BookingSeries) -> None:
    if exception is None:
        return
    occurrence.is_exception = True
    if exception.kind == E.MOVED:
        occurrence.moved = True
        occurrence.room_id = exception.room_id
        occurrence.start, occurrence.end = exception.start, exception.end
        occurrence.blocked_start, occurrence.blocked_end = blocked(
            exception.start, exception.end, series.setup_minutes, series.cleanup_minutes
        )
        occurrence.local_date = exception.start.astimezone(ZoneInfo(series.time_zone)).date()
    else:
        occurrence.status = S.CANCELLED
        occurrence.status_reason = exception.reason


@transaction.atomic
def reschedule(series: BookingSeries, *, actor, free_only: bool = False, **changes) -> BookingSeries:
    """Change the rule (days, times, room, end) of a series whose dates all lie ahead. Merges by date."""
    unknown = set(changes) - RULE_FIELDS - {"room", "setup_minutes", "cleanup_minutes"}
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    series = BookingSeries.objects.select_for_update().select_related("house", "room").get(pk=series.pk)
    rows = {o.slot_date: o for o in series.occurrences.all()}
    now = timezone.now()
    if any(o.start <= now for o in rows.values()):
        raise ValidationError(_("This booking has already started. Change it from a later date onwards instead."))
    for key, value in changes.items():
        setattr(series, key, value)
    if series.room.house_id != series.house_id or not series.room.is_bookable:
        raise ValidationError({"room": [_("Choose a bookable room in the same house.")]})
    if series.kind == BookingSeries.Kind.DATES:
        series.dates = sorted({(d if isinstance(d, str) else d.isoformat()) for d in series.dates})
    rule = store_rule(series)
    slots = expand(rule)
    produced = {day for day, _s, _e in slots}
    lost_moves = [o for day, o in rows.items() if day not in produced and o.moved and o.status in OCCUPYING]
    if lost_moves:
        raise ValidationError(
            _("These dates were moved and do not fit the new pattern: %(dates)s. Cancel them first.")
            % {"dates": ", ".join(day_words(o.slot_date) for o in lost_moves)}
        )
    if slots[0][1] <= now:
        raise ValidationError({"first_date": [_("Choose a first date in the future.")]})
    series.full_clean(exclude=["booker", "created_by"])
    series.sequence += 1
    series.save()
    conflicts.release(o.pk for o in rows.values())
    Occurrence.objects.filter(pk__in=[o.pk for day, o in rows.items() if day not in produced]).delete()
    exceptions = _exception_map(series)
    status = initial_status(actor=actor, house=series.house, organisation=series.organisation, option=False)
    added_days = [day for day, _s, _e in slots if day not in rows]
    notes = day_notes.notes_for(series.house, series.room, added_days)
    kept, new = [], []
    for day, start, end in slots:
        row = rows.get(day)
        if row is None:
            row = occurrence_for(series, day, start, end, status)
            exception = exceptions.get(day) or _skip_for_notes(series, day, notes.get(day, []), actor)
            _apply_exception(row, exception, series)
            new.append(row)
            continue
        row.original_start = start
        row.room_id = series.room_id
        if not row.moved:
            row.start, row.end = start, end
            row.blocked_start, row.blocked_end = blocked(start, end, series.setup_minutes, series.cleanup_minutes)
            row.local_date = start.astimezone(ZoneInfo(series.time_zone)).date()
        else:
            row.room_id = exceptions[day].room_id if day in exceptions else row.room_id
            row.blocked_start, row.blocked_end = blocked(
                row.start, row.end, series.setup_minutes, series.cleanup_minutes
            )
        kept.append(row)
    Occurrence.objects.bulk_update(
        kept, ["original_start", "room", "start", "end", "blocked_start", "blocked_end", "local_date"]
    )
    new = Occurrence.objects.bulk_create(new)
    everything = kept + new
    _claim_or_skip(series, everything, actor=actor, free_only=free_only)
    refresh_series_status(series)
    log_action(actor, "bookings.series.changed", series, house_id=series.house_id,
               organisation_id=series.organisation_id, data={"rule": series.rrule, **{
                   k: v for k, v in changes.items() if k != "room"}})  # fmt: skip
    # Dates no longer produced were deleted above; listeners find what hung on them through the series.
    _tell(everything, actor=actor)
    return series


def _skip_for_notes(series: BookingSeries, day: date, notes: list, actor) -> SeriesException | None:
    """A date added by an edit follows the series' own skip settings (closures always skip)."""
    wanted = {"closed"}
    if series.skip_public_holidays:
        wanted.add("public_holiday")
    if series.skip_school_holidays:
        wanted.add("school_holiday")
    reasons = [n.name for n in notes if n.kind in wanted]
    if not reasons and not any(n.kind == "closed" for n in notes):
        return None
    return SeriesException.objects.create(
        series=series,
        slot_date=day,
        kind=E.SKIPPED,
        reason=", ".join(r for r in reasons if r)[:255] or _("closed"),
        created_by=actor,
    )


def _claim_or_skip(series: BookingSeries, rows: list[Occurrence], *, actor, free_only: bool) -> None:
    occupying = [o for o in rows if o.status in OCCUPYING]
    by_room: dict[int, list[Occurrence]] = {}
    for row in occupying:
        by_room.setdefault(row.room_id, []).append(row)
    clashing: list[Occurrence] = []
    for items in by_room.values():
        found = conflicts.find_conflicts(
            items[0].room, [(o.blocked_start, o.blocked_end) for o in items],
            exclude_occurrences=[o.pk for o in rows],
        )  # fmt: skip
        clashing.extend(items[i] for i in found)
    if clashing and not free_only:
        raise conflicts.SlotTaken(
            _("Not every date is free: %(dates)s. Book only the free dates, or choose another time.")
            % {"dates": ", ".join(day_words(o.slot_date) for o in sorted(clashing, key=lambda o: o.slot_date)[:10])},
            taken=clashing,
        )
    for row in clashing:
        row.status, row.is_exception = S.CANCELLED, True
        row.status_reason = _("The room was already booked.")
        row.save(update_fields=["status", "status_reason", "is_exception", "updated_at"])
        SeriesException.objects.update_or_create(
            series=series, slot_date=row.slot_date,
            defaults={"kind": E.SKIPPED, "reason": row.status_reason, "room": None, "start": None, "end": None,
                      "created_by": actor},
        )  # fmt: skip
    conflicts.claim([o for o in rows if o.status in OCCUPYING])


@transaction.atomic
def split_series(series: BookingSeries, *, at: date, actor, free_only: bool = False, **changes) -> BookingSeries:
    """Change this date and all following: the old series ends the day before ``at``; a new series takes
    over the later dates with their per-date state, and then gets ``changes``. Returns the new series."""
    series = BookingSeries.objects.select_for_update().select_related("house", "room").get(pk=series.pk)
    rows = list(series.occurrences.order_by("slot_date"))
    later = [o for o in rows if o.slot_date >= at]
    earlier = [o for o in rows if o.slot_date < at]
    if not later:
        raise ValidationError({"at": [_("The series has no dates on or after this date.")]})
    if later[0].start <= timezone.now():
        raise ValidationError({"at": [_("Choose a date in the future to change from.")]})
    detail_changes = {k: changes.pop(k) for k in list(changes) if k in {"title", "description"}}
    if not earlier:
        series = reschedule(series, actor=actor, free_only=free_only, **changes)
        return _change_details(series, actor, detail_changes)
    new = BookingSeries.objects.get(pk=series.pk)
    new.pk = None
    new._state.adding = True
    new.uid = uuid.uuid4()
    new.split_from = series
    new.sequence = 0
    new.first_date = later[0].slot_date
    last_day = rows[-1].slot_date
    if series.kind == BookingSeries.Kind.DATES:
        new.dates = [d.isoformat() for d in sorted({o.slot_date for o in later})]
        series.dates = [d.isoformat() for d in sorted({o.slot_date for o in earlier})]
    elif series.kind in (BookingSeries.Kind.WEEKLY, BookingSeries.Kind.MONTHLY):
        new.until_date, new.count = last_day, None
        series.until_date, series.count = earlier[-1].slot_date, None
    else:
        raise ValidationError(_("A one-off booking cannot be split."))
    new.save()
    Occurrence.objects.filter(pk__in=[o.pk for o in later]).update(series=new)
    SeriesException.objects.filter(series=series, slot_date__gte=at).update(series=new)
    store_rule(series)
    series.sequence += 1
    series.save()
    store_rule(new)
    new.save(update_fields=["rrule"])
    refresh_series_status(series)
    log_action(actor, "bookings.series.split", series, house_id=series.house_id,
               organisation_id=series.organisation_id, data={"at": at.isoformat(), "new": new.pk})  # fmt: skip
    if changes:
        new = reschedule(new, actor=actor, free_only=free_only, **changes)  # tells about every date of ``new``
    else:
        send_after_commit(occurrences_confirmed, [o.pk for o in later if o.status == S.CONFIRMED], actor=actor)
    _change_details(new, actor, detail_changes)
    refresh_series_status(new)
    new.refresh_from_db()
    return new


def _change_details(series: BookingSeries, actor, changes: dict) -> BookingSeries:
    """Title and notes do not move dates: they go through ``update_series_details``, not the rule."""
    if changes:
        from buurtkracht.bookings.services.series import update_series_details

        update_series_details(series, actor=actor, **changes)
    return series


@transaction.atomic
def cancel_series(series: BookingSeries, *, actor, reason: str = "") -> int:
    """Cancel every date still ahead. Returns how many dates were cancelled."""
    now = timezone.now()
    ahead = list(series.occurrences.filter(status__in=OCCUPYING, start__gt=now))
    conflicts.release(o.pk for o in ahead)
    for occurrence in ahead:
        occurrence.status, occurrence.status_reason, occurrence.is_exception = S.CANCELLED, reason, True
        occurrence.updated_at = now  # the moment of cancelling decides whether a fee is due
        SeriesException.objects.update_or_create(
            series=series, slot_date=occurrence.slot_date,
            defaults={"kind": E.CANCELLED, "reason": reason[:255], "room": None, "start": None, "end": None,
                      "created_by": actor},
        )  # fmt: skip
    Occurrence.objects.bulk_update(ahead, ["status", "status_reason", "is_exception", "updated_at"])
    _touch(series)
    refresh_series_status(series)
    log_action(actor, "bookings.series.cancelled", series, house_id=series.house_id,
               organisation_id=series.organisation_id, data={"dates": len(ahead), "reason": reason})  # fmt: skip
    send_after_commit(occurrences_cancelled, [o.pk for o in ahead], actor=actor)
    return len(ahead)
