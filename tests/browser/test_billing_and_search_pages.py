"""The billing pages and the free-space search, as the people who use them (issues #3 and #4).

Each page is opened as the right demo role, in Dutch and in English, at 1280 and at 360 px: axe finds no serious
or critical violation, the page has its basics (lang, title, one h1, unique ids), and at 360 px nothing sticks
out sideways outside a labelled scroll region and no text is squeezed into a column a few letters wide.

To have invoices to show, the module runs the invoice run of Wij(k)huis de Haard (the billing service, as the
house manager) over the weeks of the demo bookings, committed so the live server sees it on SQLite and
PostgreSQL alike, and removes the invoices again afterwards (with billing's maintenance switch: issued invoices
are frozen by database triggers).

Screenshots go to var/screenshots (ignored by git); to refresh the committed ones in docs/screenshots::

    BUURTKRACHT_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -m browser tests/browser/test_billing_and_search_pages.py
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.pages import HAARD, OSS, RESIDENTS
from tests.browser.support import (
    axe_violations,
    blocking,
    describe_violations,
    overflow,
    page_basics,
    save_screenshot,
    skip_without_chromium,
    squeezed_text,
    unlabelled_scroll_regions,
)

skip_without_chromium()

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / os.environ.get("BUURTKRACHT_SCREENSHOT_DIR", "var/screenshots")
DEVICES = {"desktop": (1280, 900), "mobile": (360, 740)}
MAX_HEIGHT = 2400


def next_monday():
    from django.utils import timezone

    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture(scope="module")
def invoices(demo_server, django_db_blocker):
    """The invoice run of de Haard over the eight weeks of demo bookings (issued at once): ``{"invoice": the
    invoice of the resident initiative, "all": every invoice made}``. The house gets a VAT number and the
    initiative billing details with a reference first, so its invoice can also go out as an e-invoice.
    Invoices and those details are removed again after the module."""
    from buurtkracht.accounts.models import User
    from buurtkracht.billing.guards import guards_off
    from buurtkracht.billing.models import (
        ChargeLine,
        HouseBillingProfile,
        Invoice,
        InvoiceLine,
        OrganisationBillingProfile,
        Payment,
        Reminder,
    )
    from buurtkracht.billing.services import profiles
    from buurtkracht.billing.services.invoices import run_invoices
    from buurtkracht.demo.data.people import email_for
    from buurtkracht.houses.models import House
    from buurtkracht.organisations.models import Organisation

    with django_db_blocker.unblock():
        house = House.objects.get(slug=HAARD)
        manager = User.objects.get(email=email_for("manager"))
        residents = Organisation.objects.get(name=RESIDENTS)
        vat_id = HouseBillingProfile.objects.get(house=house).vat_id
        had_profile = OrganisationBillingProfile.objects.filter(organisation=residents).exists()
        profiles.save_house_profile(actor=manager, house=house, vat_id="NL123456789B01")
        profiles.save_organisation_profile(
            actor=None, organisation=residents, street="Ruwaardplein 3", postcode="5342 AB", city="Oss",
            company_id="41234567", company_id_scheme="0106", buyer_reference="RUWAARD-2026",
        )  # fmt: skip
        start = next_monday()
        made = run_invoices(actor=manager, house=house, period_start=start, period_end=start + timedelta(weeks=8))
        ids = [invoice.pk for invoice in made]
        ours = next(i for i in made if i.organisation_id and i.organisation.name == RESIDENTS)
    try:
        yield {"invoice": ours, "all": made}
    finally:
        with django_db_blocker.unblock(), guards_off():
            Reminder.objects.filter(invoice_id__in=ids).delete()
            Payment.objects.filter(invoice_id__in=ids).delete()
            ChargeLine.objects.filter(invoice_id__in=ids).update(invoice=None)
            InvoiceLine.objects.filter(invoice_id__in=ids).delete()
            Invoice.objects.filter(pk__in=ids).delete()
            HouseBillingProfile.objects.filter(house__slug=HAARD).update(vat_id=vat_id)
            if not had_profile:
                OrganisationBillingProfile.objects.filter(organisation__name=RESIDENTS).delete()


def _card() -> tuple:
    from buurtkracht.billing.models import RateCard

    return (HAARD, RateCard.objects.get(house__slug=HAARD, room__isnull=True).pk)


def _organisation() -> tuple:
    from buurtkracht.organisations.models import Organisation

    return (Organisation.objects.get(name=RESIDENTS).pk,)


def _search_query() -> str:
    """Every Wednesday evening for eight weeks in the houses of Oss: the yoga in de Haard's hall makes some of
    those evenings not free there."""
    wednesday = next_monday() + timedelta(days=2)
    return f"?network={OSS}&min_capacity=60&first_date={wednesday.isoformat()}&weeks=8&start_time=19:00&end_time=21:00"


def _quote_query() -> str:
    """Four Tuesday mornings in the Vergaderruimte of de Haard, for the resident initiative."""
    from buurtkracht.houses.models import Room

    room = Room.objects.get(house__slug=HAARD, name="Vergaderruimte")
    tuesday = next_monday() + timedelta(days=8)
    return (
        f"?room={room.pk}&first_date={tuesday.isoformat()}&start_time=14:00&end_time=16:00&weeks=4"
        f"&organisation={_organisation()[0]}"
    )


@dataclass(frozen=True)
class Shot:
    name: str  # base of the screenshot file name
    role: str
    url: object  # a function (invoices) -> path
    heading: dict  # language -> the h1's text, or a part of it


SHOTS = [
    Shot("search-form", "contact", lambda inv: reverse("bookings:search"),
         {"nl": "Vrije zaal zoeken", "en": "Find a free room"}),
    Shot("search-results", "contact", lambda inv: reverse("bookings:search") + _search_query(),
         {"nl": "Vrije zaal zoeken", "en": "Find a free room"}),
    Shot("billing-house-overview", "manager", lambda inv: reverse("billing:house_overview", args=[HAARD]),
         {"nl": "Facturatie Wij(k)huis de Haard", "en": "Billing Wij(k)huis de Haard"}),
    Shot("billing-rate-card", "manager", lambda inv: reverse("billing:rate_card_detail", args=_card()),
         {"nl": "Tarieven ", "en": "Tarieven "}),
    Shot("billing-rate-card-new", "manager", lambda inv: reverse("billing:rate_card_create", args=[HAARD]),
         {"nl": "Tariefkaart toevoegen", "en": "Add a rate card"}),
    Shot("billing-invoices", "manager", lambda inv: reverse("billing:invoice_list"), {"nl": "Facturen", "en": "Invoices"}),
    Shot("billing-invoice", "manager", lambda inv: reverse("billing:invoice_detail", args=[inv["invoice"].pk]),
         {"nl": "Factuur DEMO", "en": "Invoice DEMO"}),
    Shot("billing-credit-note", "manager", lambda inv: reverse("billing:credit_note", args=[inv["invoice"].pk]),
         {"nl": "Creditnota voor DEMO", "en": "Credit note for DEMO"}),
    Shot("billing-revenue-forgone", "manager", lambda inv: reverse("billing:revenue_forgone", args=[HAARD]),
         {"nl": "Gederfde huur van Wij(k)huis de Haard", "en": "Revenue forgone by Wij(k)huis de Haard"}),
    Shot("billing-network-revenue", "officer", lambda inv: reverse("billing:network_revenue", args=[OSS]),
         {"nl": "Gederfde huur in Gemeente Oss", "en": "Revenue forgone in Gemeente Oss"}),
    Shot("billing-organisation-invoices", "contact",
         lambda inv: reverse("billing:organisation_invoices", args=_organisation()), {"nl": "Facturen van Bewonersinitiatief Samen Ruwaard", "en": "Invoices of Bewonersinitiatief Samen Ruwaard"}),
    Shot("billing-quote", "contact", lambda inv: reverse("billing:quote", args=[HAARD]) + _quote_query(),
         {"nl": "Wat kost een reservering in Wij(k)huis de Haard?", "en": "What does a booking at Wij(k)huis de Haard cost?"}),
    Shot("booking-approvals-price", "manager", lambda inv: reverse("bookings:approvals"), {"nl": "Wacht op jou", "en": "Waiting for you"}),
]  # fmt: skip

CASES = [pytest.param(shot, lang, id=f"{shot.name}-{lang}") for shot in SHOTS for lang in ("nl", "en")]


TOP_SCRIPT = "(selector) => document.querySelector(selector).getBoundingClientRect().top + window.scrollY"


def screenshot(page, shot: Shot, lang: str, device: str, *, name: str = "", start: str = "") -> None:
    """The page from the top, or from the element ``start`` selects, at most MAX_HEIGHT px long."""
    top = max(0, int(page.evaluate(TOP_SCRIPT, start)) - 16) if start else 0
    target = SCREENSHOTS / f"{name or shot.name}-{shot.role}-{lang}-{device}.png"
    save_screenshot(page, target, width=DEVICES[device][0], max_height=MAX_HEIGHT, top=top)


def screenshots(page, shot: Shot, lang: str, device: str) -> None:
    if shot.name != "search-results":
        screenshot(page, shot, lang, device)
        return
    # the results from their heading, and the first result with dates that are not free (opened)
    screenshot(page, shot, lang, device, start="#results-heading")
    screenshot(page, shot, lang, device, name="search-not-free", start=".search-results > li:has(details[open])")


def check(page, what: str) -> None:
    found = blocking(axe_violations(page))
    assert not found, f"{what}\n" + describe_violations(found, page.url)
    assert page_basics(page) == [], what


@pytest.mark.parametrize(("shot", "lang"), CASES)
def test_page_passes_axe_reflows_at_360_px_and_is_photographed(new_page, invoices, shot, lang):
    path = shot.url(invoices)
    page = new_page(shot.role, width=DEVICES["desktop"][0], height=DEVICES["desktop"][1], language=lang)
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} as {shot.role}: HTTP {response.status}"
    assert page.evaluate("document.documentElement.lang").startswith(lang)
    if shot.heading[lang]:
        assert shot.heading[lang] in page.locator("h1").inner_text()
    details = page.locator("main details")
    if shot.name == "search-results":
        assert details.count() >= 1, "some Wednesday evening is not free somewhere (the yoga in de Haard)"
        details.first.locator("summary").click()
        first = page.locator("main .search-results > li").filter(has=page.locator("details")).first
        assert first.locator("details li").count() >= 1
        assert first.locator("a.button").get_attribute("href").startswith(reverse("bookings:request", args=[HAARD]))
    if shot.name == "booking-approvals-price":
        columns = page.locator("main table thead th").all_inner_texts()
        renter, price = {"nl": ("Huurder", "Prijs"), "en": ("Renter", "Price")}[lang]
        assert renter in columns and price in columns, columns
        assert "Organisatie" not in columns and "Organisation" not in columns, columns
        # the private renter of the birthday party is named in the renter column
        row = page.locator("main table tbody tr").filter(has_text="Verjaardagsfeest 50 jaar")
        assert row.locator("td").nth(1).inner_text().strip() != ""
    check(page, f"{shot.name} ({lang}, desktop)")
    screenshots(page, shot, lang, "desktop")

    page.set_viewport_size({"width": DEVICES["mobile"][0], "height": DEVICES["mobile"][1]})
    result = overflow(page, DEVICES["mobile"][0])
    assert result["scrollWidth"] <= DEVICES["mobile"][0], f"{shot.name} ({lang}) scrolls sideways: {result}"
    assert unlabelled_scroll_regions(page) == [], f"{shot.name} ({lang}): a scroll region without label or tabindex"
    assert squeezed_text(page) == [], f"{shot.name} ({lang}): text squeezed into a narrow column at 360 px"
    check(page, f"{shot.name} ({lang}, mobile)")
    screenshots(page, shot, lang, "mobile")
    page.set_viewport_size({"width": DEVICES["desktop"][0], "height": DEVICES["desktop"][1]})


def test_invoice_page_links_to_the_pdf_and_the_e_invoice(new_page, invoices):
    invoice = invoices["invoice"]
    page = new_page("manager")
    page.goto(reverse("billing:invoice_detail", args=[invoice.pk]))
    for name in ("billing:invoice_pdf", "billing:invoice_ubl"):
        link = page.locator(f"main a[href='{reverse(name, args=[invoice.pk])}']")
        assert link.count() >= 1, f"no link to {name} on the invoice page"
    assert invoice.number in page.locator("main").inner_text()
