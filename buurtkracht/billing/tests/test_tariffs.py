"""Rate cards: validation with clear messages, no overlapping validity (service and database), versions that
never rewrite history, and which card applies to a date."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from buurtkracht.billing.models import ChargeLine, RateCard
from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.charges import charge_occurrences
from buurtkracht.billing.tests.factories import book, hourly_card
from buurtkracht.houses.tests.factories import RoomFactory

D = Decimal
pytestmark = pytest.mark.django_db


def test_it_refuses_a_negative_price_and_saves_nothing(cast):
    with pytest.raises(ValidationError) as error:
        tariffs.create_rate_card(actor=cast.manager_a, house=cast.house_a, name="Fout", valid_from=date(2026, 1, 1),
                                 unit="hour", hour_price=D("-1"))  # fmt: skip
    assert error.value.message_dict["hour_price"] == ["Een prijs kan niet negatief zijn."]
    assert not RateCard.objects.exists()


def test_it_refuses_a_card_without_the_price_of_its_unit(cast):
    with pytest.raises(ValidationError) as error:
        tariffs.create_rate_card(actor=None, house=cast.house_a, name="Dagdelen", valid_from=date(2026, 1, 1),
                                 unit="day_part", morning_price=D("40"))  # fmt: skip
    assert "afternoon_price" in error.value.message_dict
    assert not RateCard.objects.exists()


def test_it_refuses_overlapping_validity_with_a_clear_message(cast):
    hourly_card(cast.house_a, valid_from=date(2025, 1, 1), name="Tarieven 2025", extras=False)
    with pytest.raises(ValidationError) as error:
        hourly_card(cast.house_a, valid_from=date(2025, 6, 1), name="Nieuw", extras=False)
    message = error.value.message_dict["valid_from"][0]
    assert "Tarieven 2025" in message and "1 januari 2025" in message and "nieuwe versie" in message
    assert RateCard.objects.count() == 1


def test_the_database_refuses_overlapping_cards_too(cast):
    hourly_card(cast.house_a, valid_from=date(2025, 1, 1), extras=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        RateCard.objects.create(house=cast.house_a, name="Om de service heen", valid_from=date(2025, 3, 1),
                                valid_until=date(2025, 4, 1), unit="hour", hour_price=D("10"))  # fmt: skip


def test_cards_for_other_rooms_or_other_hire_may_overlap(cast):
    room = RoomFactory(house=cast.house_a, name="Kleine zaal")
    hourly_card(cast.house_a, valid_from=date(2025, 1, 1), extras=False)
    hourly_card(cast.house_a, valid_from=date(2025, 1, 1), room=room, extras=False, name="Kleine zaal")
    hourly_card(cast.house_a, valid_from=date(2025, 1, 1), hire="seasonal", extras=False, name="Seizoen")
    book_ = tariffs.CardBook(cast.house_a)
    assert book_.find(room=room, day=date(2025, 5, 1), seasonal=False).name == "Kleine zaal"
    assert book_.find(room=cast.room_a, day=date(2025, 5, 1), seasonal=True).name == "Seizoen"
    assert book_.find(room=cast.room_a, day=date(2025, 5, 1), seasonal=False).name == "Tarieven"
    assert book_.find(room=cast.room_a, day=date(2024, 12, 31), seasonal=False) is None


def test_a_new_version_ends_the_old_card_and_copies_its_rules(cast):
    old = hourly_card(cast.house_a, valid_from=date(2025, 1, 1))
    tariffs.add_tier(old, actor=None, more_than=30, discount_percent=D("10"))
    new = tariffs.new_version(old, actor=cast.manager_a, valid_from=date(2026, 1, 1), hour_price=D("36.00"))
    old.refresh_from_db()
    assert old.valid_until == date(2025, 12, 31)
    assert new.hour_price == D("36.00") and new.valid_until is None
    assert sorted(new.category_rates.values_list("category", flat=True)) == sorted(
        old.category_rates.values_list("category", flat=True)
    )
    assert new.surcharges.count() == 2 and new.tiers.get().more_than == 30


def test_tariff_changes_never_rewrite_charges(cast):
    card = hourly_card(cast.house_a, valid_from=date(2025, 1, 1))
    series = book(cast.room_a, date(2026, 2, 2))
    charge_occurrences(series.occurrences.all())
    before = list(ChargeLine.objects.values_list("amount", "list_amount", "rule", "vat_rate"))
    with pytest.raises(ValidationError):
        tariffs.update_rate_card(card, actor=None, hour_price=D("50.00"))
    tariffs.new_version(card, actor=None, valid_from=date(2026, 3, 1), hour_price=D("50.00"))
    charge_occurrences(series.occurrences.all())
    assert list(ChargeLine.objects.values_list("amount", "list_amount", "rule", "vat_rate")) == before


def test_a_used_card_cannot_get_a_new_version_before_its_last_charge(cast):
    card = hourly_card(cast.house_a, valid_from=date(2025, 1, 1))
    charge_occurrences(book(cast.room_a, date(2026, 2, 2)).occurrences.all())
    with pytest.raises(ValidationError) as error:
        tariffs.new_version(card, actor=None, valid_from=date(2026, 2, 1))
    assert "latere datum" in error.value.message_dict["valid_from"][0]


def test_category_rates_are_validated(cast):
    card = hourly_card(cast.house_a, categories={}, extras=False)
    with pytest.raises(ValidationError) as error:
        tariffs.set_category_rate(card, category="commercial", actor=None, discount_percent=D("120"))
    assert error.value.message_dict["discount_percent"] == ["Vul een korting in tussen 0 en 100 %."]
    with pytest.raises(ValidationError):
        tariffs.set_category_rate(card, category="commercial", actor=None, discount_percent=10, own_price=20)
    assert not card.category_rates.exists()


def test_a_taxed_surcharge_needs_a_rate(cast):
    card = hourly_card(cast.house_a, extras=False)
    with pytest.raises(ValidationError) as error:
        tariffs.add_surcharge(card, actor=None, code="bar", name="Bar", price=D("10"), vat_category="S", vat_rate=0)
    assert "vat_rate" in error.value.message_dict
    assert not card.surcharges.exists()
