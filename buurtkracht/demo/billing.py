"""Demo tariffs: every demo house gets a rate card, so quotes, matching proposals and invoices show prices.

The card of a house: resident initiatives have 20 free hours a year and then pay a quarter of the list price,
associations and foundations get 40 % off, care and welfare providers 20 %, municipal services pay an own hourly
price, commercial renters and private persons pay the list price (private persons also a deposit). The named
houses of Oss and Heist get their own kind of card (per hour, per day part, per use) and billing details, so
their managers can run invoices; the generated Brabant houses get an hourly card.

Written through the billing services (validated and audited, actor ``None`` = the system) before the demo
bookings, so the confirmed bookings are charged at once. Idempotent: a house that has a rate card (or billing
details) keeps it.
"""

from __future__ import annotations

import zlib
from datetime import date
from decimal import Decimal

from django.utils import timezone

D = Decimal
CATEGORIES = {
    "resident_initiative": {"discount_percent": D("75"), "free_hours_per_year": D("20")},
    "non_profit": {"discount_percent": D("40")},
    "care_welfare": {"discount_percent": D("20")},
    "municipal": {"own_price": D("17.50")},
    "commercial": {},
    "private": {"deposit": D("100.00")},
}
HOURLY = (D("22.50"), D("25.00"), D("27.50"), D("30.00"))
# Named houses: the kind of card and its prices; the rest is hourly.
CARDS = {
    "Wij(k)huis de Haard": {"unit": "hour", "hour_price": D("32.50"), "kitchen": D("15.00")},
    "de Bongerd": {
        "unit": "day_part",
        "morning_price": D("45.00"),
        "afternoon_price": D("45.00"),
        "evening_price": D("60.00"),
    },  # fmt: skip
    "Dorpshuis Herpen": {"unit": "use", "use_price": D("55.00")},
}


def _card_fields(house) -> dict:
    fields = dict(CARDS.get(house.name, {}))
    fields.pop("kitchen", None)
    if not fields:
        fields = {"unit": "hour", "hour_price": HOURLY[zlib.crc32(house.slug.encode()) % len(HOURLY)]}
    return fields


def load_billing(*, houses: dict, report) -> None:
    """Rate cards for every house of the demo networks; billing details for the named houses (``houses``)."""
    from buurtkracht.billing.models import HouseBillingProfile, RateCard
    from buurtkracht.billing.services import profiles, tariffs
    from buurtkracht.houses.models import House

    named = {house.pk for house in houses.values()}
    demo_networks = {network.pk for house in houses.values() for network in house.networks.all()}
    with_card = set(RateCard.objects.values_list("house_id", flat=True).distinct())
    first = date(timezone.localdate().year, 1, 1)
    for house in House.objects.filter(networks__in=demo_networks).distinct().order_by("pk"):
        if house.pk in with_card:
            report.kept["rate cards"] += 1
            continue
        card = tariffs.create_rate_card(
            actor=None, house=house, name=f"Tarieven {first.year}", valid_from=first, categories=CATEGORIES,
            **_card_fields(house),
        )  # fmt: skip
        kitchen = CARDS.get(house.name, {}).get("kitchen")
        if kitchen:
            tariffs.add_surcharge(card, actor=None, code="kitchen", name="Keuken", price=kitchen, vat_rate=D("21"))
        report.created["rate cards"] += 1
    profiled = set(HouseBillingProfile.objects.filter(house_id__in=named).values_list("house_id", flat=True))
    for index, house in enumerate(sorted(houses.values(), key=lambda h: h.pk), start=1):
        if house.pk in profiled:
            report.kept["billing details"] += 1
            continue
        belgian = house.country == "BE"
        profiles.save_house_profile(
            actor=None, house=house, legal_name=f"Stichting {house.name}", street=house.street or "Dorpsstraat 1",
            postcode=house.postcode or ("2220" if belgian else "5341 AA"), city=house.city or "Oss",
            country=house.country, registration_number="0123456749" if belgian else f"{41000000 + index:08d}",
            iban="BE68539007547034" if belgian else "NL91ABNA0417164300",
            email=f"penningmeester-{house.slug}@demo.buurtkracht.nl", number_prefix=f"DEMO{index}",
        )  # fmt: skip
        report.created["billing details"] += 1
