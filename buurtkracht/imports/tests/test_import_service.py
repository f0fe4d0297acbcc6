"""The import itself: all or nothing, through the house services, with audit entries."""

import pytest
from django.core.exceptions import ValidationError

from buurtkracht.core.models import LogEntry
from buurtkracht.houses import services as house_services
from buurtkracht.houses.models import House, Room
from buurtkracht.houses.tests.factories import HouseFactory
from buurtkracht.imports import services
from buurtkracht.imports.services import IMPORTED, run_import
from buurtkracht.imports.spreadsheet import read_spreadsheet
from buurtkracht.imports.tests.helpers import csv_bytes, good_rows, row, xlsx_bytes
from buurtkracht.imports.validation import build_plan
from buurtkracht.networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(geography):
    return NetworkFactory(name="Dorpshuizen Brabant", slug="brabant")


@pytest.fixture
def actor(django_user_model):
    return django_user_model.objects.create_user("coordinator@example.org", "x" * 16, name="Coco")


def plan_of(rows, network):
    return build_plan(read_spreadsheet(xlsx_bytes(rows)), network=network)


def test_it_creates_houses_and_rooms_with_their_places_and_audit_entries(network, geography, actor):
    result = run_import(plan_of(good_rows(), network), network=network, actor=actor, filename="huizen.xlsx")

    assert [h.name for h in result.houses] == ["De Haard", "De Bongerd", "Sint-Jozef"]
    haard = House.objects.get(name="De Haard")
    assert list(haard.networks.all()) == [network]
    assert (haard.postcode, haard.municipality, haard.area) == ("5344 AB", geography.oss, geography.ruwaard)
    assert haard.position_from_postcode is True
    assert haard.website == "https://dehaard.example"
    hall = haard.rooms.get(name="Grote zaal")
    assert set(hall.parts.values_list("name", flat=True)) == {"Helft A", "Helft B"}
    assert set(hall.facilities.values_list("code", flat=True)) == {"stage", "hearing_loop"}
    assert str(haard.rooms.get(name="Helft A").floor_area_m2) == "75.5"
    jozef = House.objects.get(name="Sint-Jozef")
    assert (jozef.country, jozef.municipality, jozef.time_zone) == ("BE", geography.heist, "Europe/Brussels")
    assert Room.objects.filter(house__networks=network).count() == 6 == result.room_count

    entry = result.entry
    assert (entry.action, entry.actor, entry.network_id) == (IMPORTED, actor, network.pk)
    assert entry.data == {"houses": 3, "rooms": 6, "skipped": 0, "file": "huizen.xlsx",
                          "house_ids": [h.pk for h in result.houses]}  # fmt: skip
    assert LogEntry.objects.filter(action="houses.house.created", actor=actor).count() == 3
    assert LogEntry.objects.filter(action="houses.room.created", actor=actor).count() == 6
    assert "Coco" in entry.display and "Dorpshuizen Brabant" in entry.display


def test_an_error_in_the_last_row_imports_nothing(network, actor):
    rows = [*good_rows(), row(huis="Het Anker", postcode="5341", zaal="Zaal", capaciteit="veel")]
    plan = plan_of(rows, network)
    assert [p.message for p in plan.errors] == ["Rij 8: capaciteit 'veel' is geen getal."]
    with pytest.raises(ValidationError, match="nog fouten"):
        run_import(plan, network=network, actor=actor)
    assert House.objects.filter(networks=network).count() == 0
    assert Room.objects.count() == 0
    assert not LogEntry.objects.filter(action__startswith="houses.").exists()
    assert not LogEntry.objects.filter(action=IMPORTED).exists()


def test_a_failure_inside_the_transaction_rolls_everything_back(network, actor, monkeypatch):
    calls = []
    original = house_services.create_room

    def failing_create_room(house, **kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 5:
            raise ValidationError("De database weigert deze zaal.")
        return original(house, **kwargs)

    monkeypatch.setattr(services, "create_room", failing_create_room)
    plan = plan_of(good_rows(), network)
    with pytest.raises(ValidationError) as caught:
        run_import(plan, network=network, actor=actor)
    assert caught.value.messages == ["Rij 6: De database weigert deze zaal."]
    assert len(calls) == 5
    assert House.objects.filter(networks=network).count() == 0
    assert Room.objects.count() == 0
    assert not LogEntry.objects.filter(actor=actor).exists()


def test_an_unexpected_crash_also_rolls_everything_back(network, actor, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "log_action", crash)
    with pytest.raises(RuntimeError):
        run_import(plan_of(good_rows(), network), network=network, actor=actor)
    assert House.objects.filter(networks=network).count() == 0


def test_a_facility_removed_since_the_preview_is_reported_with_its_row(network, actor, geography):
    plan = plan_of(good_rows(), network)
    geography.facilities.bar.delete()  # the catalogue changed after the preview
    with pytest.raises(ValidationError) as caught:
        run_import(plan, network=network, actor=actor)
    [message] = caught.value.messages
    assert message.startswith("Rij 5: ") and "bar" in message
    assert House.objects.filter(networks=network).count() == 0


def test_existing_houses_are_skipped_and_counted(network, actor):
    HouseFactory(name="De Haard", postcode="5344 AB", networks=[network])
    result = run_import(plan_of(good_rows(), network), network=network, actor=actor)
    assert [h.name for h in result.houses] == ["De Bongerd", "Sint-Jozef"]
    assert result.skipped_count == 1
    assert result.entry.data["skipped"] == 1
    assert House.objects.filter(name="De Haard").count() == 1


def test_importing_the_same_file_twice_adds_nothing_the_second_time(network, actor):
    data = csv_bytes(good_rows())
    run_import(build_plan(read_spreadsheet(data), network=network), network=network, actor=actor)
    second = run_import(build_plan(read_spreadsheet(data), network=network), network=network, actor=actor)
    assert second.houses == []
    assert second.skipped_count == 3
    assert House.objects.filter(networks=network).count() == 3


def test_a_plan_for_another_network_is_refused(network, actor):
    plan = plan_of(good_rows(), network)
    with pytest.raises(ValueError):
        run_import(plan, network=NetworkFactory(), actor=actor)
    assert House.objects.count() == 0
