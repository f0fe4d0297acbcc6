"""Importing an .ics file of existing bookings into one room: a preview first, then the booking.

``icalendar`` parses, ``recurring-ical-events`` expands (so RRULE, RDATE, EXDATE and RECURRENCE-ID in the
file are honoured). Floating times count as house time; all-day events and dates in the past are left
out; a rule without an end is cut at the end of the import window (a year ahead by default) and the
preview says so. Each event (UID) becomes one series of chosen dates per distinct start time and
duration. Importing the same file again adds nothing: a UID already imported into the room is skipped.
A file that cannot be read gives a clear message and saves nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.bookings.models import MAX_OCCURRENCES, BookingSeries
from buurtkracht.bookings.recurrence import Rule
from buurtkracht.bookings.services.series import check_dates, create_series
from buurtkracht.core.audit import log_action

MAX_INSTANCES = 2000


@dataclass
class ImportGroup:
    uid: str
    import_uid: str
    title: str
    start_time: time
    duration_minutes: int
    checks: list = field(default_factory=list)
    already_imported: bool = False

    @property
    def free_count(self) -> int:
        return sum(1 for c in self.checks if c.bookable)

    @property
    def taken(self) -> list:
        return [c for c in self.checks if not c.bookable]


@dataclass
class ImportPreview:
    groups: list[ImportGroup]
    notes: list[str]

    @property
    def free_count(self) -> int:
        return sum(g.free_count for g in self.groups if not g.already_imported)


def _bad_file() -> ValidationError:
    return ValidationError({"file": [_("This file is not a calendar file we can read. Export an .ics file again.")]})


def parse(data: bytes) -> icalendar.Calendar:
    if len(data) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("This file is too large.")]})
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as error:  # icalendar raises ValueError, KeyError, IndexError… on broken input
        raise _bad_file() from error
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise _bad_file()
    if not calendar.walk("VEVENT"):
        raise ValidationError({"file": [_("This calendar file holds no events.")]})
    return calendar


def _local(value, tz: ZoneInfo) -> datetime | None:
    if not isinstance(value, datetime):
        return None  # an all-day event
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def preview(*, data: bytes, room, viewer, until: date | None = None) -> ImportPreview:
    house = room.house
    tz = ZoneInfo(house.time_zone)
    calendar = parse(data)
    today = timezone.localdate()
    until = until or today + timedelta(days=365)
    notes: list[str] = []
    try:
        instances = list(
            recurring_ical_events.of(calendar).between(datetime.combine(today, time(0)), until + timedelta(days=1))
        )
    except Exception as error:  # a broken RRULE or date value inside a readable file
        raise _bad_file() from error
    if len(instances) > MAX_INSTANCES:
        raise ValidationError({"file": [_("This file has too many dates. Import a shorter period.")]})
    for component in calendar.walk("VEVENT"):
        rule = component.get("rrule")
        if rule is not None and not rule.get("UNTIL") and not rule.get("COUNT"):
            notes.append(
                _("“%(title)s” repeats without end; we import the dates up to %(until)s.")
                % {"title": str(component.get("summary", "")), "until": until.isoformat()}
            )
    grouped: dict[tuple[str, time, int], list[date]] = defaultdict(list)
    titles: dict[str, str] = {}
    skipped_all_day = 0
    now = timezone.now()
    for event in instances:
        start = _local(event.get("dtstart").dt if event.get("dtstart") else None, tz)
        end_prop = event.get("dtend")
        end = _local(end_prop.dt, tz) if end_prop else None
        if start is None:
            skipped_all_day += 1
            continue
        if end is None:
            end = start + (event.get("duration").dt if event.get("duration") else timedelta(hours=1))
        if start <= now:
            continue
        if str(event.get("status", "")).upper() == "CANCELLED":
            continue
        uid = str(event.get("uid", "")) or f"no-uid-{start.isoformat()}"
        titles.setdefault(uid, str(event.get("summary", "")) or _("Imported booking"))
        naive_minutes = int((end.replace(tzinfo=None) - start.replace(tzinfo=None)).total_seconds() // 60)
        if naive_minutes < 1:
            continue
        grouped[(uid, start.time().replace(second=0, microsecond=0), naive_minutes)].append(start.date())
    if skipped_all_day:
        notes.append(_("%(count)s all-day events are left out.") % {"count": skipped_all_day})
    per_uid = Counter(key[0] for key in grouped)
    done = set(BookingSeries.objects.filter(room=room).exclude(import_uid="").values_list("import_uid", flat=True))
    groups = []
    for (uid, start_time, minutes), days in sorted(grouped.items(), key=lambda item: (min(item[1]), item[0][0])):
        import_uid = uid if per_uid[uid] == 1 else f"{uid}#{start_time:%H%M}-{minutes}"
        days = sorted(set(days))
        if len(days) > MAX_OCCURRENCES:
            raise ValidationError({"file": [_("This file has too many dates. Import a shorter period.")]})
        group = ImportGroup(uid, import_uid[:255], titles[uid][:150], start_time, minutes)
        group.already_imported = import_uid[:255] in done
        rule = Rule(kind=BookingSeries.Kind.DATES, first_date=days[0], start_time=start_time,
                    duration_minutes=minutes, time_zone=house.time_zone, dates=tuple(days))  # fmt: skip
        group.checks = check_dates(house=house, room=room, rule=rule, setup_minutes=room.setup_minutes,
                                   cleanup_minutes=room.cleanup_minutes, viewer=viewer)  # fmt: skip
        groups.append(group)
    return ImportPreview(groups=groups, notes=notes)


@transaction.atomic
def import_file(*, data: bytes, room, actor, organisation=None, until: date | None = None) -> list[BookingSeries]:
    """Book the free dates of every new event in the file (confirmed: staff import their own records)."""
    result = preview(data=data, room=room, viewer=actor, until=until)
    created = []
    for group in result.groups:
        if group.already_imported or not group.free_count:
            continue
        days = [c.slot_date for c in group.checks]
        created.append(
            create_series(
                actor=actor, house=room.house, room=room, title=group.title, kind=BookingSeries.Kind.DATES,
                first_date=days[0], dates=days, start_time=group.start_time, duration_minutes=group.duration_minutes,
                free_only=True, status=BookingSeries.Status.CONFIRMED, import_uid=group.import_uid,
                organisation=organisation,
            )
        )  # fmt: skip
    log_action(actor, "bookings.import.done", room, house_id=room.house_id, data={"series": [s.pk for s in created]})
    return created
