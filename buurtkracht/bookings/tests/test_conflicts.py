"""No two occupying dates overlap in one physical space, divisible halls included; the database decides."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from buurtkracht.bookings.models import BookingSeries, Occurrence, SpaceClaim
from buurtkracht.bookings.services.conflicts import SlotTaken, unit_map
from buurtkracht.bookings.services.series import check_dates, create_series
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(cast):
    whole = RoomFactory(house=cast.house_a, name="Sporthal", capacity=200)
    west = RoomFactory(house=cast.house_a, name="Sporthal west", parent=whole, capacity=100)
    east = RoomFactory(house=cast.house_a, name="Sporthal oost", parent=whole, capacity=100)
    return whole, west, east


def test_overlapping_bookings_of_one_room_are_refused_with_a_message(cast):
    book(cast.room_a)
    with pytest.raises(SlotTaken) as info:
        book(cast.room_a, start=time(20, 0), title="Tweede")
    assert "Grote zaal" in info.value.messages[0]
    assert BookingSeries.objects.count() == 1 and Occurrence.objects.count() == 1


def test_touching_bookings_both_fit_without_buffers(cast):
    book(cast.room_a, start=time(10, 0), minutes=120)
    book(cast.room_a, start=time(12, 0), minutes=120, title="Middag")
    assert SpaceClaim.objects.count() == 2


def test_buffers_keep_bookings_apart(cast):
    book(cast.room_a, start=time(10, 0), minutes=120, cleanup_minutes=30)
    with pytest.raises(SlotTaken):
        book(cast.room_a, start=time(12, 0), minutes=60, title="Middag")
    book(cast.room_a, start=time(12, 30), minutes=60, title="Later")


def test_the_whole_hall_blocks_its_halves_and_a_half_blocks_the_whole(hall):
    whole, west, east = hall
    assert unit_map([whole.pk, west.pk])[whole.pk] == sorted([west.pk, east.pk])
    book(whole, start=time(9, 0))
    for part in (west, east):
        with pytest.raises(SlotTaken):
            book(part, start=time(10, 0), title="Half")
    day = future_monday() + timedelta(days=1)
    book(west, first_date=day, title="West")
    book(east, first_date=day, title="Oost")  # the two halves do not share floor
    with pytest.raises(SlotTaken):
        book(whole, first_date=day, start=time(20, 0), title="Alles")


def test_the_database_refuses_a_claim_that_skips_the_check(hall):
    whole, west, _east = hall
    occurrence = book(whole).occurrences.get()
    other = book(west, start=time(8, 0), minutes=30, title="Vroeg").occurrences.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SpaceClaim.objects.create(
            occurrence=other, unit=west, blocked_start=occurrence.blocked_start, blocked_end=occurrence.blocked_end
        )


def test_dividing_a_booked_hall_claims_the_new_part(cast):
    whole = RoomFactory(house=cast.house_a, name="Zaal", capacity=80)
    occurrence = book(whole).occurrences.get()
    assert list(occurrence.claims.values_list("unit_id", flat=True)) == [whole.pk]
    half = RoomFactory(house=cast.house_a, name="Zaal half", parent=whole, capacity=40)
    assert list(occurrence.claims.values_list("unit_id", flat=True)) == [half.pk]
    with pytest.raises(SlotTaken):
        book(half, start=time(20, 0), title="Half")


def test_per_date_check_names_conflicts_only_to_who_may_see_them(cast):
    book(cast.room_a, title="Taalcafé", kind="weekly", weekdays=[0], count=4)
    rule_kwargs = {"house": cast.house_a, "room": cast.room_a}
    from buurtkracht.bookings.services.series import build_rule

    rule = build_rule(kind="weekly", first_date=future_monday(), start_time=time(20), duration_minutes=60,
                      weekdays=[0], count=6, **{"house": cast.house_a})  # fmt: skip
    for_manager = check_dates(rule=rule, viewer=cast.manager_a, **rule_kwargs)
    for_stranger = check_dates(rule=rule, viewer=cast.stranger, **rule_kwargs)
    assert [c.state for c in for_manager] == ["conflict"] * 4 + ["free"] * 2
    assert for_manager[0].conflicts == ["Taalcafé"]
    assert for_stranger[0].conflicts == ["bezet"]


def test_free_only_books_the_free_dates_and_records_the_rest(cast):
    first = future_monday()
    book(cast.room_a, first_date=first + timedelta(days=7), title="Ander")
    series = create_series(actor=cast.manager_a, house=cast.house_a, room=cast.room_a, title="Koor", kind="weekly",
                           weekdays=[0], first_date=first, count=3, start_time=time(19), duration_minutes=120,
                           free_only=True)  # fmt: skip
    statuses = list(series.occurrences.order_by("slot_date").values_list("status", flat=True))
    assert statuses == ["confirmed", "cancelled", "confirmed"]
    assert series.exceptions.get().kind == "skipped"


def test_without_free_only_a_conflict_saves_nothing(cast):
    first = future_monday()
    book(cast.room_a, first_date=first + timedelta(days=7), title="Ander")
    with pytest.raises(SlotTaken) as info:
        create_series(actor=cast.manager_a, house=cast.house_a, room=cast.room_a, title="Koor", kind="weekly",
                      weekdays=[0], first_date=first, count=3, start_time=time(19), duration_minutes=120)  # fmt: skip
    assert "vrije datums" in info.value.messages[0] or "free dates" in info.value.messages[0]
    assert BookingSeries.objects.count() == 1


def test_a_room_of_another_house_or_a_past_date_is_refused(cast):
    with pytest.raises(ValidationError) as info:
        create_series(actor=cast.manager_a, house=cast.house_a, room=cast.room_b, title="X",
                      first_date=future_monday(), start_time=time(10), duration_minutes=60)  # fmt: skip
    assert "room" in info.value.message_dict
    with pytest.raises(ValidationError):
        book(cast.room_a, first_date=future_monday() - timedelta(days=60))
    assert not BookingSeries.objects.exists()


def test_requests_and_options_hold_the_room_too(cast):
    book(cast.room_a, status=None, actor=cast.contact, organisation=cast.organisation_a)
    with pytest.raises(SlotTaken):
        book(cast.room_a, title="Na")
    declined = BookingSeries.objects.get()
    assert declined.status == "requested"
