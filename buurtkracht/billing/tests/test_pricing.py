"""The pure pricing function: hours, day parts in local time (DST included), tiers, categories, free hours,
minimum charge, day price and extras. No database."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from buurtkracht.billing.money import cents, euro
from buurtkracht.billing.pricing import (
    Card,
    CategoryTerms,
    Extra,
    Tier,
    cost_covering_rate,
    day_parts,
    price_occurrence,
    season_of,
)

AMS = ZoneInfo("Europe/Amsterdam")
D = Decimal


def local(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=AMS).astimezone(UTC)


def hourly(**extra) -> Card:
    return Card(unit="hour", hour_price=D("32.00"), **extra)


def day_part_card(**extra) -> Card:
    values = {"morning_price": D("40"), "afternoon_price": D("50"), "evening_price": D("60")}
    values.update(extra)
    return Card(unit="day_part", **values)


def price(card, start, end, *, category="commercial", label="commercieel", **kw):
    return price_occurrence(card, start=start, end=end, tz=AMS, category=category, category_label=label, **kw)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_it_charges_hours_times_the_hour_price():
    result = price(hourly(), local(2026, 3, 2, 19, 30), local(2026, 3, 2, 21, 30))
    assert result.rent.hours == D("2.00")
    assert result.rent.list_amount == D("64.00") == result.total


def test_it_rounds_hours_up_to_the_step_of_the_card():
    result = price(hourly(), local(2026, 3, 2, 19, 30), local(2026, 3, 2, 21, 40))
    assert result.rent.hours == D("2.25")
    assert result.total == D("72.00")
    result = price(hourly(rounding_minutes=60), local(2026, 3, 2, 19, 30), local(2026, 3, 2, 21, 40))
    assert result.total == D("96.00")


def test_the_october_clock_change_night_is_seven_hours_unless_the_card_counts_clock_hours():
    start, end = local(2025, 10, 25, 21), local(2025, 10, 26, 3)
    assert price(hourly(), start, end).rent.hours == D("7.00")
    assert price(hourly(), start, end).total == D("224.00")
    assert price(hourly(clock_hours=True), start, end).rent.hours == D("6.00")


def test_the_march_clock_change_night_is_five_hours():
    assert price(hourly(), local(2026, 3, 28, 21), local(2026, 3, 29, 3)).rent.hours == D("5.00")


def test_weekly_evenings_cost_the_same_on_both_sides_of_the_clock_change():
    before = price(hourly(), local(2025, 10, 20, 19, 30), local(2025, 10, 20, 21, 30))
    after = price(hourly(), local(2025, 10, 27, 19, 30), local(2025, 10, 27, 21, 30))
    assert before.total == after.total == D("64.00")


@pytest.mark.parametrize(
    ("start", "end", "parts"),
    [
        ((12, 0), (13, 0), ["morning"]),
        ((12, 30), (13, 30), ["morning", "afternoon"]),
        ((17, 45), (18, 0), ["afternoon"]),
        ((18, 0), (23, 0), ["evening"]),
        ((8, 0), (23, 0), ["morning", "afternoon", "evening"]),
        ((7, 0), (8, 0), ["evening"]),
    ],
)
def test_day_part_boundaries_are_half_open_in_local_time(start, end, parts):
    card = day_part_card()
    found = day_parts(local(2026, 3, 3, *start), local(2026, 3, 3, *end), AMS, card)
    assert [name for _day, name in found] == parts


def test_a_late_evening_past_midnight_is_one_evening():
    found = day_parts(local(2026, 3, 3, 21), local(2026, 3, 4, 1), AMS, day_part_card())
    assert found == [(date(2026, 3, 3), "evening")]


def test_grace_minutes_forgive_a_short_overlap_but_at_least_one_part_is_charged():
    card = day_part_card(grace_minutes=30)
    assert [n for _d, n in day_parts(local(2026, 3, 3, 12), local(2026, 3, 3, 13, 20), AMS, card)] == ["morning"]
    assert [n for _d, n in day_parts(local(2026, 3, 3, 12), local(2026, 3, 3, 13, 31), AMS, card)] == [
        "morning",
        "afternoon",
    ]
    assert [n for _d, n in day_parts(local(2026, 3, 3, 12, 50), local(2026, 3, 3, 13, 10), AMS, card)] == ["morning"]


def test_day_parts_on_the_clock_change_morning_follow_the_wall_clock():
    # 26 October 2025: the evening of the 25th runs until 08:00 local, fifteen real hours.
    found = day_parts(local(2025, 10, 26, 7), local(2025, 10, 26, 9), AMS, day_part_card())
    assert found == [(date(2025, 10, 25), "evening"), (date(2025, 10, 26), "morning")]
    result = price(day_part_card(), local(2025, 10, 26, 7), local(2025, 10, 26, 9))
    assert result.total == D("100.00")


def test_the_evening_rate_with_a_full_resident_discount_explains_itself():
    card = day_part_card(categories={"resident_initiative": CategoryTerms(discount_percent=D("100"))})
    result = price(card, local(2026, 3, 3, 19), local(2026, 3, 3, 22), category="resident_initiative",
                   label="bewonersinitiatief")  # fmt: skip
    assert result.rent.rule == "Avondtarief, bewonersinitiatief −100%"
    assert result.rent.list_amount == D("60.00")
    assert result.total == D("0.00")
    assert result.discount == D("60.00")


def test_categories_get_their_discount_or_their_own_price():
    card = hourly(
        categories={
            "non_profit": CategoryTerms(discount_percent=D("50")),
            "care_welfare": CategoryTerms(discount_percent=D("75")),
            "municipal": CategoryTerms(own_price=D("20.00")),
        }
    )
    start, end = local(2026, 3, 2, 10), local(2026, 3, 2, 11)
    assert price(card, start, end, category="commercial").total == D("32.00")
    assert price(card, start, end, category="non_profit").total == D("16.00")
    assert price(card, start, end, category="care_welfare").total == D("8.00")
    municipal = price(card, start, end, category="municipal", label="gemeentelijke dienst")
    assert municipal.total == D("20.00")
    assert municipal.rent.list_amount == D("32.00")
    assert "gemeentelijke dienst: eigen prijs € 20,00" in municipal.rent.rule


def test_an_own_price_above_list_is_a_premium_not_a_discount():
    card = hourly(categories={"commercial": CategoryTerms(own_price=D("40.00"))})
    result = price(card, local(2026, 3, 2, 10), local(2026, 3, 2, 12))
    assert result.total == D("80.00")
    assert result.discount == D("-16.00")


def test_a_volume_tier_lowers_the_list_price_after_more_than_n_uses():
    card = hourly(tiers=(Tier(10, D("5")), Tier(30, D("10"))))
    start, end = local(2026, 3, 2, 19), local(2026, 3, 2, 21)
    assert price(card, start, end, uses=10).total == D("64.00")
    assert price(card, start, end, uses=11).total == D("60.80")
    assert price(card, start, end, uses=30).total == D("60.80")
    tier = price(card, start, end, uses=31)
    assert tier.total == D("57.60")
    assert tier.rent.list_amount == D("57.60")
    assert "meer dan 30" in tier.rent.tier


def test_the_minimum_charge_and_the_day_price_bound_the_list_amount():
    card = hourly(minimum_charge=D("50.00"), day_cap=D("180.00"))
    short = price(card, local(2026, 3, 2, 10), local(2026, 3, 2, 11))
    assert short.total == D("50.00")
    assert "minimumbedrag" in short.rent.rule
    long = price(card, local(2026, 3, 2, 8), local(2026, 3, 2, 20))
    assert long.total == D("180.00")
    assert "dagprijs" in long.rent.rule


def test_free_hours_cover_part_of_a_booking_and_keep_the_list_price():
    card = hourly(categories={"resident_initiative": CategoryTerms(discount_percent=D("50"))})
    start, end = local(2026, 3, 2, 19), local(2026, 3, 2, 21)
    result = price(card, start, end, category="resident_initiative", free_hours_left=D("1.5"))
    assert result.free_hours_used == D("1.5")
    assert result.rent.list_amount == D("64.00")
    assert result.total == D("8.00")  # 32 after discount, a quarter of the hours still to pay
    assert price(card, start, end, category="resident_initiative", free_hours_left=D("5")).total == D("0.00")


def test_extras_have_their_own_lines_and_vat():
    card = hourly(
        categories={"non_profit": CategoryTerms(discount_percent=D("50"))},
        extras={
            "kitchen": Extra(code="kitchen", name="Keuken", price=D("15.00"), vat_rate=D("21")),
            "cleaning": Extra(code="cleaning", name="Schoonmaak", price=D("10.00"), always=True, discounted=True),
            "beamer": Extra(code="beamer", name="Beamer", price=D("5.00"), unit="hour", vat_rate=D("21")),
        },
    )
    result = price(card, local(2026, 3, 2, 19), local(2026, 3, 2, 21), category="non_profit", label="vereniging",
                   extras=("kitchen", "beamer", "piano"))  # fmt: skip
    codes = [line.code for line in result.lines]
    assert codes == ["rent", "cleaning", "kitchen", "beamer"]
    by_code = {line.code: line for line in result.lines}
    assert by_code["kitchen"].amount == D("15.00")  # no category discount on the kitchen
    assert by_code["cleaning"].amount == D("5.00")  # the cleaning surcharge is discounted
    assert by_code["beamer"].amount == D("10.00")
    assert by_code["kitchen"].vat == D("3.15")
    assert result.total == D("62.00")
    assert result.notes and "piano" in result.notes[0]


def test_amounts_round_half_up_to_the_cent():
    assert cents(D("2.345")) == D("2.35")
    assert cents(D("-2.345")) == D("-2.35")
    card = Card(unit="hour", hour_price=D("10.01"), rounding_minutes=1)
    result = price(card, local(2026, 3, 2, 10), local(2026, 3, 2, 10, 30))
    assert result.total == D("5.01")  # 5.005 up
    assert euro(D("1234.5")) == "€ 1.234,50"


def test_money_code_refuses_floats():
    from buurtkracht.billing.money import to_decimal

    with pytest.raises(TypeError):
        to_decimal(0.1)


def test_the_season_runs_from_the_start_month():
    assert season_of(date(2026, 3, 1), 8) == (date(2025, 8, 1), date(2026, 7, 31))
    assert season_of(date(2026, 8, 1), 8) == (date(2026, 8, 1), date(2027, 7, 31))
    assert season_of(date(2026, 8, 1), 1) == (date(2026, 1, 1), date(2026, 12, 31))


def test_the_cost_covering_rate_follows_the_worked_example():
    # €90,000 a year, 300 m² net, 2,500 open hours at 30 % occupancy: €0.40 per m² per hour; 80 m² → €32.
    rate = cost_covering_rate(yearly_costs=D("90000"), net_area_m2=D("300"), open_hours=2500, occupancy_percent=D("30"))
    assert rate == D("0.4000")
    assert cents(rate * 80) == D("32.00")
    assert cost_covering_rate(yearly_costs=None, net_area_m2=D("1"), open_hours=1, occupancy_percent=D("1")) is None


def test_a_booking_must_end_after_it_starts():
    with pytest.raises(ValueError):
        price(hourly(), local(2026, 3, 2, 10), local(2026, 3, 2, 10))


def test_day_parts_use_time_objects_from_the_card():
    card = day_part_card(morning_starts=time(9), afternoon_starts=time(12), evening_starts=time(17))
    found = day_parts(local(2026, 3, 3, 11), local(2026, 3, 3, 12, 30), AMS, card)
    assert [n for _d, n in found] == ["morning", "afternoon"]
