"""Quotes and charges: a quote equals the charge; prices follow the card valid on each date; tiers, free hours
running out mid-series, categories; charging is idempotent; cancellations follow the house rule."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from buurtkracht.billing.models import Allowance, ChargeLine, Deposit
from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.charges import cancel_charges, charge_occurrences, ensure_charges
from buurtkracht.billing.services.quotes import quote
from buurtkracht.billing.tests.factories import book
from buurtkracht.organisations.tests.factories import OrganisationFactory

D = Decimal
pytestmark = pytest.mark.django_db


def slots(series):
    return [(o.start, o.end) for o in series.occurrences.order_by("start")]


def rent(series):
    return list(ChargeLine.objects.filter(series=series, code="rent").order_by("local_date"))


def test_a_quote_for_a_series_equals_its_charges(billed):
    org = OrganisationFactory(network=billed.network_a, renter_category="non_profit")
    tariffs.set_series_terms  # noqa: B018 - extras are set after booking below
    series = book(billed.room_a, date(2026, 2, 2), kind="weekly", count=6, organisation=org)
    tariffs.set_series_terms(series, actor=None, extras=["kitchen"])
    offer = quote(house=billed.house_a, room=billed.room_a, slots=slots(series), organisation=org, extras=["kitchen"])
    charge_occurrences(series.occurrences.all())
    charged = ChargeLine.objects.filter(series=series)
    assert offer.total == sum(c.amount for c in charged) == D("6") * (D("32.00") + D("15.00"))
    assert offer.list_total == sum(c.list_amount for c in charged) == D("6") * (D("64.00") + D("15.00"))
    assert [d.price.rent.rule for d in offer.dates] == [c.rule for c in rent(series)]
    assert offer.vat_total == D("6") * D("3.15")


def test_prices_follow_the_rate_card_valid_on_each_date(billed):
    tariffs.new_version(billed.card_a, actor=None, valid_from=date(2026, 2, 16), hour_price=D("40.00"))
    series = book(billed.room_a, date(2026, 2, 2), kind="weekly", count=4, organisation=None)
    offer = quote(house=billed.house_a, room=billed.room_a, slots=slots(series))
    assert [d.price.total for d in offer.dates] == [D("64.00"), D("64.00"), D("80.00"), D("80.00")]
    charge_occurrences(series.occurrences.all())
    assert [c.amount for c in rent(series)] == [D("64.00"), D("64.00"), D("80.00"), D("80.00")]


def test_free_hours_run_out_in_the_middle_of_a_series(billed):
    # Resident initiatives get 5 free hours a year and 75 % off; each evening is 2 hours (list €64, pays €16).
    org = OrganisationFactory(network=billed.network_a, renter_category="resident_initiative")
    series = book(billed.room_a, date(2026, 3, 2), kind="weekly", count=4, organisation=org)
    offer = quote(house=billed.house_a, room=billed.room_a, slots=slots(series), organisation=org)
    assert [d.price.total for d in offer.dates] == [D("0.00"), D("0.00"), D("8.00"), D("16.00")]
    assert offer.free_hours_before == D("5") and offer.free_hours_used == D("5")
    charge_occurrences(series.occurrences.all())
    lines = rent(series)
    assert [c.free_hours for c in lines] == [D("2"), D("2"), D("1"), D("0")]
    assert [c.amount for c in lines] == [D("0.00"), D("0.00"), D("8.00"), D("16.00")]
    assert all(c.list_amount == D("64.00") for c in lines)
    allowance = Allowance.objects.get(organisation=org, house=billed.house_a, year=2026)
    assert allowance.used == D("5") and allowance.remaining == 0
    # The next booking of the year gets no free hours any more.
    later = book(billed.room_a, date(2026, 4, 1), organisation=org)
    assert quote(house=billed.house_a, room=billed.room_a, slots=slots(later), organisation=org).total == D("16.00")


def test_a_seasonal_series_with_more_than_the_tier_count_pays_the_tier_price(billed):
    tariffs.add_tier(billed.card_a, actor=None, more_than=5, discount_percent=D("10"))
    short = book(billed.room_a, date(2026, 3, 2), kind="weekly", count=5, start=time(10))
    long = book(billed.room_a, date(2026, 3, 3), kind="weekly", count=6, start=time(10))
    charge_occurrences(
        list(short.occurrences.values_list("pk", flat=True)) + list(long.occurrences.values_list("pk", flat=True))
    )
    assert {c.amount for c in rent(short)} == {D("64.00")}
    assert {c.amount for c in rent(long)} == {D("57.60")}
    assert all("meer dan 5" in c.tier for c in rent(long))


def test_each_category_pays_its_own_way(billed):
    expected = {"resident_initiative": D("16.00"), "non_profit": D("32.00"), "care_welfare": D("48.00"),
                "municipal": D("40.00"), "commercial": D("64.00")}  # fmt: skip
    for n, (category, amount) in enumerate(expected.items()):
        org = OrganisationFactory(network=billed.network_a, renter_category=category)
        Allowance.objects.create(organisation=org, house=billed.house_a, year=2026, hours=0)
        series = book(billed.room_a, date(2026, 5, 4) + timedelta(days=n), organisation=org)
        charge_occurrences(series.occurrences.all())
        line = rent(series)[0]
        assert (line.category, line.amount, line.list_amount) == (category, amount, D("64.00"))
    private = book(billed.room_a, date(2026, 5, 20))
    charge_occurrences(private.occurrences.all())
    assert rent(private)[0].category == "private"
    assert Deposit.objects.get(series=private).amount == D("150.00")


def test_a_booking_may_pay_another_category_with_a_reason(billed):
    series = book(billed.room_a, date(2026, 6, 1), organisation=billed.organisation_a)
    tariffs.set_series_terms(series, actor=billed.manager_a, category_override="commercial",
                             override_reason="Braderie met verkoop")  # fmt: skip
    charge_occurrences(series.occurrences.all())
    assert rent(series)[0].amount == D("64.00")


def test_charging_twice_changes_nothing_and_the_database_refuses_a_second_line(billed):
    series = book(billed.room_a, date(2026, 2, 2), kind="weekly", count=3)
    assert charge_occurrences(series.occurrences.all()) == 3
    assert charge_occurrences(series.occurrences.all()) == 0
    assert ensure_charges(house=billed.house_a, start=date(2026, 1, 1), end=date(2026, 12, 31)) == 0
    assert ChargeLine.objects.count() == 3
    line = ChargeLine.objects.first()
    line.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_dates_without_a_rate_card_are_not_charged_and_the_quote_says_so(billed):
    series = book(billed.room_a, date(2024, 12, 30))
    offer = quote(house=billed.house_a, room=billed.room_a, slots=slots(series))
    assert offer.unpriced and "geen tariefkaart" in offer.notes[-1]
    assert charge_occurrences(series.occurrences.all()) == 0


def test_an_early_cancellation_is_free_and_gives_free_hours_back(billed):
    org = OrganisationFactory(network=billed.network_a, renter_category="resident_initiative")
    series = book(billed.room_a, date(2026, 3, 2), organisation=org)
    charge_occurrences(series.occurrences.all())
    assert Allowance.objects.get(organisation=org).used == D("2")
    occurrence = series.occurrences.get()
    occurrence.status = "cancelled"
    occurrence.save()
    cancel_charges([occurrence.pk], when=datetime(2026, 2, 1, 12, tzinfo=UTC))
    assert set(ChargeLine.objects.values_list("status", flat=True)) == {"void"}
    assert Allowance.objects.get(organisation=org).used == 0


def test_a_late_cancellation_costs_the_house_share(billed):
    series = book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    charge_occurrences(series.occurrences.all())
    occurrence = series.occurrences.get()
    occurrence.status = "cancelled"
    occurrence.save()
    cancel_charges([occurrence.pk], when=datetime(2026, 2, 27, 12, tzinfo=UTC))
    fee = ChargeLine.objects.get(code="cancellation")
    assert fee.amount == D("16.00")  # 50 % of €32 (association price)
    assert fee.status == "active" and "3 dagen vooraf" in fee.rule
    assert ChargeLine.objects.get(code="rent").status == "void"


def test_charges_are_made_when_the_date_is_in_the_future_too(billed):
    day = timezone.localdate() + timedelta(days=30)
    series = book(billed.room_a, day)
    assert charge_occurrences(series.occurrences.all()) == 1
