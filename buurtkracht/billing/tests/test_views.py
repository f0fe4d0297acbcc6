"""Pages: they render for the people who keep the books, bad input gets a clear message and saves nothing,
the quote works with and without HTMX, exports are safe against formula injection."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from buurtkracht.billing.models import Invoice, Payment, RateCard
from buurtkracht.billing.services.invoices import run_invoices
from buurtkracht.billing.tests.factories import book

pytestmark = pytest.mark.django_db
MARCH = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}


def test_the_house_overview_shows_cards_with_the_cost_covering_rent(billed, login):
    from buurtkracht.billing.services import tariffs

    tariffs.update_rate_card(billed.card_a, actor=None, integral_yearly_costs=Decimal("90000"),
                             net_lettable_area_m2=Decimal("300"), open_hours_per_year=2500,
                             occupancy_target_percent=Decimal("30"))  # fmt: skip
    billed.room_a.floor_area_m2 = Decimal("80")
    billed.room_a.save()
    response = login(billed.manager_a).get(reverse("billing:house_overview", args=[billed.house_a.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tarieven" in html and "€ 32,00 per uur" in html
    assert "€ 0,40 per m² per uur" in html and "Grote zaal: € 32,00" in html


def test_a_rate_card_with_a_negative_price_is_refused_on_the_page(billed, login):
    client = login(billed.manager_a)
    response = client.post(reverse("billing:rate_card_create", args=[billed.house_a.slug]), {
        "name": "Fout", "hire": "any", "valid_from": "2030-01-01", "unit": "hour", "hour_price": "-5",
        "morning_starts": "08:00", "afternoon_starts": "13:00", "evening_starts": "18:00", "grace_minutes": "0",
        "rounding_minutes": "15", "minimum_charge": "0", "vat_category": "E", "vat_rate": "0",
        "vat_exemption_reason": "Vrijgesteld",
    })  # fmt: skip
    assert response.status_code == 422
    assert "Een prijs kan niet negatief zijn." in response.content.decode()
    assert "<title>Fout:" in response.content.decode()
    assert RateCard.objects.count() == 1


def test_an_overlapping_rate_card_is_refused_on_the_page(billed, login):
    response = login(billed.manager_a).post(reverse("billing:rate_card_create", args=[billed.house_a.slug]), {
        "name": "Dubbel", "hire": "any", "valid_from": "2026-01-01", "unit": "use", "use_price": "10",
        "morning_starts": "08:00", "afternoon_starts": "13:00", "evening_starts": "18:00", "grace_minutes": "0",
        "rounding_minutes": "15", "minimum_charge": "0", "vat_category": "E", "vat_rate": "0",
        "vat_exemption_reason": "Vrijgesteld",
    })  # fmt: skip
    assert response.status_code == 422
    assert "geldt al vanaf 1 januari 2025" in response.content.decode()
    assert RateCard.objects.count() == 1


def test_an_invoice_run_for_an_empty_period_says_so_and_saves_nothing(billed, login):
    response = login(billed.manager_a).post(reverse("billing:invoice_run", args=[billed.house_a.slug]),
                                            {"period_start": "2026-03-01", "period_end": "2026-03-31", "issue": "on"})  # fmt: skip
    assert response.status_code == 422
    assert "Er is niets te factureren voor Huis A" in response.content.decode()
    assert not Invoice.objects.exists()


def test_an_invoice_run_on_the_page_issues_invoices(billed, login):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    response = login(billed.manager_a).post(reverse("billing:invoice_run", args=[billed.house_a.slug]),
                                            {"period_start": "2026-03-01", "period_end": "2026-03-31", "issue": "on"})  # fmt: skip
    assert response.status_code == 302
    assert Invoice.objects.get().number == "HA2026-00001"


def test_the_house_billing_details_check_the_iban(cast, login):
    response = login(cast.manager_a).post(reverse("billing:house_profile", args=[cast.house_a.slug]), {
        "legal_name": "Stichting", "street": "Kerkstraat 1", "postcode": "5341 AA", "city": "Oss", "country": "NL",
        "registration_number": "12345678", "iban": "NL00BANK0000000000", "email": "a@b.nl", "number_prefix": "HA",
        "numbering": "house", "invoice_period": "month", "season_start_month": "8", "payment_days": "14",
        "reminder_days": "7,21", "cancellation_free_days": "14", "cancellation_percent": "50",
        "accent_colour": "#1d5c8c",
    })  # fmt: skip
    assert response.status_code == 422
    assert "Dit IBAN klopt niet" in response.content.decode()
    assert not cast.house_a.__class__.objects.filter(billing_profile__isnull=False).exists()


def test_an_invoice_page_shows_lines_totals_and_takes_a_payment(billed, login):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    client = login(billed.manager_a)
    page = client.get(invoice.get_absolute_url()).content.decode()
    assert "HA2026-00001" in page and "€ 32,00" in page and "vereniging of stichting −50%" in page
    bad = client.post(reverse("billing:payment_add", args=[invoice.pk]), {"amount": "50,00", "paid_on": "2026-01-01"})
    assert bad.status_code == 422 and "meer dan er nog openstaat" in bad.content.decode()
    assert not Payment.objects.exists()
    ok = client.post(
        reverse("billing:payment_add", args=[invoice.pk]), {"amount": "32,00", "paid_on": str(invoice.issue_date)}
    )
    assert ok.status_code == 302
    assert "betaald" in client.get(invoice.get_absolute_url()).content.decode()


def test_the_contact_sees_the_invoice_but_not_the_actions(billed, login):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    client = login(billed.contact)
    page = client.get(invoice.get_absolute_url()).content.decode()
    assert invoice.number in page and "Betaling invoeren" not in page and "Creditnota maken" not in page
    assert client.post(reverse("billing:payment_add", args=[invoice.pk]), {"amount": "1"}).status_code == 403
    assert client.get(reverse("billing:organisation_invoices", args=[billed.organisation_a.pk])).status_code == 200


def test_a_credit_note_on_the_page_needs_a_reason(billed, login):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    client = login(billed.manager_a)
    bad = client.post(reverse("billing:credit_note", args=[invoice.pk]), {"reason": "", "issue": "on"})
    assert bad.status_code == 422 and "Schrijf waarom je deze factuur crediteert." in bad.content.decode()
    ok = client.post(reverse("billing:credit_note", args=[invoice.pk]), {"reason": "Dubbel", "issue": "on"})
    assert ok.status_code == 302
    assert Invoice.objects.get(kind="credit_note").gross_total == Decimal("-32.00")


def test_the_quote_page_works_with_and_without_htmx(billed, login):
    client = login(billed.contact)
    url = reverse("billing:quote", args=[billed.house_a.slug])
    query = {"room": billed.room_a.pk, "first_date": "2026-03-02", "start_time": "19:30", "end_time": "21:30",
             "weeks": "3", "organisation": billed.organisation_a.pk, "extras": ["bar"]}  # fmt: skip
    full = client.get(url, query)
    assert full.status_code == 200 and "<h1>" in full.content.decode()
    assert "€ 171,00" in full.content.decode()  # 3 × (€32 + €25) before VAT
    partial = client.get(url, query, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<h1>" not in body and "€ 171,00" in body and "Btw 21%" in body
    other = client.get(url, {**query, "organisation": "999999"})
    assert other.status_code == 422  # not an organisation the contact speaks for


def test_exports_are_safe_against_formula_injection(billed, login):
    book(billed.room_a, date(2026, 3, 2), renter_name='=HYPERLINK("http://evil")')
    run_invoices(actor=None, house=billed.house_a, **MARCH)
    client = login(billed.manager_a)
    today_year = Invoice.objects.get().issue_date.year
    params = {"van": f"{today_year}-01-01", "tot": f"{today_year}-12-31"}
    xlsx = client.get(reverse("billing:export", args=[billed.house_a.slug, "facturen", "xlsx"]), params)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = sheet.cell(row=2, column=5)
    assert cell.value == '\'=HYPERLINK("http://evil")' and cell.data_type == "s"
    csv = client.get(reverse("billing:export", args=[billed.house_a.slug, "facturen", "csv"]), params).content
    assert csv.startswith("\ufeff".encode())
    assert b';"\'=HYPERLINK(""http://evil"")";' in csv and b";64,00;0,00;64,00;0,00;64,00;open" in csv
    lines = client.get(reverse("billing:export", args=[billed.house_a.slug, "regels", "csv"]), params)
    assert b"Zaalhuur" in lines.content
    assert client.get(reverse("billing:export", args=[billed.house_a.slug, "regels", "exe"])).status_code == 404


def test_the_officer_sees_revenue_forgone_per_category_only(billed, login):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    run_invoices(actor=None, house=billed.house_a, **MARCH)
    url = reverse("billing:revenue_forgone", args=[billed.house_a.slug])
    officer = login(billed.officer).get(url, {"van": "2026-01-01", "tot": "2026-12-31"}).content.decode()
    assert "vereniging of stichting" in officer and "€ 32,00" in officer
    assert billed.organisation_a.name not in officer
    manager = login(billed.manager_a).get(url, {"van": "2026-01-01", "tot": "2026-12-31"}).content.decode()
    assert billed.organisation_a.name in manager


def test_a_network_renames_a_category(billed, login):
    client = login(billed.coordinator)
    response = client.post(reverse("billing:category_labels", args=[billed.network_a.slug]),
                           {"non_profit": "Maatschappelijke huurder"})  # fmt: skip
    assert response.status_code == 302
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    assert "Maatschappelijke huurder −50%" in invoice.lines.get().rule
