"""The shipped reference files, loaded once for this module (in a transaction that is rolled back at the
end, so other test modules see an empty area table): the facts the demo and the pages rely on."""

import time
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum

from buurtkracht.networks.geocoding import locate, nearest_district
from buurtkracht.networks.importers import load_reference_data
from buurtkracht.networks.models import Area, AreaStatistics


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        report = load_reference_data(force=True)
        seconds = time.monotonic() - started
        yield report, seconds
        transaction.set_rollback(True)


@pytest.fixture
def loaded(reference, db):
    return reference[0]


def test_the_whole_load_is_fast(reference):
    _report, seconds = reference
    assert seconds < 30


def test_oss_has_its_23_wijken_of_2022(loaded):
    oss = Area.objects.get(country="NL", kind="municipality", code="GM0828")
    assert (oss.name, oss.province) == ("Oss", "Noord-Brabant")
    wijken_2022 = Area.objects.filter(parent=oss, kind="district", statistics__year=2022)
    assert wijken_2022.count() == 23


def test_ruwaard_and_macharen_have_their_cbs_figures(loaded):
    ruwaard = AreaStatistics.objects.get(area__code="WK082806", year=2022)
    assert ruwaard.area.name == "Ruwaard"
    assert ruwaard.population == 13315
    assert ruwaard.source == "CBS Kerncijfers wijken en buurten 2022"
    macharen = AreaStatistics.objects.get(area__code="WK082812", year=2022)
    assert macharen.area.name == "Macharen"
    assert (macharen.population, macharen.share_65_plus) == (750, Decimal("27.0"))


def test_the_2024_figures_add_up_to_the_dutch_population(loaded):
    total = AreaStatistics.objects.filter(
        year=2024, area__kind="municipality", source="CBS Kerncijfers wijken en buurten 2024"
    ).aggregate(total=Sum("population"))["total"]
    assert total == 17_942_942
    assert AreaStatistics.objects.filter(year=2024, area__kind="municipality").count() == 342


def test_wijken_new_in_2024_get_an_area_in_their_municipality(loaded):
    wijk = Area.objects.get(kind="district", code="WK0363AA")
    assert wijk.parent.code == "GM0363"
    assert wijk.statistics.get().year == 2024


def test_heist_op_den_berg_has_its_deelgemeenten(loaded):
    heist = Area.objects.get(country="BE", kind="municipality", code="12014")
    assert (heist.name, heist.province, heist.region) == ("Heist-op-den-Berg", "Antwerpen", "Vlaams Gewest")
    names = set(heist.children.filter(kind="submunicipality").values_list("name", flat=True))
    assert {"Hallaar", "Itegem", "Wiekevorst", "Booischot", "Schriek"} <= names
    assert Area.objects.get(country="BE", kind="postcode", code="2220").parent == heist


def test_deelgemeenten_of_merged_municipalities_are_skipped_and_counted(loaded):
    deelgemeenten = next(f for f in loaded.files if f.name == "be_flanders_deelgemeenten_onroerenderfgoed.csv")
    assert deelgemeenten.skipped["discontinued"] == 119
    assert deelgemeenten.areas.created + deelgemeenten.areas.unchanged == 1132 - 119
    assert not Area.objects.filter(kind="submunicipality", code__startswith="11007").exists()  # Borsbeek


def test_every_area_has_a_known_parent_or_none(loaded):
    assert Area.objects.filter(kind="district", parent__isnull=True).count() == 0
    assert Area.objects.filter(kind="submunicipality", parent__isnull=True).count() == 0
    assert Area.objects.filter(country="NL", kind="postcode", parent__isnull=True).count() == 1  # 5028
    assert Area.objects.filter(country="BE", kind="postcode").count() == 1152 - 3


def test_a_postcode_locates_a_house_offline(loaded):
    location = locate("NL", "5341 AB")
    assert location.municipality.code == "GM0828"
    district = nearest_district(location.latitude, location.longitude, location.municipality)
    assert district.parent.code == "GM0828"
    assert locate("BE", "2220").municipality.name == "Heist-op-den-Berg"


def test_loading_again_changes_nothing(loaded):
    again = load_reference_data(force=True)
    assert not again.changed
    assert sum(f.areas.unchanged for f in again.files) == sum(f.areas.total for f in loaded.files)
