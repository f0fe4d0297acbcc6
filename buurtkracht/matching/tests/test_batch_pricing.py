"""Billing's batch pricer gives what single quotes give, and matching shows billing's figure for the same dates."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from buurtkracht.billing.models import Allowance
from buurtkracht.billing.services.quotes import Pricer, quote, slots_on
from buurtkracht.billing.tests.factories import CATEGORIES, hourly_card
from buurtkracht.houses.tests.factories import RoomFactory
from buurtkracht.matching.models import Initiative, SpaceNeed
from buurtkracht.matching.services.engine import Batch, first_slot_date, match_need

pytestmark = pytest.mark.django_db
D = Decimal


def _two_cards(house):
    """€32/h up to 31 January 2027, then €40/h; resident initiatives −75 % with 5 free hours a year."""
    hourly_card(house, valid_from=date(2025, 1, 1), valid_until=date(2027, 1, 31), extras=False)
    hourly_card(house, name="Tarieven 2027", valid_from=date(2027, 2, 1), price=D("40.00"), extras=False)


def _weekly(house, first: date, weeks: int, start=time(19, 30), end=time(21, 30)):
    return slots_on(house, [first + timedelta(weeks=i) for i in range(weeks)], start, end)


def _same(a, b):
    assert a.total == b.total
    assert a.list_total == b.list_total
    assert a.free_hours_before == b.free_hours_before
    assert a.free_hours_used == b.free_hours_used
    assert a.category_label == b.category_label
    assert [(d.local_date, d.price and d.price.total, d.card and d.card.pk) for d in a.dates] == [
        (d.local_date, d.price and d.price.total, d.card and d.card.pk) for d in b.dates
    ]


def test_pricer_equals_single_quotes_across_a_card_change_and_free_hours_running_out(cast):
    _two_cards(cast.house_a)
    resident = cast.organisation_a
    resident.renter_category = "resident_initiative"
    resident.save()
    first = date(2026, 12, 1)  # 12 Tuesdays: 5 in 2026, 4 in January, 3 on the 2027 card
    pricer = Pricer(cast.house_a)
    for organisation, category in [(resident, None), (None, "resident_initiative"), (None, "commercial"),
                                   (resident, "non_profit"), (resident, None)]:  # fmt: skip
        slots = _weekly(cast.house_a, first, 12)
        single = quote(house=cast.house_a, room=cast.room_a, slots=slots, organisation=organisation, category=category)
        batch = pricer.quote(room=cast.room_a, slots=slots, organisation=organisation, category=category)
        _same(batch, single)
    # The free hours (5 a year at 2 h a session) run out in each year, and the new card's price shows.
    dates = {d.local_date: d for d in batch.dates}
    assert dates[date(2026, 12, 1)].price.total == 0
    assert dates[date(2026, 12, 15)].price.total == D("8.00")  # 1 free hour left of 2
    assert dates[date(2026, 12, 22)].price.total == D("16.00")
    assert dates[date(2027, 1, 5)].price.total == 0  # a new year, new free hours
    assert dates[date(2027, 2, 2)].price.total == D("20.00")  # €40/h − 75 %
    assert batch.free_hours_used == D("10")
    assert batch.total == quote(house=cast.house_a, room=cast.room_a, slots=slots, organisation=resident).total


def test_pricer_starts_every_quote_from_the_database_and_reads_cards_once(cast):
    _two_cards(cast.house_a)
    other = RoomFactory(house=cast.house_a, name="Kleine zaal")
    resident = cast.organisation_a
    resident.renter_category = "resident_initiative"
    resident.save()
    Allowance.objects.create(organisation=resident, house=cast.house_a, year=2026, hours=D("5"), used=D("4"))
    pricer = Pricer(cast.house_a)
    first = pricer.weekly(room=cast.room_a, first_date=date(2026, 12, 1), start_time=time(19, 30), minutes=120,
                          weeks=3, organisation=resident)  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        again = pricer.weekly(room=other, first_date=date(2026, 12, 1), start_time=time(19, 30), minutes=120,
                              weeks=3, organisation=resident)  # fmt: skip
    assert len(queries) == 0  # cards, season, names, uses and the allowance row were read by the first quote
    assert first.free_hours_used == again.free_hours_used == D("1")  # the second quote did not inherit the first's use
    assert first.total == again.total == D("8.00") + D("16.00") * 2
    _same(again, quote(house=cast.house_a, room=other, slots=_weekly(cast.house_a, date(2026, 12, 1), 3),
                       organisation=resident))  # fmt: skip


@pytest.fixture
def initiative(cast, place):
    cast.organisation_a.renter_category = "resident_initiative"
    cast.organisation_a.save()
    return Initiative.objects.create(
        name="Taalcafé", goal="Samen praten", area=place, network=cast.network_a, contact_name="Fatima",
        email="f@example.org", status="confirmed", organisation=cast.organisation_a, themes=["language"],
        target_groups=["seniors"], latitude=place.latitude, longitude=place.longitude,
    )  # fmt: skip


def _need(initiative, **extra):
    values = {"activity": "Taalcafé", "group_size": 12, "hours_per_week": D("2"), "weekdays": [1],
              "day_parts": ["evening"], "start_date": timezone.localdate() + timedelta(days=7), "weeks": 12,
              "budget": D("100"), "wished_facilities": ["kitchen"], "max_distance_km": 15}  # fmt: skip
    values.update(extra)
    return SpaceNeed.objects.create(initiative=initiative, **values)


def test_matching_shows_what_billing_quotes_for_the_requested_dates(cast, place, initiative):
    need = _need(initiative)
    best = next(c for c in match_need(need, Batch(cast.network_a.pk)) if c.room_id == cast.room_a.pk)
    first = first_slot_date(need.start_date, 1, timezone.localdate())
    end = (datetime.combine(first, best.start_time) + timedelta(minutes=best.duration_minutes)).time()
    billed = quote(
        house=cast.house_a, room=cast.room_a, organisation=cast.organisation_a,
        slots=_weekly(cast.house_a, first, 12, start=best.start_time, end=end),
    )  # fmt: skip
    assert best.inputs["cost"] == str(billed.total)
    assert billed.total < D("16.00") * 12  # €32/h − 75 % × 2 h, less the free hours
    assert best.inputs["sessions"] == 12 and best.inputs["unpriced"] == 0
    assert D(best.inputs["free_hours"]) == billed.free_hours_used >= D("5")
    assert D(best.inputs["per_session"]) == D("16.00")
    with translation.override("nl"):
        text = best.explanation
    cost = f"€{billed.total:.2f}".replace(".", ",").replace(",00", "")
    assert f"{cost} voor 12 keer met het tarief voor bewonersinitiatieven" in text
    hours = int(billed.free_hours_used)
    assert f"eerste {hours} uur gratis, daarna €16 per keer" in text


def test_only_the_shown_rooms_are_priced_and_prices_are_shared_in_a_batch(cast, place, initiative):
    for n in range(5):
        RoomFactory(house=cast.house_a, name=f"Zaal {n}", capacity=30)
    batch = Batch(cast.network_a.pk)
    shown = match_need(_need(initiative), batch, limit=2)
    assert len(shown) == 2
    assert len(batch.prices) == 2 and list(batch.pricers) == [cast.house_a.pk]
    match_need(_need(initiative), batch, limit=2)  # the same slot and dates: nothing priced again
    assert len(batch.prices) == 2


def test_a_room_without_a_card_for_some_dates_says_so(cast, place, initiative):
    from buurtkracht.billing.models import RateCard

    need = _need(initiative, weeks=12)
    first = first_slot_date(need.start_date, 1, timezone.localdate())
    RateCard.objects.all().delete()
    hourly_card(cast.house_a, valid_from=date(2025, 1, 1), valid_until=first + timedelta(weeks=4), extras=False,
                categories={**CATEGORIES, "resident_initiative": {"discount_percent": D("50")}})  # fmt: skip
    best = next(c for c in match_need(need, Batch(cast.network_a.pk)) if c.room_id == cast.room_a.pk)
    assert best.inputs["unpriced"] == 7 and best.inputs["cost"] == str(D("32.00") * 5)
    with translation.override("nl"):
        assert "voor 7 van de data nog geen tarief" in best.explanation


def test_a_batch_for_one_need_finds_what_the_network_batch_finds(cast, place, initiative):
    from buurtkracht.houses.models import Facility

    kitchen, _new = Facility.objects.get_or_create(code="kitchen", defaults={"name_nl": "Keuken", "name_en": "Kitchen"})
    small = RoomFactory(house=cast.house_a, name="Klein", capacity=6)
    equipped = RoomFactory(house=cast.house_a, name="Keukenzaal", capacity=25)
    equipped.facilities.add(kitchen)
    need = _need(initiative, facilities=["kitchen"])
    alone = Batch.for_need(need)
    assert alone.narrow["min_capacity"] == 12 and alone.narrow["facilities"] == ["kitchen"]
    found = match_need(need, alone)
    assert [(c.room_id, c.score) for c in found] == [
        (c.room_id, c.score) for c in match_need(need, Batch(cast.network_a.pk))
    ]
    assert [c.room_id for c in found] == [equipped.pk]
    assert small.pk not in {c.room_id for c in match_need(_need(initiative))}


def test_pricers_read_for_many_houses_at_once_equal_single_quotes(cast):
    _two_cards(cast.house_a)
    hourly_card(cast.house_b, valid_from=date(2025, 1, 1), price=D("28.00"), extras=False)
    resident = cast.organisation_a
    resident.renter_category = "resident_initiative"
    resident.save()
    Allowance.objects.create(organisation=resident, house=cast.house_a, year=2026, hours=D("5"), used=D("3"))
    with CaptureQueriesContext(connection) as queries:
        pricers = Pricer.for_houses([cast.house_a, cast.house_b], years=(2026, 2027))
    assert (
        len(queries) == 9
    )  # cards and their 3 kinds of terms, season starts, networks, names (2 networks), allowances
    for house, room in [(cast.house_a, cast.room_a), (cast.house_b, cast.room_b)]:
        for organisation in (resident, None):
            slots = _weekly(house, date(2026, 12, 1), 12)
            _same(
                pricers[house.pk].quote(
                    room=room, slots=slots, organisation=organisation, category="resident_initiative"
                ),
                quote(house=house, room=room, slots=slots, organisation=organisation, category="resident_initiative"),
            )
    assert pricers[cast.house_a.pk].quote(
        room=cast.room_a, slots=_weekly(cast.house_a, date(2026, 12, 1), 1), organisation=resident
    ).free_hours_before == D("2")


def test_the_price_leaves_out_the_taken_dates_as_the_booking_does(cast, place, initiative):
    from buurtkracht.bookings.models import OCCUPYING
    from buurtkracht.bookings.tests.factories import book
    from buurtkracht.matching.services import brokering

    need = _need(initiative)
    first = first_slot_date(need.start_date, 1, timezone.localdate())
    best = next(c for c in match_need(need) if c.room_id == cast.room_a.pk)
    for week in (0, 3, 6):
        book(cast.room_a, first_date=first + timedelta(weeks=week), start=time(19, 0), minutes=210)
    best = next(c for c in match_need(need) if c.room_id == cast.room_a.pk)
    assert best.inputs["free"] == 9 and best.inputs["sessions"] == 9
    proposal = brokering.propose(actor=cast.coordinator, need=need, room_id=cast.room_a.pk, weekday=1,
                                 day_part="evening", by_house=True)  # fmt: skip
    assert proposal.inputs["cost"] == best.inputs["cost"]
    proposal = brokering.answer(actor=None, proposal=proposal, side=brokering.INITIATIVE, decision="accepted")
    booked = list(proposal.series.occurrences.filter(status__in=OCCUPYING))
    assert len(booked) == 9
    billed = quote(house=cast.house_a, room=cast.room_a, organisation=cast.organisation_a,
                   slots=[(o.start, o.end) for o in booked])  # fmt: skip
    assert best.inputs["cost"] == str(billed.total)
    with translation.override("nl"):
        assert "voor 9 keer met het tarief voor bewonersinitiatieven" in best.explanation
