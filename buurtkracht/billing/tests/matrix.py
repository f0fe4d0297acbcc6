"""Who may open which billing page and API operation (format: buurtkracht/lib/testing.py).

Invoices are for the people who keep a house's books (its managers and the network coordinator) and for the
contact of the organisation billed (issued invoices only); everyone else does not even learn they exist (404).
The municipality officer sees revenue forgone, aggregated, and nothing else.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from buurtkracht.lib.testing import CAST_ROLES, Row

EVERYONE = set(CAST_ROLES) - {"anonymous"}
BOOKS = {"manager_a", "coordinator"}
INVOICE_HIDDEN = {"officer", "manager_b", "volunteer_a", "referrer", "provider", "stranger"}
DRAFT_HIDDEN = INVOICE_HIDDEN | {"contact"}
ORGANISATION_HIDDEN = {"manager_b", "referrer", "stranger"}
SERIES_HIDDEN = {"manager_b", "referrer", "stranger"}


def _billed(cast):
    from buurtkracht.billing.models import HouseBillingProfile
    from buurtkracht.billing.tests import factories

    if not HouseBillingProfile.objects.filter(house=cast.house_a).exists():
        factories.house_profile(cast.house_a)
        factories.organisation_profile(cast.organisation_a, e_invoice="peppol", buyer_reference="REF-A")
        cast.card_a = factories.hourly_card(cast.house_a)
    return cast


def _series(cast):
    from buurtkracht.billing.tests.factories import book

    _billed(cast)
    if not hasattr(cast, "series_a"):
        cast.series_a = book(cast.room_a, date(2026, 3, 2), organisation=cast.organisation_a)
    return cast.series_a


def _invoice(cast, *, issue=True):
    from buurtkracht.billing.services.invoices import run_invoices

    _series(cast)
    return run_invoices(actor=None, house=cast.house_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31),
                        issue_now=issue)[0]  # fmt: skip


def _deposit(cast):
    from buurtkracht.billing.services.charges import charge_occurrences
    from buurtkracht.billing.tests.factories import book

    _billed(cast)
    series = book(cast.room_a, date(2026, 3, 9), renter_name="Feest")
    charge_occurrences(series.occurrences.all())
    return series.deposit


def _page(name, *args_of):
    return lambda cast: reverse(f"billing:{name}", args=[f(cast) for f in args_of])


def _house(cast):
    return cast.house_a.slug


def _network(cast):
    return cast.network_a.slug


def _org(cast):
    return cast.organisation_a.pk


def _inv(cast):
    return _invoice(cast).pk


def _draft(cast):
    return _invoice(cast, issue=False).pk


def _card(cast):
    return _billed(cast).card_a.pk


def _payment(cast):
    return {"amount": "1,00", "paid_on": timezone.localdate().isoformat()}


def _quote_query(cast):
    return {"house": cast.house_a.slug, "room": cast.room_a.pk, "dates": "2026-03-02", "start": "19:30", "end": "21:30"}


REQUESTERS_A = {"contact", "manager_a", "volunteer_a", "coordinator"}
"""Who may see the price of a booking for organisation A at house A: its contact, and the house staff."""


def _fragment_query(cast):
    return {"zaal": cast.room_a.pk, "organisatie": cast.organisation_a.pk, "van": "19:30", "tot": "21:30",
            "reeks": "1", "houden": ["2026-03-02", "2026-03-09"]}  # fmt: skip


def _api(path):
    return "/api/v1/billing/" + path


MATRIX = [
    # Pages
    Row("billing:invoice_list", "get", _page("invoice_list"), allowed=EVERYONE),
    Row("billing:invoice_detail", "get", _page("invoice_detail", _inv), allowed=BOOKS | {"contact"},
        not_found=INVOICE_HIDDEN),
    Row("billing:invoice_pdf", "get", _page("invoice_pdf", _inv), allowed=BOOKS | {"contact"}, not_found=INVOICE_HIDDEN),
    Row("billing:invoice_ubl", "get", _page("invoice_ubl", _inv), allowed=BOOKS | {"contact"}, not_found=INVOICE_HIDDEN),
    Row("billing:invoice_issue", "post", _page("invoice_issue", _draft), allowed=BOOKS, not_found=DRAFT_HIDDEN),
    Row("billing:invoice_delete", "post", _page("invoice_delete", _draft), allowed=BOOKS, not_found=DRAFT_HIDDEN),
    Row("billing:payment_add", "post", _page("payment_add", _inv), allowed=BOOKS, not_found=INVOICE_HIDDEN,
        payload=_payment),
    Row("billing:credit_note", "get", _page("credit_note", _inv), allowed=BOOKS, not_found=INVOICE_HIDDEN),
    Row("billing:house_overview", "get", _page("house_overview", _house), allowed=BOOKS),
    Row("billing:house_profile", "get", _page("house_profile", _house), allowed=BOOKS),
    Row("billing:rate_card_create", "get", _page("rate_card_create", _house), allowed=BOOKS),
    Row("billing:rate_card_detail", "get", _page("rate_card_detail", _house, _card), allowed=BOOKS),
    Row("billing:invoice_run", "get", _page("invoice_run", _house), allowed=BOOKS),
    Row("billing:deposit_update", "post", lambda cast: reverse("billing:deposit_update",
        args=[cast.house_a.slug, _deposit(cast).pk]), allowed=BOOKS, payload=lambda cast: {"action": "receive"}),
    Row("billing:revenue_forgone", "get", _page("revenue_forgone", _house), allowed=BOOKS | {"officer"}),
    Row("billing:quote", "get", _page("quote", _house), allowed=EVERYONE),
    Row("billing:quote_fragment", "get", lambda cast: _billed(cast) and _page("quote_fragment", _house)(cast),
        allowed=REQUESTERS_A, payload=_fragment_query),
    Row("billing:export", "get", lambda cast: reverse("billing:export", args=[cast.house_a.slug, "regels", "xlsx"]),
        allowed=BOOKS),
    Row("billing:series_billing", "get", lambda cast: reverse("billing:series_billing", args=[_series(cast).pk]),
        allowed=BOOKS, not_found=SERIES_HIDDEN),
    Row("billing:organisation_invoices", "get", _page("organisation_invoices", _org), allowed={"contact"},
        not_found=ORGANISATION_HIDDEN),
    Row("billing:organisation_profile", "get", _page("organisation_profile", _org), allowed={"contact"},
        not_found=ORGANISATION_HIDDEN),
    Row("billing:network_revenue", "get", _page("network_revenue", _network), allowed={"coordinator", "officer"}),
    Row("billing:category_labels", "get", _page("category_labels", _network), allowed={"coordinator"}),
    # API
    Row("api:billing_quote", "get", lambda cast: _billed(cast) and _api("quote"), allowed=EVERYONE, api=True,
        payload=_quote_query),
    Row("api:billing_invoices", "get", lambda cast: _api("invoices"), allowed=EVERYONE, api=True),
    Row("api:billing_invoice", "get", lambda cast: _api(f"invoices/{_inv(cast)}"), allowed=BOOKS | {"contact"},
        not_found=INVOICE_HIDDEN, api=True),
    Row("api:billing_invoice_ubl", "get", lambda cast: _api(f"invoices/{_inv(cast)}/ubl"),
        allowed=BOOKS | {"contact"}, not_found=INVOICE_HIDDEN, api=True),
    Row("api:billing_invoice_pdf", "get", lambda cast: _api(f"invoices/{_inv(cast)}/pdf"),
        allowed=BOOKS | {"contact"}, not_found=INVOICE_HIDDEN, api=True),
    Row("api:billing_invoice_issue", "post", lambda cast: _api(f"invoices/{_draft(cast)}/issue"), allowed=BOOKS,
        not_found=DRAFT_HIDDEN, api=True),
    Row("api:billing_payment_create", "post", lambda cast: _api(f"invoices/{_inv(cast)}/payments"), allowed=BOOKS,
        not_found=INVOICE_HIDDEN, api=True,
        payload=lambda cast: {"amount": "1.00", "paid_on": timezone.localdate().isoformat()}),
    Row("api:billing_credit_note_create", "post", lambda cast: _api(f"invoices/{_inv(cast)}/credit-notes"),
        allowed=BOOKS, not_found=INVOICE_HIDDEN, api=True, payload=lambda cast: {"reason": "Fout"}),
    Row("api:billing_rate_cards", "get", lambda cast: _api(f"houses/{cast.house_a.slug}/rate-cards"), allowed=BOOKS,
        api=True),
    Row("api:billing_rate_card_create", "post", lambda cast: _api(f"houses/{cast.house_a.slug}/rate-cards"),
        allowed=BOOKS, api=True,
        payload=lambda cast: {"name": "Nieuw", "valid_from": "2030-01-01", "unit": "use", "use_price": "10.00"}),
    Row("api:billing_invoice_run", "post", lambda cast: _series(cast) and _api(f"houses/{cast.house_a.slug}/invoice-runs"),
        allowed=BOOKS, api=True, payload=lambda cast: {"period_start": "2026-03-01", "period_end": "2026-03-31"}),
    Row("api:billing_house_forgone", "get", lambda cast: _api(f"houses/{cast.house_a.slug}/revenue-forgone"),
        allowed=BOOKS | {"officer"}, api=True),
    Row("api:billing_network_forgone", "get", lambda cast: _api(f"networks/{cast.network_a.slug}/revenue-forgone"),
        allowed={"coordinator", "officer"}, api=True),
    Row("api:billing_organisation_invoices", "get",
        lambda cast: _api(f"organisations/{cast.organisation_a.pk}/invoices"), allowed={"contact"},
        not_found=ORGANISATION_HIDDEN, api=True),
]  # fmt: skip
PUBLIC_ROUTES: set[str] = set()
