"""The contract with bookings: when bookings sends ``occurrences_confirmed`` / ``occurrences_cancelled`` from
``buurtkracht.bookings.events``, billing charges and applies the cancellation rule at once. Here a stand-in
module plays the part of the bookings events module the lead is asked to add."""

import sys
import types
from datetime import UTC, date, datetime

import pytest
from django.dispatch import Signal

from buurtkracht.billing import receivers
from buurtkracht.billing.models import ChargeLine
from buurtkracht.billing.tests.factories import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(monkeypatch):
    module = types.ModuleType("buurtkracht.bookings.events")
    module.occurrences_confirmed = Signal()
    module.occurrences_cancelled = Signal()
    monkeypatch.setitem(sys.modules, "buurtkracht.bookings.events", module)
    assert receivers.connect() is True
    return module


def test_confirmed_dates_are_charged_at_once_and_cancelled_ones_follow_the_rule(billed, events):
    from buurtkracht.bookings.models import Occurrence

    series = book(billed.room_a, date(2026, 3, 2), kind="weekly", count=2, organisation=billed.organisation_a)
    ids = list(series.occurrences.values_list("pk", flat=True))
    events.occurrences_confirmed.send(sender=Occurrence, occurrence_ids=ids, actor=None)
    assert ChargeLine.objects.filter(code="rent", status="active").count() == 2
    Occurrence.objects.filter(pk=ids[0]).update(status="cancelled", updated_at=datetime(2026, 1, 1, tzinfo=UTC))
    events.occurrences_cancelled.send(sender=Occurrence, occurrence_ids=[ids[0]], actor=None)
    assert ChargeLine.objects.filter(code="rent", status="active").count() == 1
    assert not ChargeLine.objects.filter(code="cancellation").exists()  # cancelled in time: free


def test_a_failure_in_billing_never_breaks_the_booking(billed, events, caplog, monkeypatch):
    from buurtkracht.billing.services import charges

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(charges, "charge_occurrences", broken)
    events.occurrences_confirmed.send(sender=None, occurrence_ids=[1], actor=None)
    assert "Charging confirmed dates" in caplog.text
