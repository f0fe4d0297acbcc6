import pytest


@pytest.fixture
def place(cast):
    """Network A covers a district with many older residents; house A lies in it with a rate card."""
    from buurtkracht.billing.tests.factories import hourly_card
    from buurtkracht.networks.tests.factories import AreaStatisticsFactory, DistrictFactory

    district = DistrictFactory(code="WK999901", name="Centrum", latitude=51.765, longitude=5.518)
    AreaStatisticsFactory(area=district, share_65_plus=30, share_low_income=8)
    cast.network_a.areas.add(district.parent)
    cast.house_a.area = district
    cast.house_a.save()
    hourly_card(cast.house_a, extras=False)
    return district


def need_data(**extra):
    from datetime import timedelta

    from django.utils import timezone

    data = {
        "activity": "Taalcafé", "group_size": 12, "hours_per_week": "2", "weekdays": [1], "day_parts": ["morning"],
        "start_date": timezone.localdate() + timedelta(days=7), "weeks": 12, "budget": "250",
        "facilities": [], "wished_facilities": ["kitchen"],
    }  # fmt: skip
    data.update(extra)
    return data


def signup_data(area: str, **extra):
    data = {
        "name": "Taalmaatjes Centrum", "goal": "Samen Nederlands oefenen.", "themes": ["language", "meeting"],
        "target_groups": ["seniors", "newcomers"], "support": ["volunteers"], "contact_name": "Fatima",
        "email": "fatima@example.org", "phone": "0612345678",
    }  # fmt: skip
    data.update(extra)
    return data
