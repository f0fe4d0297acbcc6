"""Review of charging at confirmation (H8): the number of queries for a long series stays bounded, and what a
late cancellation cost stays when the renter changes the pattern afterwards."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buurtkracht.billing.models import ChargeLine
from buurtkracht.billing.services.charges import cancel_charges, charge_occurrences
from buurtkracht.bookings.services import exceptions
from buurtkracht.bookings.tests.factories import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def active(series, code="rent"):
    return list(ChargeLine.objects.filter(series=series, code=code, status="active"))


@pytest.mark.parametrize("weeks", [4, 40])
def test_charging_a_long_series_costs_a_bounded_number_of_queries(billed, weeks, django_assert_max_num_queries):
    first = in_days(10)
    series = book(billed.room_a, actor=billed.manager_a, first_date=first, kind="weekly",
                  weekdays=[first.weekday()], count=weeks, organisation=billed.organisation_a)  # fmt: skip
    ids = list(series.occurrences.values_list("pk", flat=True))
    assert ChargeLine.objects.filter(series=series).count() == 0  # no event ran: nothing charged yet
    with django_assert_max_num_queries(40):
        assert charge_occurrences(ids, actor=billed.manager_a) == weeks
    assert len(active(series)) == weeks
    with django_assert_max_num_queries(12):  # the second time finds everything charged
        assert charge_occurrences(ids, actor=billed.manager_a) == 0


def test_a_late_cancellation_fee_stays_when_the_pattern_no_longer_has_the_date(billed, after_commit):
    first = in_days(3)
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=first, kind="weekly",
                      weekdays=[first.weekday()], count=3, organisation=billed.organisation_a)  # fmt: skip
    assert len(active(series)) == 3
    with after_commit():
        exceptions.cancel_date(series.occurrences.order_by("start").first(), actor=billed.contact, reason="Ziek")
    [fee] = active(series, code="cancellation")
    assert fee.amount > 0
    # The renter moves the whole series to the next day: the cancelled date is no longer produced and goes.
    with after_commit():
        exceptions.reschedule(series, actor=billed.manager_a, weekdays=[(first.weekday() + 1) % 7],
                              first_date=first + timedelta(days=1))  # fmt: skip
    assert active(series, code="cancellation") == [fee]  # the fee was due at cancelling; a later edit keeps it
    assert len(active(series)) == 3  # the three new dates


def _queries(run):
    with CaptureQueriesContext(connection) as captured:
        result = run()
    return result, len(captured)


def _charged_series(billed, weeks):
    first = in_days(10)
    series = book(billed.room_a, actor=billed.manager_a, first_date=first, kind="weekly",
                  weekdays=[first.weekday()], count=weeks, organisation=billed.organisation_a)  # fmt: skip
    ids = list(series.occurrences.values_list("pk", flat=True))
    charge_occurrences(ids, actor=billed.manager_a)
    return series, ids


def test_pricing_moved_dates_again_and_cancelling_them_cost_one_audit_row_per_date_and_no_more(billed):
    """Besides the audit sentence each date gets, repricing a moved series and cancelling it read and write in a
    fixed number of statements (the house's cancellation rule and each line's series were read per date)."""
    costs = {}
    for weeks in (4, 40):
        series, ids = _charged_series(billed, weeks)
        exceptions.reschedule(series, actor=billed.manager_a, start_time=time(18, 0))  # every date moves
        repriced, reprice_cost = _queries(lambda ids=ids: charge_occurrences(ids, actor=billed.manager_a))
        exceptions.cancel_series(series, actor=billed.manager_a)
        cancelled, cancel_cost = _queries(lambda ids=ids: cancel_charges(ids, actor=billed.manager_a))
        assert repriced == cancelled == weeks
        assert len(active(series)) == 0
        costs[weeks] = (reprice_cost, cancel_cost)
    more = 40 - 4
    years = 4  # forty weeks may reach into another year: its free-hour row is read and locked once
    assert costs[40][0] - costs[4][0] <= more + years, costs  # one audit row per moved date
    assert costs[40][1] - costs[4][1] <= more + years, costs  # one audit row per cancelled date


def test_invoicing_one_booking_applies_a_cancellation_whose_event_was_lost(billed, after_commit):
    """The invoice run catches up lost cancellations; invoicing one booking must too, or it bills a cancelled date."""
    from buurtkracht.billing.services.invoices import invoice_series

    first = in_days(30)
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=first, kind="weekly",
                      weekdays=[first.weekday()], count=2, organisation=billed.organisation_a)  # fmt: skip
    assert len(active(series)) == 2
    cancelled = series.occurrences.order_by("start").first()
    exceptions.cancel_date(cancelled, actor=billed.manager_a)  # its event never reaches billing
    assert len(active(series)) == 2
    invoice = invoice_series(series, actor=billed.manager_a)
    assert [line.charge.occurrence_id for line in invoice.lines.select_related("charge")] == [
        series.occurrences.exclude(pk=cancelled.pk).get().pk
    ]
    assert [c.occurrence_id for c in active(series)] == [series.occurrences.exclude(pk=cancelled.pk).get().pk]
