"""Review of charging at confirmation (H8): the number of queries for a long series stays bounded, and what a
late cancellation cost stays when the renter changes the pattern afterwards."""

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtkracht.billing.models import ChargeLine
from buurtkracht.billing.services.charges import charge_occurrences
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
