"""Helpers to set up billing in tests through the real services."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from buurtkracht.billing.services import profiles, tariffs

D = Decimal


def house_profile(house, **extra):
    values = {
        "legal_name": f"Stichting {house.name}",
        "street": "Kerkstraat 1",
        "postcode": "5341 AA",
        "city": "Oss",
        "country": "NL",
        "registration_number": "12345678",
        "vat_id": "NL123456789B01",
        "iban": "NL91ABNA0417164300",
        "email": "penningmeester@huis.example",
        "number_prefix": "HA",
    }
    values.update(extra)
    return profiles.save_house_profile(actor=None, house=house, **values)


def organisation_profile(organisation, **extra):
    values = {
        "legal_name": organisation.name,
        "street": "Molenstraat 5",
        "postcode": "5341 BB",
        "city": "Oss",
        "invoice_email": "facturen@vereniging.example",
        "company_id": "87654321",
        "company_id_scheme": "0106",
    }
    values.update(extra)
    return profiles.save_organisation_profile(actor=None, organisation=organisation, **values)


CATEGORIES = {
    "resident_initiative": {"discount_percent": D("75"), "free_hours_per_year": D("5")},
    "non_profit": {"discount_percent": D("50")},
    "care_welfare": {"discount_percent": D("25")},
    "municipal": {"own_price": D("20.00")},
    "commercial": {},
    "private": {"deposit": D("150.00")},
}


PRICE = D("32.00")


def hourly_card(house, *, valid_from=date(2025, 1, 1), price=PRICE, categories=None, extras=True, **extra):
    card = tariffs.create_rate_card(
        actor=None,
        house=house,
        name=extra.pop("name", "Tarieven"),
        valid_from=valid_from,
        unit="hour",
        hour_price=price,
        categories=CATEGORIES if categories is None else categories,
        **extra,
    )
    if extras:
        tariffs.add_surcharge(card, actor=None, code="kitchen", name="Keuken", price=D("15.00"), vat_rate=D("21"))
        tariffs.add_surcharge(card, actor=None, code="bar", name="Bar open", price=D("25.00"), vat_rate=D("21"))
    return card


def book(room, day: date, *, start=time(19, 30), minutes=120, organisation=None, kind="one_off", **fields):
    """A confirmed booking (through the bookings service), in the past or the future."""
    from buurtkracht.bookings.tests.factories import book as bookings_book

    return bookings_book(
        room, first_date=day, start=start, minutes=minutes, organisation=organisation, kind=kind, allow_past=True,
        **fields,
    )  # fmt: skip
