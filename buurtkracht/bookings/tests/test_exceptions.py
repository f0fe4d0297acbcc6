"""Per-date exceptions and series edits: the stored dates always equal the expansion of the stored rule
minus skipped and cancelled dates, with moves applied; claims exist exactly for occupying dates; the
local clock time stays put across daylight saving."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buurtkracht.bookings.models import OCCUPYING, BookingSeries, Occurrence, SpaceClaim
from buurtkracht.bookings.recurrence import Rule, expand
from buurtkracht.bookings.services import exceptions
from buurtkracht.bookings.services.conflicts import SlotTaken, unit_ids
from buurtkracht.bookings.services.series import create_series
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def spring_monday() -> date:
    """A Monday early next March: eight weekly dates from here cross the clocks going forward."""
    first = date(date.today().year + 1, 3, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def assert_matches_rule(series: BookingSeries) -> None:
    series.refresh_from_db()
    tz = ZoneInfo(series.time_zone)
    slots = expand(Rule.from_series(series))
    rows = {o.slot_date: o for o in series.occurrences.all()}
    found = {e.slot_date: e for e in series.exceptions.all()}
    assert set(rows) == {day for day, _s, _e in slots}
    for day, start, end in slots:
        row, exception = rows[day], found.get(day)
        assert row.original_start == start
        if exception is not None and exception.kind in ("skipped", "cancelled"):
            assert row.status == "cancelled" and row.is_exception
        elif exception is not None:
            assert (row.start, row.end, row.room_id, row.moved) == (exception.start, exception.end, exception.room_id,
                                                                    True)  # fmt: skip
        else:
            assert (row.start, row.end, row.room_id, row.moved) == (start, end, series.room_id, False)
            assert row.status != "cancelled"
            assert row.start.astimezone(tz).time() == series.start_time
        assert row.local_date == row.start.astimezone(tz).date()
        claims = list(SpaceClaim.objects.filter(occurrence=row))
        if row.status in OCCUPYING:
            assert sorted(c.unit_id for c in claims) == unit_ids(row.room)
            assert {(c.blocked_start, c.blocked_end) for c in claims} == {(row.blocked_start, row.blocked_end)}
        else:
            assert claims == []


def test_cancel_move_and_readd_one_date(cast):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=4)
    first, second, *_rest = series.occurrences.order_by("slot_date")
    exceptions.cancel_date(first, actor=cast.manager_a, reason="Ziek")
    moved = exceptions.move_date(second, actor=cast.manager_a, day=second.slot_date + timedelta(days=1),
                                 start_time=time(10), duration_minutes=90)  # fmt: skip
    assert moved.moved and moved.slot_date == second.slot_date
    assert_matches_rule(series)
    exceptions.readd_date(first, actor=cast.manager_a)
    assert_matches_rule(series)
    assert series.exceptions.count() == 1


def test_moving_onto_a_taken_time_is_refused_and_nothing_changes(cast):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=2)
    other = book(cast.room_a, first_date=future_monday() + timedelta(days=1), start=time(10), title="Yoga")
    first = series.occurrences.order_by("slot_date").first()
    with pytest.raises(SlotTaken):
        exceptions.move_date(first, actor=cast.manager_a, day=other.first_date, start_time=time(10, 30),
                             duration_minutes=60)  # fmt: skip
    first.refresh_from_db()
    assert not first.moved and first.claims.count() == 1
    assert_matches_rule(series)


def test_readding_a_date_someone_else_took_meanwhile_is_refused(cast):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=2)
    first = series.occurrences.order_by("slot_date").first()
    exceptions.cancel_date(first, actor=cast.manager_a)
    book(cast.room_a, first_date=first.slot_date, title="Vergadering")
    with pytest.raises(SlotTaken):
        exceptions.readd_date(first, actor=cast.manager_a)
    first.refresh_from_db()
    assert first.status == "cancelled"


def test_split_moves_later_dates_with_their_exceptions(cast):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=6)
    rows = list(series.occurrences.order_by("slot_date"))
    exceptions.cancel_date(rows[4], actor=cast.manager_a, reason="Vakantie")
    exceptions.move_date(rows[5], actor=cast.manager_a, day=rows[5].slot_date, start_time=time(9),
                         duration_minutes=60)  # fmt: skip
    new = exceptions.split_series(series, at=rows[3].slot_date, actor=cast.manager_a, start_time=time(20))
    assert new.split_from == series and new.start_time == time(20)
    assert series.occurrences.count() == 3 and new.occurrences.count() == 3
    assert {e.slot_date: e.kind for e in new.exceptions.all()} == {rows[4].slot_date: "cancelled",
                                                                     rows[5].slot_date: "moved"}  # fmt: skip
    assert_matches_rule(series)
    assert_matches_rule(new)
    assert "UNTIL=" in series.rrule


def test_a_changed_pattern_keeps_the_exceptions_of_dates_it_still_produces(cast):
    series = create_series(actor=cast.manager_a, house=cast.house_a, room=cast.room_a, title="Bridge",
                           kind="weekly", weekdays=[0], first_date=future_monday(), count=4, start_time=time(14),
                           duration_minutes=120)  # fmt: skip
    rows = list(series.occurrences.order_by("slot_date"))
    exceptions.cancel_date(rows[1], actor=cast.manager_a)
    exceptions.reschedule(series, actor=cast.manager_a, weekdays=[0, 2])
    assert series.occurrences.count() == 4  # count counts instances of the new rule
    assert series.occurrences.get(slot_date=rows[1].slot_date).status == "cancelled"
    assert_matches_rule(series)


def test_a_pattern_change_that_drops_a_moved_date_asks_first(cast):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=3)
    last = series.occurrences.order_by("slot_date").last()
    exceptions.move_date(last, actor=cast.manager_a, day=last.slot_date, start_time=time(8), duration_minutes=60)
    with pytest.raises(ValidationError, match="verplaatst|moved"):
        exceptions.reschedule(series, actor=cast.manager_a, count=2)
    assert series.occurrences.count() == 3


def test_a_started_series_changes_only_by_splitting(cast):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=6, first_date=future_monday(-1), allow_past=True)
    with pytest.raises(ValidationError, match="begonnen|started"):
        exceptions.reschedule(series, actor=cast.manager_a, start_time=time(9))
    later = exceptions.split_series(series, at=future_monday(1), actor=cast.manager_a, start_time=time(9))
    assert later.occurrences.count() == 4 and series.occurrences.count() == 2
    assert_matches_rule(series)
    assert_matches_rule(later)


def test_moving_to_another_room_of_a_divided_hall_claims_its_parts(cast):
    whole = RoomFactory(house=cast.house_a, name="Zaal")
    west = RoomFactory(house=cast.house_a, name="Zaal west", parent=whole)
    series = book(west, kind="weekly", weekdays=[0], count=2)
    first = series.occurrences.order_by("slot_date").first()
    exceptions.move_date(first, actor=cast.manager_a, day=first.slot_date, start_time=time(19, 30),
                         duration_minutes=120, room=whole)  # fmt: skip
    assert sorted(first.claims.values_list("unit_id", flat=True)) == [west.pk]
    assert_matches_rule(series)


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("cancel"), st.integers(0, 7)),
        st.tuples(st.just("readd"), st.integers(0, 7)),
        st.tuples(st.just("move"), st.integers(0, 7), st.integers(0, 2), st.sampled_from([9, 13, 21])),
        st.tuples(st.just("split"), st.integers(1, 7), st.sampled_from([18, 20])),
        st.tuples(st.just("weekdays"), st.sets(st.integers(0, 4), min_size=1, max_size=2)),
    ),
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(zone=st.sampled_from(["Europe/Amsterdam", "Europe/Brussels"]), ops=OPS)
def test_dates_always_equal_rule_minus_exceptions_plus_moves(cast, zone, ops):
    BookingSeries.objects.all().delete()
    cast.house_a.time_zone = zone
    cast.house_a.save(update_fields=["time_zone"])
    root = create_series(actor=cast.manager_a, house=cast.house_a, room=cast.room_a, title="Koor", kind="weekly",
                         weekdays=[0], first_date=spring_monday(), count=8, start_time=time(19, 30),
                         duration_minutes=120)  # fmt: skip
    for op in ops:
        every = list(Occurrence.objects.order_by("slot_date", "pk"))
        pick = every[op[1] % len(every)] if op[0] != "weekdays" else None
        try:
            if op[0] == "cancel":
                exceptions.cancel_date(pick, actor=cast.manager_a)
            elif op[0] == "readd":
                exceptions.readd_date(pick, actor=cast.manager_a)
            elif op[0] == "move":
                exceptions.move_date(pick, actor=cast.manager_a, day=pick.slot_date + timedelta(days=op[2]),
                                     start_time=time(op[3]), duration_minutes=60)  # fmt: skip
            elif op[0] == "split":
                exceptions.split_series(pick.series, at=pick.slot_date, actor=cast.manager_a, start_time=time(op[2]))
            else:
                exceptions.reschedule(BookingSeries.objects.order_by("-pk").first(), actor=cast.manager_a,
                                      weekdays=sorted(op[1]))  # fmt: skip
        except ValidationError:
            pass  # refused edits (a conflict, a cancelled date cancelled again…) must leave everything as it was
        for series in BookingSeries.objects.all():
            assert_matches_rule(series)
    tz = ZoneInfo(zone)
    for row in Occurrence.objects.filter(moved=False, status__in=OCCUPYING).select_related("series"):
        assert row.start.astimezone(tz).time() == row.series.start_time
    assert BookingSeries.objects.filter(pk=root.pk).exists()
