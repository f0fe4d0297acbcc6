"""The billing API: quotes, invoice runs, payments, credit notes, rate cards; bad input gets 422 with a
translated message and saves nothing."""

import json
from datetime import date
from decimal import Decimal

import pytest

from buurtkracht.billing.models import Invoice, Payment, RateCard
from buurtkracht.billing.tests.factories import book

pytestmark = pytest.mark.django_db
API = "/api/v1/billing"


def post(client, path, payload):
    return client.post(API + path, data=json.dumps(payload), content_type="application/json")


def test_the_quote_gives_prices_per_date_and_in_total(billed, login):
    client = login(billed.contact)
    response = client.get(f"{API}/quote", {
        "house": billed.house_a.slug, "room": billed.room_a.pk, "dates": ["2026-03-02", "2026-03-09"],
        "start": "19:30", "end": "21:30", "organisation": billed.organisation_a.pk, "extras": ["kitchen"],
    })  # fmt: skip
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["category"] == "non_profit" and data["category_label"] == "vereniging of stichting"
    assert [d["total"] for d in data["dates"]] == ["47.00", "47.00"]
    assert data["list_total"] == "158.00" and data["total"] == "94.00" and data["discount"] == "64.00"
    assert data["vat_total"] == "6.30" and data["gross_total"] == "100.30"
    assert data["dates"][0]["lines"][0]["rule"] == "2 uur × € 32,00, vereniging of stichting −50%"


def test_the_quote_refuses_an_organisation_you_do_not_speak_for(billed, login):
    from buurtkracht.organisations.tests.factories import OrganisationFactory

    other = OrganisationFactory(network=billed.network_a)
    response = login(billed.contact).get(f"{API}/quote", {
        "house": billed.house_a.slug, "room": billed.room_a.pk, "dates": "2026-03-02", "start": "19:30",
        "end": "21:30", "organisation": other.pk,
    })  # fmt: skip
    assert response.status_code == 404


def test_an_invoice_run_for_an_empty_period_is_a_422_with_a_message(billed, login):
    response = post(login(billed.manager_a), f"/houses/{billed.house_a.slug}/invoice-runs",
                    {"period_start": "2026-03-01", "period_end": "2026-03-31"})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["message"].startswith("Er is niets te factureren voor Huis A")
    assert not Invoice.objects.exists()


def test_an_invoice_run_payments_and_a_credit_note(billed, login):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    client = login(billed.manager_a)
    made = post(client, f"/houses/{billed.house_a.slug}/invoice-runs",
                {"period_start": "2026-03-01", "period_end": "2026-03-31"})  # fmt: skip
    assert made.status_code == 201
    invoice = made.json()[0]
    assert invoice["number"] == "HA2026-00001" and invoice["gross_total"] == "32.00"
    assert invoice["lines"][0]["rule"].endswith("−50%")
    bad = post(client, f"/invoices/{invoice['id']}/payments", {"amount": "99.00", "paid_on": "2026-01-01"})
    assert bad.status_code == 422 and "meer dan er nog openstaat" in bad.json()["message"]
    assert not Payment.objects.exists()
    assert (
        post(client, f"/invoices/{invoice['id']}/payments", {"amount": "1.5", "paid_on": "2020-01-01"}).status_code
        == 201
    )
    detail = client.get(f"{API}/invoices/{invoice['id']}").json()
    assert detail["paid"] == "1.50" and detail["outstanding"] == "30.50" and detail["payment_status"] == "partly_paid"
    note = post(client, f"/invoices/{invoice['id']}/credit-notes", {"reason": "Fout tarief"})
    assert note.status_code == 201 and note.json()["gross_total"] == "-32.00"
    assert note.json()["credits_invoice"] == "HA2026-00001"
    contact = login(billed.contact).get(f"{API}/organisations/{billed.organisation_a.pk}/invoices").json()
    assert {i["number"] for i in contact["results"]} == {"HA2026-00001", "HA2026-00002"}


def test_a_rate_card_with_bad_input_is_refused_and_saves_nothing(billed, login):
    client = login(billed.manager_a)
    path = f"/houses/{billed.house_a.slug}/rate-cards"
    negative = post(client, path, {"name": "X", "valid_from": "2030-01-01", "unit": "hour", "hour_price": "-1.00"})
    assert negative.status_code == 422 and "Een prijs kan niet negatief zijn." in negative.json()["message"]
    overlap = post(client, path, {"name": "X", "valid_from": "2025-06-01", "unit": "hour", "hour_price": "10.00"})
    assert overlap.status_code == 422 and "geldt al vanaf" in overlap.json()["message"]
    unknown = post(client, path, {"name": "X", "valid_from": "2030-01-01", "unit": "hour", "hour_price": "1", "x": 1})
    assert unknown.status_code == 422
    assert RateCard.objects.count() == 1
    ok = post(client, path, {"name": "Seizoen", "valid_from": "2030-01-01", "unit": "use", "use_price": "12.50",
                             "hire": "seasonal", "room": billed.room_a.pk,
                             "categories": {"resident_initiative": {"discount_percent": "100"}}})  # fmt: skip
    assert ok.status_code == 201, ok.json()
    assert ok.json()["categories"][0]["discount_percent"] == "100.00"


def test_the_officer_gets_revenue_forgone_but_no_invoices(billed, login):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    from buurtkracht.billing.services.invoices import run_invoices

    invoice = run_invoices(
        actor=None, house=billed.house_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )[0]
    client = login(billed.officer)
    report = client.get(f"{API}/networks/{billed.network_a.slug}/revenue-forgone", {"start": "2026-01-01",
                                                                                     "end": "2026-12-31"}).json()  # fmt: skip
    assert report["total"]["forgone"] == "32.00" and report["total"]["result_at_list"] == "64.00"
    assert report["rows"][0]["label"] == "vereniging of stichting"
    assert client.get(f"{API}/invoices").json()["count"] == 0
    assert client.get(f"{API}/invoices/{invoice.pk}").status_code == 404
    assert Decimal(report["total"]["hours"]) == Decimal("2")
