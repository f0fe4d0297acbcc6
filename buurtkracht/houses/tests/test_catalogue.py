import importlib

import pytest
from django.apps import apps

from buurtkracht.houses.models import Facility
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("buurtkracht.houses.migrations.0002_seed_facility_catalogue")


def test_the_catalogue_holds_the_agreed_facilities_in_both_languages():
    names = dict(Facility.objects.values_list("code", "name_nl"))
    expected = {
        "kitchen": "Keuken", "bar": "Bar", "stage": "Podium", "beamer": "Beamer", "screen": "Projectiescherm",
        "sound_system": "Geluidsinstallatie", "sports_floor": "Sportvloer", "hearing_loop": "Ringleiding",
        "wheelchair_access": "Rolstoeltoegankelijk", "accessible_toilet": "Invalidentoilet", "lift": "Lift",
        "parking": "Parkeerplaatsen", "bicycle_parking": "Fietsenstalling", "wifi": "Wifi", "piano": "Piano",
        "garden_terrace": "Tuin of terras", "storage": "Opslagruimte", "changing_rooms": "Kleedkamers",
        "whiteboard_flipchart": "Whiteboard of flip-over", "coffee_tea": "Koffie en thee", "daylight": "Daglicht",
    }  # fmt: skip
    for code, name in expected.items():
        assert names[code] == name
    assert len(names) >= 30
    assert set(Facility.objects.values_list("kind", flat=True)) == {k.value for k in Facility.Kind}
    assert not Facility.objects.filter(name_en="").exists()


def test_seeding_again_changes_nothing_and_repairs_edits():
    Facility.objects.filter(code="kitchen").update(name_nl="Kombuis")
    before = Facility.objects.count()
    seed_migration.seed(apps, None)
    seed_migration.seed(apps, None)
    assert Facility.objects.count() == before
    assert Facility.objects.get(code="kitchen").name_nl == "Keuken"


def test_the_seed_can_be_reversed_and_keeps_facilities_added_later():
    Facility.objects.create(code="sauna", name_nl="Sauna", name_en="Sauna", kind="space")
    room = RoomFactory()
    room.facilities.add(Facility.objects.get(code="bar"))
    seed_migration.unseed(apps, None)
    assert list(Facility.objects.values_list("code", flat=True)) == ["sauna"]
    assert room.facilities.count() == 0
    seed_migration.seed(apps, None)
    assert Facility.objects.filter(code="bar").exists()


def test_the_name_follows_the_language():
    from django.utils import translation

    loop = Facility.objects.get(code="hearing_loop")
    with translation.override("en"):
        assert str(loop) == "Hearing loop"
    with translation.override("nl"):
        assert str(loop) == "Ringleiding"
