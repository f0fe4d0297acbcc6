"""The dashboard links to the billing pages a person may use, and shows a house's occupancy and revenue
forgone to the people who run it (issue #3). Each link only for the roles that may open it."""

from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

HOUSE_OVERVIEW = "billing:house_overview"
ORGANISATION_INVOICES = "billing:organisation_invoices"
NETWORK_REVENUE = "billing:network_revenue"
REVENUE_FORGONE = "billing:revenue_forgone"


def links(cast):
    return {
        HOUSE_OVERVIEW: reverse(HOUSE_OVERVIEW, args=[cast.house_a.slug]),
        ORGANISATION_INVOICES: reverse(ORGANISATION_INVOICES, args=[cast.organisation_a.pk]),
        NETWORK_REVENUE: reverse(NETWORK_REVENUE, args=[cast.network_a.slug]),
        REVENUE_FORGONE: reverse(REVENUE_FORGONE, args=[cast.house_a.slug]),
    }


SHOWN = {
    "manager_a": {HOUSE_OVERVIEW, REVENUE_FORGONE},
    "volunteer_a": set(),
    "contact": {ORGANISATION_INVOICES},
    "provider": set(),
    "coordinator": {NETWORK_REVENUE},
    "officer": {NETWORK_REVENUE},
    "manager_b": set(),
    "referrer": set(),
    "stranger": set(),
}


@pytest.mark.parametrize("role", sorted(SHOWN))
def test_each_role_sees_only_the_billing_links_it_may_use(cast, login, role):
    client = login(cast[role])
    with translation.override("nl"):
        page = client.get(reverse("core:dashboard")).content.decode()
    for name, url in links(cast).items():
        assert (f'href="{url}"' in page) == (name in SHOWN[role]), f"{role}: {name}"
        if f'href="{url}"' in page:
            assert client.get(url).status_code == 200, f"{role} is shown {name} but may not open it"


def test_the_house_card_shows_occupancy_and_revenue_forgone(cast, login):
    from buurtkracht.billing.services.charges import charge_occurrences
    from buurtkracht.billing.tests import factories
    from buurtkracht.bookings.tests.factories import book

    factories.house_profile(cast.house_a)
    factories.hourly_card(cast.house_a)
    today = timezone.localdate()
    day = today if today.month > 1 or today.day > 1 else date(today.year, 1, 1)
    series = book(cast.room_a, first_date=day.replace(day=1), start=time(9, 0), minutes=120,
                  organisation=cast.organisation_a, allow_past=True)  # fmt: skip
    charge_occurrences(series.occurrences.all())
    with translation.override("nl"):
        page = login(cast.manager_a).get(reverse("core:dashboard")).content.decode()
        volunteer = login(cast.volunteer_a).get(reverse("core:dashboard")).content.decode()
    assert "<h4" in page and "Bezetting" in page and "Deze maand" in page
    assert reverse("bookings:occupancy", args=[cast.house_a.slug]) in page
    # 2 hours at €32 list, 50 % off for an association: €32 forgone
    assert "Gederfde huur dit jaar: <strong>€\xa032,00</strong>" in page
    assert "Bezetting" in volunteer and "Gederfde huur dit jaar" not in volunteer
