"""Requesting a series: the per-date check and the booking itself.

:func:`check_dates` answers, per date, free / conflict / closed / public holiday / school holiday / past.
:func:`create_series` books; by default it refuses when a date is not free, with ``free_only=True`` it
books the free dates and records the rest as skipped exceptions (re-addable later), and ``drop`` lists
dates the requester unticked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.bookings import days as day_notes
from buurtkracht.bookings.events import occurrences_confirmed, send_after_commit
from buurtkracht.bookings.models import OCCUPYING, BookingSeries, Occurrence, SeriesException
from buurtkracht.bookings.recurrence import Rule, expand, rrule_text, validate_rule
from buurtkracht.bookings.services import conflicts
from buurtkracht.bookings.services.describe import day_words
from buurtkracht.core.audit import log_action
from buurtkracht.houses.models import House, Room

S = Occurrence.Status
FREE, CONFLICT, CLOSED, PUBLIC_HOLIDAY, SCHOOL_HOLIDAY, PAST = (
    "free", "conflict", "closed", "public_holiday", "school_holiday", "past",
)  # fmt: skip

SERIES_FIELDS = {
    "organisation", "description", "renter_name", "renter_email", "renter_phone", "interval", "weekdays",
    "month_week", "dates", "until_date", "count", "setup_minutes", "cleanup_minutes", "skip_public_holidays",
    "skip_school_holidays", "skip_closures", "provisional_until",
}  # fmt: skip


@dataclass
class DateCheck:
    slot_date: date
    start: datetime
    end: datetime
    state: str
    notes: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skip: bool = False
    """True when the series' own settings skip this date (closure or holiday) or it cannot be booked."""

    @property
    def bookable(self) -> bool:
        return not self.skip

    @property
    def day_words(self) -> str:
        return day_words(self.slot_date)

    def reason(self) -> str:
        if self.state == CONFLICT:
            known = [c for c in self.conflicts if c != _("booked")]
            if not known:
                return _("The room is already booked then.")
            return _("The room is already booked then, for %(what)s.") % {"what": ", ".join(known)}
        if self.state == CLOSED:
            return _("The house is closed: %(why)s.") % {"why": ", ".join(n for n in self.notes if n) or _("closed")}
        if self.state == PAST:
            return _("This date has passed.")
        if self.state in (PUBLIC_HOLIDAY, SCHOOL_HOLIDAY):
            return ", ".join(self.notes)
        return ""


def blocked(start: datetime, end: datetime, setup: int, cleanup: int) -> tuple[datetime, datetime]:
    return start - timedelta(minutes=setup), end + timedelta(minutes=cleanup)


def conflict_label(occurrence: Occurrence, viewer) -> str:
    """The title of the other booking when the viewer may see it, else just "booked"."""
    from buurtkracht.accounts.permissions import has_perm

    if viewer is not None and has_perm(viewer, "bookings.series:view", occurrence.series):
        return occurrence.series.title
    return _("booked")


def check_dates(
    *,
    house: House,
    room: Room,
    rule: Rule,
    setup_minutes: int = 0,
    cleanup_minutes: int = 0,
    skip_public_holidays: bool = False,
    skip_school_holidays: bool = False,
    skip_closures: bool = True,
    viewer=None,
    exclude_series: BookingSeries | None = None,
    allow_past: bool = False,
) -> list[DateCheck]:
    """Per date of the rule: can it be booked, and if not, why (in words the viewer may see)."""
    slots = expand(rule)
    notes = day_notes.notes_for(house, room, [s[0] for s in slots])
    intervals = [blocked(s, e, setup_minutes, cleanup_minutes) for _d, s, e in slots]
    exclude = []
    if exclude_series is not None and exclude_series.pk:
        exclude = list(exclude_series.occurrences.values_list("pk", flat=True))
    collisions = conflicts.find_conflicts(room, intervals, exclude_occurrences=exclude)
    now = timezone.now()
    checks = []
    for index, (day, start, end) in enumerate(slots):
        kinds = {n.kind: n.name for n in notes.get(day, [])}
        names = [n.name for n in notes.get(day, [])]
        if start < now and not allow_past:
            check = DateCheck(day, start, end, PAST, skip=True)
        elif "closed" in kinds:
            check = DateCheck(day, start, end, CLOSED, [kinds["closed"]], skip=True)
        elif index in collisions:
            labels = sorted({conflict_label(o, viewer) for o in collisions[index]})
            check = DateCheck(day, start, end, CONFLICT, names, labels, skip=True)
        elif kinds:
            skip = ("public_holiday" in kinds and skip_public_holidays) or (
                "school_holiday" in kinds and skip_school_holidays
            )
            state = PUBLIC_HOLIDAY if "public_holiday" in kinds else SCHOOL_HOLIDAY
            check = DateCheck(day, start, end, state, names, skip=skip)
        else:
            check = DateCheck(day, start, end, FREE)
        checks.append(check)
    return checks


def initial_status(*, actor, house: House, organisation, option: bool) -> str:
    """Staff book straight away; trusted organisations are approved at once; options are provisional;
    everyone else requests."""
    from buurtkracht.accounts.permissions import has_perm
    from buurtkracht.bookings.models import TrustedOrganisation

    if option:
        return S.PROVISIONAL
    if actor is not None and has_perm(actor, "bookings.booking:approve", house):
        return S.CONFIRMED
    if organisation is not None and TrustedOrganisation.objects.filter(house=house, organisation=organisation).exists():
        return S.CONFIRMED
    return S.REQUESTED


def _clean_time(value: time) -> time:
    return value.replace(second=0, microsecond=0)


def build_rule(*, house: House, kind: str, first_date: date, start_time: time, duration_minutes: int, **fields) -> Rule:
    return Rule(
        kind=kind,
        first_date=first_date,
        start_time=_clean_time(start_time),
        duration_minutes=duration_minutes,
        time_zone=house.time_zone,
        interval=fields.get("interval") or 1,
        weekdays=tuple(fields.get("weekdays") or (first_date.weekday(),)),
        month_week=fields.get("month_week"),
        dates=tuple(fields.get("dates") or ()),
        until_date=fields.get("until_date"),
        count=fields.get("count"),
    )


def _validate_request(*, house: House, room: Room, title: str, organisation) -> None:
    errors: dict[str, list[str]] = {}
    if room.house_id != house.pk:
        errors["room"] = [_("This room does not belong to this house.")]
    elif not room.is_bookable:
        errors["room"] = [_("This room cannot be booked. Choose another room.")]
    if not (title or "").strip():
        errors["title"] = [_("Say what the booking is for.")]
    if errors:
        raise ValidationError(errors)


def occurrence_for(series: BookingSeries, day: date, start: datetime, end: datetime, status: str) -> Occurrence:
    b_start, b_end = blocked(start, end, series.setup_minutes, series.cleanup_minutes)
    return Occurrence(
        series=series,
        room_id=series.room_id,
        house_id=series.house_id,
        organisation_id=series.organisation_id,
        slot_date=day,
        original_start=start,
        start=start,
        end=end,
        blocked_start=b_start,
        blocked_end=b_end,
        local_date=start.astimezone(ZoneInfo(series.time_zone)).date(),
        status=status,
        expires_at=_expiry(series) if status == S.PROVISIONAL else None,
    )


def _expiry(series: BookingSeries) -> datetime | None:
    if series.provisional_until is None:
        return None
    tz = ZoneInfo(series.time_zone)
    return datetime.combine(series.provisional_until + timedelta(days=1), time(0, 0), tzinfo=tz)


def refresh_series_status(series: BookingSeries) -> None:
    """The series status sums up its dates: the most pending occupying state, else why none occupies."""
    statuses = set(series.occurrences.values_list("status", flat=True))
    for candidate in (S.REQUESTED, S.PROVISIONAL, S.CONFIRMED, S.DECLINED, S.EXPIRED, S.CANCELLED):
        if candidate in statuses:
            if series.status != candidate:
                series.status = candidate
                BookingSeries.objects.filter(pk=series.pk).update(status=candidate, updated_at=timezone.now())
            return


def store_rule(series: BookingSeries) -> Rule:
    rule = Rule.from_series(series)
    series.rrule = rrule_text(rule)
    return rule


@transaction.atomic
def create_series(
    *,
    actor,
    house: House,
    room: Room,
    title: str,
    kind: str = BookingSeries.Kind.ONE_OFF,
    first_date: date,
    start_time: time,
    duration_minutes: int,
    booker=None,
    option: bool = False,
    free_only: bool = False,
    drop: list[date] | tuple = (),
    allow_past: bool = False,
    status: str | None = None,
    import_uid: str = "",
    **fields,
) -> BookingSeries:
    """Book a series. Refuses (nothing saved) when a kept date is not free, unless ``free_only``."""
    unknown = set(fields) - SERIES_FIELDS
    if unknown:
        raise TypeError(f"Unknown series fields: {sorted(unknown)}")
    organisation = fields.get("organisation")
    _validate_request(house=house, room=room, title=title, organisation=organisation)
    setup = fields.pop("setup_minutes", None)
    cleanup = fields.pop("cleanup_minutes", None)
    setup = room.setup_minutes if setup is None else setup
    cleanup = room.cleanup_minutes if cleanup is None else cleanup
    if option and not fields.get("provisional_until"):
        fields["provisional_until"] = timezone.localdate() + timedelta(days=14)
    rule = build_rule(
        house=house, kind=kind, first_date=first_date, start_time=start_time, duration_minutes=duration_minutes,
        **fields,
    )  # fmt: skip
    validate_rule(rule)
    checks = check_dates(
        house=house,
        room=room,
        rule=rule,
        setup_minutes=setup,
        cleanup_minutes=cleanup,
        skip_public_holidays=fields.get("skip_public_holidays", False),
        skip_school_holidays=fields.get("skip_school_holidays", False),
        skip_closures=fields.get("skip_closures", True),
        viewer=actor,
        allow_past=allow_past,
    )
    dropped = set(drop)
    skip_closures = fields.get("skip_closures", True)
    blocking = [
        c
        for c in checks
        if c.slot_date not in dropped and (c.state in (CONFLICT, PAST) or (c.state == CLOSED and not skip_closures))
    ]
    if blocking and not free_only:
        if len(checks) == 1:
            message = _("%(room)s cannot be booked on %(date)s. %(reason)s Choose another time or room.") % {
                "room": room.name,
                "date": blocking[0].day_words,
                "reason": blocking[0].reason(),
            }
        else:
            message = _(
                "Not every date can be booked in %(room)s. %(lines)s Book only the free dates, or choose another time."
            ) % {"room": room.name, "lines": " ".join(f"{c.day_words}: {c.reason()}" for c in blocking[:10])}
        raise conflicts.SlotTaken(message, taken=blocking)
    if all(c.skip or c.slot_date in dropped for c in checks):
        raise ValidationError(_("None of the dates can be booked. Choose another date, time or room."))
    initial = status or initial_status(actor=actor, house=house, organisation=organisation, option=option)
    series = BookingSeries(
        house=house, room=room, title=title.strip(), kind=kind, first_date=first_date, start_time=rule.start_time,
        duration_minutes=duration_minutes, time_zone=house.time_zone, booker=booker or actor, created_by=actor,
        status=initial, setup_minutes=setup, cleanup_minutes=cleanup, import_uid=import_uid,
        **{k: v for k, v in fields.items() if k in SERIES_FIELDS},
    )  # fmt: skip
    series.weekdays = list(rule.weekdays) if kind in (BookingSeries.Kind.WEEKLY, BookingSeries.Kind.MONTHLY) else []
    series.dates = [d.isoformat() for d in sorted(set(rule.dates))] if kind == BookingSeries.Kind.DATES else []
    store_rule(series)
    series.full_clean(exclude=["booker", "created_by"])
    series.save()
    occurrences, exceptions = [], []
    for check in checks:
        skipped = check.skip or check.slot_date in dropped
        occurrence = occurrence_for(
            series, check.slot_date, check.start, check.end, S.CANCELLED if skipped else initial
        )
        if skipped:
            reason = check.reason() if check.skip else _("Left out when booking.")
            occurrence.is_exception = True
            occurrence.status_reason = reason
            exceptions.append(
                SeriesException(series=series, slot_date=check.slot_date, kind="skipped", reason=reason[:255],
                                created_by=actor)
            )  # fmt: skip
        occurrences.append(occurrence)
    occurrences = Occurrence.objects.bulk_create(occurrences)
    SeriesException.objects.bulk_create(exceptions)
    conflicts.claim(occurrences)
    refresh_series_status(series)
    log_action(
        actor, "bookings.series.created", series, house_id=house.pk,
        organisation_id=series.organisation_id,
        data={"room": room.pk, "rule": series.rrule, "status": series.status,
              "dates": sum(1 for o in occurrences if o.status in OCCUPYING), "skipped": len(exceptions)},
    )  # fmt: skip
    from buurtkracht.bookings.services import mail

    mail.after_request(series)
    send_after_commit(occurrences_confirmed, [o.pk for o in occurrences if o.status == S.CONFIRMED], actor=actor)
    return series


@transaction.atomic
def update_series_details(series: BookingSeries, *, actor, **changes) -> BookingSeries:
    """Change what does not move dates: title, notes, renter details."""
    allowed = {"title", "description", "renter_name", "renter_email", "renter_phone"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for key, value in changes.items():
        setattr(series, key, value)
    if not series.title.strip():
        raise ValidationError({"title": [_("Say what the booking is for.")]})
    series.sequence += 1
    series.full_clean(exclude=["booker", "created_by"])
    series.save()
    log_action(actor, "bookings.series.changed", series, house_id=series.house_id,
               organisation_id=series.organisation_id, data={"changed": sorted(changes)})  # fmt: skip
    return series
