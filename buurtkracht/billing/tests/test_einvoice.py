"""Every e-invoice and credit note passes the official validation (UBL 2.1 XSD, EN 16931, Peppol BIS Billing
3.0, NLCIUS / SI-UBL 2.0): for each renter category, with discounts, free hours, exempt and taxed lines.

The validator lives outside the project (``../shared/data/einvoice/validate.py``); without it, or without lxml
and saxonche, these tests are skipped with a message saying so."""

import importlib.util
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from buurtkracht.billing.documents.ubl import render_ubl
from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.invoices import create_credit_note, run_invoices
from buurtkracht.billing.tests.factories import book, organisation_profile
from buurtkracht.organisations.tests.factories import OrganisationFactory

D = Decimal
pytestmark = pytest.mark.django_db
VALIDATOR = Path(settings.BASE_DIR).parent / "shared" / "data" / "einvoice" / "validate.py"
CATEGORIES = ["resident_initiative", "non_profit", "care_welfare", "municipal", "commercial"]


@pytest.fixture(scope="session")
def validator():
    if not VALIDATOR.exists():
        pytest.skip(f"The e-invoice validator is not there ({VALIDATOR}); e-invoice validation skipped.")
    if importlib.util.find_spec("lxml") is None or importlib.util.find_spec("saxonche") is None:
        pytest.skip("The e-invoice validator needs lxml and saxonche (pip install lxml saxonche).")
    spec = importlib.util.spec_from_file_location("einvoice_validate", VALIDATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def check(validator, tmp_path):
    def _check(invoice, profile):
        path = tmp_path / f"{invoice.number}-{profile}.xml"
        path.write_bytes(render_ubl(invoice, profile=profile))
        report = validator.validate_file(path)
        assert report.ok, [(f.id, f.text) for f in report.fatal] + report.xsd_errors + [report.error]
        assert not report.warnings, [(f.id, f.text) for f in report.warnings]
        assert report.rulesets == (["SI-UBL-2.0"] if profile == "nlcius" else ["CEN-EN16931-UBL", "PEPPOL-EN16931-UBL"])
        return report

    return _check


def _public(cast, category, **extra):
    org = OrganisationFactory(network=cast.network_a, renter_category=category, name=f"Organisatie {category}")
    organisation_profile(org, e_invoice="peppol", buyer_reference=f"REF-{category}", **extra)
    return org


@pytest.mark.parametrize("profile", ["peppol", "nlcius"])
def test_invoices_for_every_category_with_discounts_exempt_and_taxed_lines_validate(billed, check, profile):
    tariffs.add_tier(billed.card_a, actor=None, more_than=3, discount_percent=D("5"))
    for n, category in enumerate(CATEGORIES):
        org = _public(billed, category)
        series = book(billed.room_a, date(2026, 3, 2 + n), kind="weekly", count=4, organisation=org)
        tariffs.set_series_terms(series, actor=None, extras=["bar"] if n % 2 else ["bar", "kitchen"])
    invoices = run_invoices(actor=None, house=billed.house_a, period_start=date(2026, 3, 1),
                            period_end=date(2026, 3, 31))  # fmt: skip
    assert len(invoices) == len(CATEGORIES)
    for invoice in invoices:
        categories = set(invoice.lines.values_list("vat_category", flat=True))
        assert categories == {"E", "S"}
        check(invoice, profile)


@pytest.mark.parametrize("profile", ["peppol", "nlcius"])
def test_credit_notes_full_and_partial_validate_and_refer_to_the_invoice(billed, check, profile):
    org = _public(billed, "municipal")
    series = book(billed.room_a, date(2026, 3, 3), kind="weekly", count=3, organisation=org)
    tariffs.set_series_terms(series, actor=None, extras=["bar"])
    invoice = run_invoices(
        actor=None, house=billed.house_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )[0]
    first = invoice.lines.order_by("position")[:2]
    partial = create_credit_note(invoice, actor=None, reason="Eén avond ging niet door", line_ids=[line.pk for line in first],
                                 issue_now=True)  # fmt: skip
    rest = create_credit_note(invoice, actor=None, reason="Rest", issue_now=True)
    for note in (partial, rest):
        xml = check(note, profile)
        assert xml.document == "CreditNote"
        assert invoice.number.encode() in render_ubl(note, profile=profile)


def test_a_fully_free_invoice_validates(billed, check):
    org = _public(billed, "resident_initiative")
    tariffs.set_category_rate(billed.card_a, category="resident_initiative", actor=None, discount_percent=100)
    book(billed.room_a, date(2026, 3, 5), organisation=org)
    invoice = run_invoices(
        actor=None, house=billed.house_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )[0]
    assert invoice.gross_total == 0
    check(invoice, "peppol")


def test_an_oin_buyer_and_a_house_with_an_oin_validate(billed, check):
    from buurtkracht.billing.tests.factories import house_profile

    house_profile(billed.house_a, oin="00000001234567890000")
    org = _public(billed, "municipal", company_id="00000009876543210000", company_id_scheme="0190")
    book(billed.room_a, date(2026, 3, 6), organisation=org)
    invoice = run_invoices(
        actor=None, house=billed.house_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )[0]
    check(invoice, "nlcius")
    check(invoice, "peppol")


def test_an_invoice_for_a_private_renter_has_no_e_invoice(billed):
    book(billed.room_a, date(2026, 3, 7), renter_name="Jan Jansen")
    invoice = run_invoices(
        actor=None, house=billed.house_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )[0]
    with pytest.raises(ValidationError) as error:
        render_ubl(invoice)
    assert "registratienummer" in " ".join(error.value.messages)
