"""Charges are made when a date is confirmed (issue #4): through the real bookings services and the events they
send after commit. The price is the quote of the rate card in force at confirmation and stays so when the tariff
changes before the invoice run; cancelling, moving, re-planning and splitting follow (billing.md §8); a rolled-back
change charges nothing and a failing charge never undoes the booking (the invoice run catches up)."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from buurtkracht.billing.models import ChargeLine, HouseBillingProfile, Invoice, InvoiceLine
from buurtkracht.billing.money import percent_of
from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.invoices import invoice_series, run_invoices
from buurtkracht.billing.services.quotes import quote
from buurtkracht.billing.tests.factories import CATEGORIES
from buurtkracht.bookings.services import approval, exceptions
from buurtkracht.bookings.services.series import create_series
from buurtkracht.bookings.tests.factories import book, future_monday

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """``with after_commit():`` runs what the block left for after its commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def slots(series):
    return [(o.start, o.end) for o in series.occurrences.order_by("start")]


def active(series=None, code="rent", **filters):
    rows = ChargeLine.objects.filter(status="active", code=code, **filters)
    rows = rows.filter(series=series) if series is not None else rows
    return list(rows.order_by("local_date", "start"))


def request_by_contact(cast, first: date, count: int = 2):
    return create_series(actor=cast.contact, house=cast.house_a, room=cast.room_a, title="Koor", kind="weekly",
                         weekdays=[first.weekday()], count=count, first_date=first, start_time=time(19, 30),
                         duration_minutes=120, organisation=cast.organisation_a)  # fmt: skip


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_approval_freezes_the_quoted_price_and_a_later_tariff_change_leaves_it(billed, after_commit):
    first = future_monday(3) + timedelta(days=1)
    with after_commit():
        series = request_by_contact(billed, first)
    assert ChargeLine.objects.count() == 0  # a request is not charged
    offer = quote(house=billed.house_a, room=billed.room_a, slots=slots(series), organisation=billed.organisation_a)
    with after_commit():
        approval.approve_series(series, actor=billed.manager_a)
    rents = active(series)
    assert [c.amount for c in rents] == [d.price.total for d in offer.dates] == [D("32.00"), D("32.00")]
    assert {c.rate_card_id for c in rents} == {billed.card_a.pk}
    assert [c.occurrence_id for c in rents] == list(series.occurrences.order_by("start").values_list("pk", flat=True))

    # The card is in use now: it cannot be edited, only replaced; a room card would price new dates higher.
    with pytest.raises(ValidationError):
        tariffs.update_rate_card(billed.card_a, actor=billed.manager_a, hour_price=D("50.00"))
    tariffs.create_rate_card(actor=billed.manager_a, house=billed.house_a, room=billed.room_a, name="Grote zaal",
                             valid_from=date(2025, 1, 1), unit="hour", hour_price=D("50.00"), categories=CATEGORIES)  # fmt: skip
    again = quote(house=billed.house_a, room=billed.room_a, slots=slots(series), organisation=billed.organisation_a)
    assert again.total == D("100.00") != offer.total
    # A date confirmed without its event reaching billing is priced lazily by the run, at the new card.
    later = book(billed.room_a, first_date=first + timedelta(days=2), organisation=billed.organisation_a)

    [invoice] = run_invoices(actor=billed.manager_a, house=billed.house_a, period_start=first,
                             period_end=first + timedelta(days=7))  # fmt: skip
    lines = {line.charge.occurrence.series_id: line for line in invoice.lines.select_related("charge__occurrence")}
    assert invoice.lines.count() == 3  # one line per date: nothing charged twice
    assert sum(line.net_amount for line in invoice.lines.filter(charge__series=series)) == offer.total
    assert lines[later.pk].net_amount == D("50.00")
    assert ChargeLine.objects.filter(series=series, code="rent").count() == 2


def test_cancelling_in_time_is_free_and_late_costs_the_house_share(billed, after_commit):
    with after_commit():
        early = book(billed.room_a, actor=billed.manager_a, first_date=in_days(30), organisation=billed.organisation_a)
        late = book(billed.room_a, actor=billed.manager_a, first_date=in_days(3), organisation=billed.organisation_a)
    assert len(active(early)) == len(active(late)) == 1
    rent = active(late)[0]
    with after_commit():
        exceptions.cancel_date(early.occurrences.get(), actor=billed.contact, reason="Afgelast")
        exceptions.cancel_date(late.occurrences.get(), actor=billed.contact, reason="Afgelast")
    profile = HouseBillingProfile.objects.get(house=billed.house_a)
    assert profile.cancellation_free_days > 3 and profile.cancellation_percent > 0
    assert active(early) == [] and active(early, code="cancellation") == []
    assert active(late) == []
    [fee] = active(late, code="cancellation")
    assert fee.amount == percent_of(rent.amount, profile.cancellation_percent) > 0


def test_cancelling_a_series_long_after_booking_counts_from_the_moment_of_cancelling(billed, after_commit):
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=in_days(3), kind="weekly",
                      weekdays=[in_days(3).weekday()], count=3, organisation=billed.organisation_a)  # fmt: skip
    series.occurrences.update(updated_at=timezone.now() - timedelta(days=90))  # booked long ago
    with after_commit():
        exceptions.cancel_series(series, actor=billed.contact, reason="Koor stopt")
    assert active(series) == []
    fees = active(series, code="cancellation")
    assert [f.local_date for f in fees] == [in_days(3), in_days(10)]  # 3 and 10 days ahead: late; 17: in time


def test_a_moved_date_is_priced_again_and_one_sent_back_for_approval_loses_its_charge(billed, after_commit):
    first = future_monday(3)
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=first, kind="weekly", weekdays=[0], count=2,
                      organisation=billed.organisation_a)  # fmt: skip
    one, two = series.occurrences.order_by("start")
    before = active(series)
    assert [c.amount for c in before] == [D("32.00"), D("32.00")]
    with after_commit():
        exceptions.move_date(one, actor=billed.manager_a, day=first + timedelta(days=1), start_time=time(19),
                             duration_minutes=180)  # fmt: skip
    one.refresh_from_db()
    moved = active(series, occurrence=one)
    assert [(c.amount, c.start, c.end, c.local_date) for c in moved] == [(D("48.00"), one.start, one.end,
                                                                         first + timedelta(days=1))]  # fmt: skip
    assert ChargeLine.objects.get(pk=before[0].pk).status == "void"
    assert active(series, code="cancellation") == []  # a move is no cancellation

    with after_commit():  # the renter moves a date: it waits for the house again and is not charged meanwhile
        exceptions.move_date(two, actor=billed.contact, day=two.local_date, start_time=time(20), duration_minutes=120)
    assert active(series, occurrence=two) == [] and active(series, code="cancellation") == []
    with after_commit():
        approval.approve([two], actor=billed.manager_a)
    two.refresh_from_db()
    [charge] = active(series, occurrence=two)
    assert (charge.amount, charge.start) == (D("32.00"), two.start)


def test_a_moved_date_on_an_issued_invoice_keeps_its_charge_when_the_price_is_the_same(billed, after_commit):
    day = future_monday(3)
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=day, organisation=billed.organisation_a)
    invoice = invoice_series(series, actor=billed.manager_a)
    [charge] = active(series)
    occurrence = series.occurrences.get()
    with after_commit():  # same length, an hour later: same price
        exceptions.move_date(occurrence, actor=billed.manager_a, day=day, start_time=time(20, 30), duration_minutes=120)
    occurrence.refresh_from_db()
    [kept] = active(series)
    assert (kept.pk, kept.invoice_id, kept.start) == (charge.pk, invoice.pk, occurrence.start)
    assert not Invoice.objects.filter(kind="credit_note").exists()

    with after_commit():  # longer: a new price, the invoiced charge is credited
        exceptions.move_date(occurrence, actor=billed.manager_a, day=day, start_time=time(19), duration_minutes=240)
    [new] = active(series)
    assert (new.amount, new.invoice_id) == (D("64.00"), None)
    assert ChargeLine.objects.get(pk=charge.pk).status == "void"
    note = Invoice.objects.get(kind="credit_note", credited_invoice=invoice)
    assert [line.net_amount for line in note.lines.all()] == [D("-32.00")]
    assert InvoiceLine.objects.get(credits_line__invoice=invoice).charge_id == charge.pk


def test_a_new_pattern_drops_the_charge_of_a_lost_date_and_a_split_takes_the_charges_along(billed, after_commit):
    first = future_monday(3)
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=first, kind="weekly", weekdays=[0], count=3,
                      organisation=billed.organisation_a)  # fmt: skip
    lost = active(series)[-1]
    with after_commit():
        exceptions.reschedule(series, actor=billed.manager_a, count=2, duration_minutes=180)
    rows = list(series.occurrences.order_by("start"))
    assert [(c.occurrence_id, c.amount, c.end) for c in active(series)] == [(o.pk, D("48.00"), o.end) for o in rows]
    assert ChargeLine.objects.get(pk=lost.pk).status == "void"
    assert ChargeLine.objects.filter(status="active", occurrence__isnull=True).count() == 0

    with after_commit():
        new = exceptions.split_series(series, at=rows[1].slot_date, actor=billed.manager_a, title="Koor, voorjaar")
    assert [c.occurrence_id for c in active(new)] == [rows[1].pk]
    assert [c.occurrence_id for c in active(series)] == [rows[0].pk]
    assert invoice_series(new, actor=billed.manager_a).net_total == D("48.00")


def test_a_rolled_back_approval_charges_nothing(billed, after_commit):
    series = request_by_contact(billed, future_monday(3))
    with after_commit(), pytest.raises(RuntimeError), transaction.atomic():
        approval.approve_series(series, actor=billed.manager_a)
        raise RuntimeError("the page failed after approving")
    assert ChargeLine.objects.count() == 0
    assert series.occurrences.filter(status="requested").count() == 2


def test_a_failing_charge_never_undoes_the_approval_and_the_run_catches_up(billed, after_commit, monkeypatch, caplog):
    from buurtkracht.billing.services import charges

    first = future_monday(3)
    series = request_by_contact(billed, first)

    def broken(*args, **kwargs):
        raise RuntimeError("billing is down")

    monkeypatch.setattr(charges, "charge_occurrences", broken)
    with after_commit():
        approval.approve_series(series, actor=billed.manager_a)
    monkeypatch.undo()
    assert series.occurrences.filter(status="confirmed").count() == 2
    assert ChargeLine.objects.count() == 0 and "Charging confirmed dates" in caplog.text
    [invoice] = run_invoices(actor=billed.manager_a, house=billed.house_a, period_start=first,
                             period_end=first + timedelta(days=7))  # fmt: skip
    assert invoice.net_total == D("64.00")


def test_the_run_prices_again_a_date_whose_move_did_not_reach_billing(billed, after_commit):
    day = future_monday(3)
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=day, organisation=billed.organisation_a)
    occurrence = series.occurrences.get()
    exceptions.move_date(occurrence, actor=billed.manager_a, day=day, start_time=time(19), duration_minutes=180)
    assert [c.amount for c in active(series)] == [D("32.00")]  # the event was lost (no commit ran it)
    [invoice] = run_invoices(actor=billed.manager_a, house=billed.house_a, period_start=day, period_end=day)
    assert invoice.net_total == D("48.00")
    assert [c.amount for c in active(series)] == [D("48.00")]


def test_free_hours_follow_a_moved_date(billed, after_commit):
    from buurtkracht.billing.models import Allowance
    from buurtkracht.organisations.tests.factories import OrganisationFactory

    initiative = OrganisationFactory(network=billed.network_a, renter_category="resident_initiative")  # 5 free hours
    day = future_monday(3)
    with after_commit():
        series = book(billed.room_a, actor=billed.manager_a, first_date=day, organisation=initiative)
    allowance = Allowance.objects.get(organisation=initiative, house=billed.house_a, year=day.year)
    assert allowance.used == D("2")
    invoice_series(series, actor=billed.manager_a)
    occurrence = series.occurrences.get()
    with after_commit():  # same price (free): the invoiced charge stays, the hours stay used once
        exceptions.move_date(occurrence, actor=billed.manager_a, day=day, start_time=time(20), duration_minutes=120)
    allowance.refresh_from_db()
    assert allowance.used == D("2") and len(active(series)) == 1 and active(series)[0].invoice_id is not None
    with after_commit():  # three hours now: three free hours, the old charge credited
        exceptions.move_date(occurrence, actor=billed.manager_a, day=day, start_time=time(19), duration_minutes=180)
    allowance.refresh_from_db()
    [charge] = active(series)
    assert (allowance.used, charge.free_hours, charge.invoice_id) == (D("3"), D("3"), None)
    with after_commit():
        exceptions.cancel_date(occurrence, actor=billed.manager_a)
    allowance.refresh_from_db()
    assert allowance.used == D("0") and active(series) == []


def test_a_date_confirmed_before_the_house_has_a_rate_card_leaves_the_free_hours_of_a_later_card(cast, after_commit):
    """Found in the demo: charging without a card used to create a free-hour row of 0 hours, which then hid
    the free hours of the card the house added later."""
    from buurtkracht.billing.models import Allowance
    from buurtkracht.billing.tests.factories import hourly_card
    from buurtkracht.organisations.tests.factories import OrganisationFactory

    initiative = OrganisationFactory(network=cast.network_a, renter_category="resident_initiative")
    day = future_monday(3)
    with after_commit():
        book(cast.room_a, actor=cast.manager_a, first_date=day, organisation=initiative)
    assert ChargeLine.objects.count() == 0
    assert not Allowance.objects.filter(organisation=initiative, house=cast.house_a).exists()
    hourly_card(cast.house_a)  # resident initiatives get 5 free hours a year on this card
    later = future_monday(5)
    offer = quote(house=cast.house_a, room=cast.room_a, slots=[(
        timezone.make_aware(timezone.datetime.combine(later, time(10))),
        timezone.make_aware(timezone.datetime.combine(later, time(12))),
    )], organisation=initiative)  # fmt: skip
    assert offer.total == D("0")
    assert offer.free_hours_used == D("2")
