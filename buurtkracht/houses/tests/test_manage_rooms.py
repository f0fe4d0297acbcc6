import pytest
from django.urls import reverse

from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import Room
from buurtkracht.houses.tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def _room_data(**changes) -> dict:
    data = {
        "name": "Kleine zaal", "capacity": "25", "floor_area_m2": "40", "parent": "", "description": "",
        "accessibility_notes": "", "is_bookable": "on", "setup_minutes": "15", "cleanup_minutes": "15",
        "sort_order": "2",
    }  # fmt: skip
    data.update(changes)
    return data


def test_add_a_room_with_facilities_from_the_checkbox_groups(cast, login):
    from buurtkracht.houses.models import Facility

    client = login(cast.manager_a)
    url = reverse("houses:room_create", args=[cast.house_a.slug])
    page = client.get(url).content.decode()
    assert "<legend>Toegankelijkheid" in page and 'class="checkbox-list"' in page
    kitchen, loop = Facility.objects.get(code="kitchen"), Facility.objects.get(code="hearing_loop")
    response = client.post(url, _room_data(facilities_catering=[kitchen.pk], facilities_accessibility=[loop.pk]))
    assert response.status_code == 302
    room = Room.objects.get(house=cast.house_a, name="Kleine zaal")
    assert room.capacity == 25 and room.setup_minutes == 15
    assert sorted(room.facilities.values_list("code", flat=True)) == ["hearing_loop", "kitchen"]
    assert LogEntry.objects.filter(action="houses.room.created", actor=cast.manager_a).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Vul de naam van de zaal in."),
        ({"capacity": "veel"}, "capacity", "Vul het aantal personen in als een heel getal, zoals 40."),
        ({"capacity": "0"}, "capacity", "Vul minstens 1 persoon in."),
        ({"floor_area_m2": "0"}, "floor_area_m2", "Vul een oppervlakte in die groter is dan 0, zoals 60."),
        ({"name": "grote zaal"}, "name", "Dit huis heeft al een zaal met de naam grote zaal."),
        ({"name": "Grote zaal"}, "name", "Dit huis heeft al een zaal met de naam Grote zaal."),
    ],
)
def test_bad_room_input_gets_a_dutch_message_and_nothing_is_saved(cast, login, changes, field, message):
    count = Room.objects.count()
    response = login(cast.coordinator).post(
        reverse("houses:room_create", args=[cast.house_a.slug]), _room_data(**changes)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'href="#id_{field}"' in html
    assert Room.objects.count() == count
    assert not LogEntry.objects.exists()


def test_edit_a_room_into_a_part_of_a_divisible_hall(cast, login):
    hall = cast.room_a
    half = RoomFactory(house=cast.house_a, name="Zaaldeel A")
    client = login(cast.manager_a)
    url = reverse("houses:room_edit", args=[cast.house_a.slug, half.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{hall.pk}">' in page
    assert f'<option value="{half.pk}"' not in page  # never a part of itself
    response = client.post(url, _room_data(name="Zaaldeel A", parent=str(hall.pk)))
    assert response.status_code == 302
    half.refresh_from_db()
    assert half.parent == hall


def test_a_room_of_another_house_is_not_found_under_this_house(cast, login):
    client = login(cast.admin)
    url = reverse("houses:room_edit", args=[cast.house_a.slug, cast.room_b.pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/huizen/{cast.house_a.slug}/beheer/zalen/99999999999999999999/").status_code == 404


def test_delete_a_room_after_confirmation(cast, login):
    room = RoomFactory(house=cast.house_a, name="Berging")
    client = login(cast.manager_a)
    url = reverse("houses:room_delete", args=[cast.house_a.slug, room.pk])
    assert "Weet je zeker dat je Berging wilt verwijderen?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Room.objects.filter(pk=room.pk).exists()
    assert LogEntry.objects.filter(action="houses.room.deleted").exists()


def test_a_hall_with_parts_cannot_be_deleted(cast, login):
    RoomFactory(house=cast.house_a, name="Zaaldeel A", parent=cast.room_a)
    client = login(cast.manager_a)
    url = reverse("houses:room_delete", args=[cast.house_a.slug, cast.room_a.pk])
    assert "Verwijder eerst deze delen" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 422
    assert "Verwijder eerst de delen van deze zaal." in response.content.decode()
    assert Room.objects.filter(pk=cast.room_a.pk).exists()
