import pytest

from buurtkracht.houses.models import House
from buurtkracht.houses.regions import default_holiday_region, default_time_zone

R = House.HolidayRegion


@pytest.mark.parametrize(
    ("country", "province", "region", "code", "expected"),
    [
        ("NL", "Noord-Brabant", "", "GM0828", R.NL_SOUTH),
        ("NL", "Groningen", "", "GM0014", R.NL_NORTH),
        ("NL", "Utrecht", "", "GM0344", R.NL_MIDDLE),
        ("NL", "", "", "", R.NL_MIDDLE),
        ("BE", "Provincie Antwerpen", "Vlaams Gewest", "12014", R.BE_FLEMISH),
        ("BE", "Provincie Luik", "Waals Gewest", "62063", R.BE_FRENCH),
        ("BE", "Provincie Luik", "Waals Gewest", "63023", R.BE_GERMAN),
        ("BE", "", "Brussels Hoofdstedelijk Gewest", "21004", R.BE_FLEMISH),
    ],
)
def test_holiday_region_defaults_from_where_the_house_is(country, province, region, code, expected):
    assert default_holiday_region(country, province, region, code) == expected


def test_belgian_houses_think_in_brussels_time():
    assert default_time_zone("BE") == "Europe/Brussels"
    assert default_time_zone("NL") == "Europe/Amsterdam"
