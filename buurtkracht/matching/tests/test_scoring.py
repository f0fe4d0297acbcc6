from decimal import Decimal

from django.utils import translation

from buurtkracht.matching.services import scoring


def test_capacity_fit_is_full_up_to_twice_the_group_and_zero_at_four_times():
    assert scoring.capacity(12, 12) == 1.0
    assert scoring.capacity(24, 12) == 1.0
    assert scoring.capacity(36, 12) == 0.5
    assert scoring.capacity(48, 12) == 0.0
    assert scoring.capacity(11, 12) == 0.0


def test_distance_budget_free_time_and_fit_components():
    assert scoring.distance(0, 10) == 1.0
    assert scoring.distance(5, 10) == 0.5
    assert scoring.distance(20, 10) == 0.0
    assert scoring.budget(Decimal("100"), Decimal("200")) == 0.5
    assert scoring.budget(Decimal("100"), Decimal("0")) == 1.0
    assert scoring.free_time(9, 12) == 0.75
    assert scoring.jaccard({"a", "b"}, {"b", "c"}) == 1 / 3
    assert scoring.district_groups({"share_65_plus": 30.0}) == {"seniors"}


def test_weights_combine_to_a_weighted_mean():
    weights = {"distance": Decimal("1"), "capacity": Decimal("0"), "facilities": Decimal("0"),
               "free_time": Decimal("1"), "budget": Decimal("0"), "fit": Decimal("0")}  # fmt: skip
    parts = {"distance": 1.0, "capacity": 0, "facilities": 0, "free_time": 0.5, "budget": 0, "fit": 0}
    assert scoring.combine(parts, weights) == 0.75


def test_explanation_in_plain_dutch(db):
    inputs = {
        "km": 1.24, "max_km": 15, "capacity": 20, "group_size": 12, "needed": [], "wished": ["kitchen"],
        "present": ["kitchen"], "free": 11, "total": 12, "weekday": 1, "day_part": "morning", "cost": "0",
        "budget": "250", "category": "resident_initiative", "category_label": "bewonersinitiatief",
        "shared": ["language"], "district": {"seniors": 30.0},
    }  # fmt: skip
    with translation.override("nl"):
        text = scoring.explanation(inputs)
    assert text.startswith("vrij op 11 van de 12 dinsdagochtenden; keuken; ")
    assert "1,2 km" in text
    assert "€0 met het tarief voor bewonersinitiatieven" in text
    assert "in de wijk: 30% ouderen" in text


def test_explanation_says_free_time_counts_the_first_weeks_when_the_price_covers_more(db):
    inputs = {
        "km": 2.9, "max_km": 15, "capacity": 18, "group_size": 15, "needed": [], "wished": [], "present": [],
        "free": 12, "total": 12, "weekday": 1, "day_part": "morning", "cost": "0", "budget": "400",
        "category": "resident_initiative", "category_label": "bewonersinitiatief", "sessions": 13,
        "free_hours": "32.5", "per_session": None, "unpriced": 0, "shared": [], "district": {},
    }  # fmt: skip
    with translation.override("nl"):
        text = scoring.explanation(inputs)
    assert text.startswith("vrij op 12 van de eerste 12 dinsdagochtenden; ")
    assert "€0 voor 13 keer met het tarief voor bewonersinitiatieven" in text
    inputs["sessions"] = 12
    with translation.override("nl"):
        assert scoring.explanation(inputs).startswith("vrij op 12 van de 12 dinsdagochtenden; ")
