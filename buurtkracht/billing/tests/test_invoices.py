"""Invoices: runs per organisation and per booking, gap-free numbers, issued means frozen (also in the
database), credit notes, empty periods, payments and the amount owed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from buurtkracht.billing.guards import guards_off
from buurtkracht.billing.models import ChargeLine, Invoice, InvoiceLine
from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.invoices import create_credit_note, delete_draft, invoice_series, run_invoices
from buurtkracht.billing.services.payments import payment_status, record_payment
from buurtkracht.billing.tests.factories import book, house_profile
from buurtkracht.organisations.tests.factories import OrganisationFactory

D = Decimal
pytestmark = pytest.mark.django_db
MARCH = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}


def test_a_run_makes_one_invoice_per_organisation_and_per_private_booking(billed):
    other = OrganisationFactory(network=billed.network_a, renter_category="commercial")
    book(billed.room_a, date(2026, 3, 2), kind="weekly", count=3, organisation=billed.organisation_a)
    book(billed.room_a, date(2026, 3, 3), organisation=billed.organisation_a)
    book(billed.room_a, date(2026, 3, 4), organisation=other)
    book(billed.room_a, date(2026, 3, 5), renter_name="Jan Jansen")
    book(billed.room_a, date(2026, 4, 6), organisation=other)  # next month
    invoices = run_invoices(actor=billed.manager_a, house=billed.house_a, **MARCH)
    assert len(invoices) == 3
    by_buyer = {i.buyer["name"]: i for i in invoices}
    assert by_buyer[billed.organisation_a.name].lines.count() == 4
    assert by_buyer[billed.organisation_a.name].gross_total == D("128.00")  # 4 × €32 association price
    assert by_buyer[other.name].gross_total == D("64.00")
    assert by_buyer["Jan Jansen"].gross_total == D("64.00")
    assert "borg" in by_buyer["Jan Jansen"].note
    assert sorted(i.number for i in invoices) == ["HA2026-00001", "HA2026-00002", "HA2026-00003"]
    assert not ChargeLine.objects.uninvoiced().filter(local_date__lt=date(2026, 4, 1)).exists()


def test_an_empty_period_is_refused_with_a_message_and_nothing_saved(billed):
    with pytest.raises(ValidationError) as error:
        run_invoices(actor=None, house=billed.house_a, **MARCH)
    assert error.value.messages == ["Er is niets te factureren voor Huis A van 1 maart 2026 tot en met 31 maart 2026."]
    assert not Invoice.objects.exists()
    from buurtkracht.billing.models import InvoiceCounter

    assert not InvoiceCounter.objects.exists()


def test_a_run_without_billing_details_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        run_invoices(actor=None, house=cast.house_b, **MARCH)
    assert "factuurgegevens" in error.value.messages[0]


def test_a_second_run_for_the_same_period_finds_nothing(billed):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    run_invoices(actor=None, house=billed.house_a, **MARCH)
    with pytest.raises(ValidationError):
        run_invoices(actor=None, house=billed.house_a, **MARCH)
    assert Invoice.objects.count() == 1


def test_numbers_are_consecutive_per_house_and_year_and_drafts_take_none(billed):
    for n in range(3):
        book(billed.room_a, date(2026, 3, 2 + n), renter_name=f"Huurder {n}")
    drafts = run_invoices(actor=None, house=billed.house_a, issue_now=False, **MARCH)
    assert all(d.number == "" and d.status == "draft" for d in drafts)
    delete_draft(drafts[0], actor=None)
    assert not ChargeLine.objects.filter(invoice__isnull=False).filter(invoice=drafts[0].pk).exists()
    invoices = run_invoices(actor=None, house=billed.house_a, **MARCH)
    numbers = sorted(i.sequence for i in Invoice.objects.filter(status="issued"))
    assert numbers == [1]  # the remaining two drafts are still drafts; the re-run took the freed charges
    assert invoices[0].number == "HA2026-00001"


def test_network_numbering_shares_one_series(billed):
    from buurtkracht.houses.tests.factories import HouseFactory, RoomFactory

    other = HouseFactory(networks=[billed.network_a])
    room = RoomFactory(house=other)
    house_profile(billed.house_a, numbering="network", numbering_network=billed.network_a, number_prefix="NA")
    house_profile(other, numbering="network", numbering_network=billed.network_a, number_prefix="NA")
    tariffs.create_rate_card(actor=None, house=other, name="T", valid_from=date(2025, 1, 1), unit="use",
                             use_price=D("20"))  # fmt: skip
    book(billed.room_a, date(2026, 3, 2), renter_name="A")
    book(room, date(2026, 3, 2), renter_name="B")
    first = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    second = run_invoices(actor=None, house=other, **MARCH)[0]
    assert (first.number, second.number) == ("NA2026-00001", "NA2026-00002")


def test_an_issued_invoice_is_frozen_in_the_services_and_in_the_database(billed):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    line = invoice.lines.get()
    with pytest.raises(ValidationError):
        delete_draft(invoice, actor=None)
    for attempt in (
        lambda: Invoice.objects.filter(pk=invoice.pk).update(gross_total=D("1.00"), net_total=D("1.00")),
        lambda: Invoice.objects.filter(pk=invoice.pk).delete(),
        lambda: InvoiceLine.objects.filter(pk=line.pk).update(net_amount=D("1.00")),
        lambda: InvoiceLine.objects.filter(pk=line.pk).delete(),
        lambda: InvoiceLine.objects.create(
            invoice=invoice,
            position=9,
            service_date=date(2026, 3, 2),
            description="x",
            unit="use",
            quantity=1,
            list_amount=1,
            net_amount=1,
            vat_category="E",
            vat_rate=0,
        ),  # fmt: skip
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    invoice.refresh_from_db()
    assert invoice.gross_total == D("32.00") and invoice.lines.count() == 1
    with guards_off():  # the maintenance switch (data erasure) may
        InvoiceLine.objects.filter(pk=line.pk).update(description="geanonimiseerd")
    assert InvoiceLine.objects.get(pk=line.pk).description == "geanonimiseerd"


def test_a_full_credit_note_nets_to_zero_and_frees_the_charges(billed):
    org = OrganisationFactory(network=billed.network_a, renter_category="resident_initiative")
    series = book(billed.room_a, date(2026, 3, 2), kind="weekly", count=4, organisation=org)
    tariffs.set_series_terms(series, actor=None, extras=["bar"])
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    note = create_credit_note(invoice, actor=billed.manager_a, reason="Verkeerde categorie", issue_now=True)
    assert note.kind == "credit_note" and note.credited_invoice == invoice
    assert note.gross_total == -invoice.gross_total and note.vat_total == -invoice.vat_total
    assert note.number == "HA2026-00002"
    assert payment_status(invoice) == "credited"
    assert set(ChargeLine.objects.filter(series=series).values_list("status", flat=True)) == {"void"}
    from buurtkracht.billing.models import Allowance

    assert Allowance.objects.get(organisation=org).used == 0  # free hours given back
    with pytest.raises(ValidationError) as error:
        create_credit_note(invoice, actor=None, reason="Nog eens")
    assert error.value.messages == ["Er is niets meer te crediteren op deze factuur."]


def test_a_credit_note_needs_a_reason(billed):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    with pytest.raises(ValidationError) as error:
        create_credit_note(invoice, actor=None, reason=" ")
    assert error.value.message_dict == {"reason": ["Schrijf waarom je deze factuur crediteert."]}
    assert not Invoice.objects.filter(kind="credit_note").exists()


def test_cancelling_an_invoiced_date_early_drafts_a_credit_note(billed):
    from datetime import UTC, datetime

    from buurtkracht.billing.services.charges import cancel_charges

    series = book(billed.room_a, date(2026, 3, 30), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    occurrence = series.occurrences.get()
    occurrence.status = "cancelled"
    occurrence.save()
    cancel_charges([occurrence.pk], when=datetime(2026, 3, 1, tzinfo=UTC))
    note = Invoice.objects.get(kind="credit_note")
    assert note.status == "draft" and note.credited_invoice == invoice
    assert note.lines.get().net_amount == D("-32.00")


def test_one_invoice_for_one_booking(billed):
    series = book(billed.room_a, date(2026, 5, 9), renter_name="Feest Pietersen", renter_email="piet@example.org")
    invoice = invoice_series(series, actor=billed.manager_a)
    assert invoice.buyer["name"] == "Feest Pietersen" and invoice.buyer["email"] == "piet@example.org"
    assert invoice.gross_total == D("64.00")
    with pytest.raises(ValidationError):
        invoice_series(series, actor=billed.manager_a)


def test_payments_reduce_what_is_owed_and_overpayment_is_refused(billed):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    assert payment_status(invoice) == "open"
    with pytest.raises(ValidationError) as error:
        record_payment(invoice, actor=None, amount=D("40"), paid_on=invoice.issue_date)
    assert "meer dan er nog openstaat" in error.value.message_dict["amount"][0]
    record_payment(invoice, actor=None, amount=D("12.00"), paid_on=invoice.issue_date)
    assert payment_status(invoice) == "partly_paid"
    record_payment(invoice, actor=None, amount="20.00", paid_on=invoice.issue_date)
    assert payment_status(invoice) == "paid"
    with pytest.raises(ValidationError):
        record_payment(invoice, actor=None, amount=D("1"), paid_on=invoice.issue_date + timedelta(days=400))
