"""Importing an .ics file into a room: preview with conflicts, idempotent booking, clear refusals."""

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from buurtkracht.bookings.models import BookingSeries, Occurrence
from buurtkracht.bookings.services import ics_import
from buurtkracht.bookings.tests.factories import book, future_monday

pytestmark = pytest.mark.django_db


def ics(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Club//Seizoen//NL\r\n" + "".join(events)
            + "END:VCALENDAR\r\n").encode()  # fmt: skip


def event(uid: str, day, start="200000", end="220000", extra="", summary="Biljartclub") -> str:
    stamp = day.strftime("%Y%m%d")
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{summary}\r\nDTSTART;TZID=Europe/Amsterdam:{stamp}T{start}\r\n"
            f"DTEND;TZID=Europe/Amsterdam:{stamp}T{end}\r\n{extra}END:VEVENT\r\n")  # fmt: skip


def test_preview_shows_conflicts_and_import_books_only_free_dates(cast):
    monday = future_monday()
    book(cast.room_a, first_date=monday + timedelta(days=7), start=time(20), title="Vergadering")
    data = ics(event("club-1", monday, extra="RRULE:FREQ=WEEKLY;COUNT=4\r\n"))
    preview = ics_import.preview(data=data, room=cast.room_a, viewer=cast.manager_a)
    [group] = preview.groups
    assert group.free_count == 3 and [c.state for c in group.taken] == ["conflict"]
    assert BookingSeries.objects.count() == 1  # the preview books nothing
    [series] = ics_import.import_file(data=data, room=cast.room_a, actor=cast.manager_a)
    assert series.occurrences.filter(status="confirmed").count() == 3
    assert series.exceptions.get().kind == "skipped"
    assert ics_import.import_file(data=data, room=cast.room_a, actor=cast.manager_a) == []


def test_moved_and_cancelled_instances_in_the_file_are_honoured(cast):
    monday = future_monday()
    moved_day = monday + timedelta(days=7)
    data = ics(
        event("club-2", monday, extra=f"RRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE;TZID=Europe/Amsterdam:"
              f"{(monday + timedelta(days=14)).strftime('%Y%m%d')}T200000\r\n"),
        event("club-2", moved_day, start="100000", end="120000",
              extra=f"RECURRENCE-ID;TZID=Europe/Amsterdam:{moved_day.strftime('%Y%m%d')}T200000\r\n"),
    )  # fmt: skip
    created = ics_import.import_file(data=data, room=cast.room_a, actor=cast.manager_a)
    tz = ZoneInfo("Europe/Amsterdam")
    found = {(o.start.astimezone(tz).date(), o.start.astimezone(tz).hour) for o in
             Occurrence.objects.filter(series__in=created, status="confirmed")}  # fmt: skip
    assert found == {(monday, 20), (moved_day, 10)}


def test_an_endless_rule_is_cut_at_the_window_with_a_note(cast):
    data = ics(event("club-3", future_monday(), extra="RRULE:FREQ=WEEKLY\r\n"))
    preview = ics_import.preview(data=data, room=cast.room_a, viewer=cast.manager_a,
                                 until=future_monday() + timedelta(days=60))  # fmt: skip
    assert preview.notes and "zonder einde" in preview.notes[0]
    assert 8 <= len(preview.groups[0].checks) <= 10


@pytest.mark.parametrize(
    "data",
    [b"this is not a calendar", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n", b"", b"\xff\xfe\x00"],
)
def test_a_malformed_file_gets_a_clear_message_and_saves_nothing(cast, data):
    with pytest.raises(ValidationError) as info:
        ics_import.import_file(data=data, room=cast.room_a, actor=cast.manager_a)
    assert "agendabestand" in " ".join(info.value.messages)
    assert not BookingSeries.objects.exists()
