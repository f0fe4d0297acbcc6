from datetime import time

import pytest
from django.core.exceptions import ValidationError

from buurtkracht.core.models import LogEntry
from buurtkracht.houses import services
from buurtkracht.houses.models import Closure, House, OpeningHours, Room
from buurtkracht.houses.tests.factories import HouseFactory, RoomFactory
from buurtkracht.networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_it_places_a_new_house_from_its_postcode(places):
    network = NetworkFactory()
    house = services.create_house(actor=None, name=" De Haard ", networks=[network], postcode="5344ab", city="Oss")
    assert house.name == "De Haard"
    assert house.slug == "de-haard"
    assert house.postcode == "5344 AB"
    assert (house.latitude, house.longitude) == (51.758, 5.543)
    assert house.position_from_postcode is True
    assert house.municipality == places.oss
    assert house.area == places.ruwaard
    assert house.holiday_region == House.HolidayRegion.NL_SOUTH
    assert house.time_zone == "Europe/Amsterdam"
    assert list(house.networks.all()) == [network]
    entry = LogEntry.objects.get(action="houses.house.created")
    assert entry.house_id == house.pk and entry.network_id == network.pk


def test_given_coordinates_win_over_the_postcode(places):
    house = services.create_house(actor=None, name="Exact", postcode="5344 AB", latitude=51.7, longitude=5.5)
    assert (house.latitude, house.longitude) == (51.7, 5.5)
    assert house.position_from_postcode is False
    assert house.municipality == places.oss


def test_a_belgian_house_gets_its_municipality_community_and_time_zone(places):
    house = services.create_house(actor=None, name="GC Heist", country="BE", postcode="2220")
    assert house.municipality == places.heist
    assert house.latitude is None and house.area is None
    assert house.holiday_region == House.HolidayRegion.BE_FLEMISH
    assert house.time_zone == "Europe/Brussels"


@pytest.mark.parametrize(
    ("postcode", "message"),
    [("12", "Enter a postcode like 5341 AB"), ("9999 ZZ", "We do not know this postcode")],
)
def test_it_refuses_a_bad_postcode_and_saves_nothing(places, postcode, message, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as caught:
        services.create_house(actor=None, name="Nergens", postcode=postcode)
    assert message in caught.value.message_dict["postcode"][0]
    assert not House.objects.filter(name="Nergens").exists()
    assert not LogEntry.objects.exists()


def test_changing_the_postcode_moves_the_house_to_the_new_district(places):
    house = services.create_house(actor=None, name="Verhuisd", postcode="5344 AB")
    assert house.area == places.ruwaard
    services.update_house(house, actor=None, postcode="5386 KL")
    house.refresh_from_db()
    assert (house.latitude, house.longitude) == (51.789, 5.581)
    assert house.area == places.macharen
    assert house.position_from_postcode is True
    entry = LogEntry.objects.filter(action="houses.house.changed").get()
    assert entry.data["changed"]["postcode"] == "5386 KL"


def test_entering_coordinates_clears_the_estimate_flag(places):
    house = services.create_house(actor=None, name="Exacter", postcode="5344 AB")
    services.update_house(house, actor=None, latitude=51.75, longitude=5.54)
    house.refresh_from_db()
    assert house.position_from_postcode is False
    assert house.latitude == 51.75


def test_a_reserved_word_never_becomes_a_slug(db):
    house = services.create_house(actor=None, name="Nieuw")
    assert house.slug == "nieuw-2"


def test_slugs_stay_unique(db):
    first = services.create_house(actor=None, name="Het Anker")
    second = services.create_house(actor=None, name="Het Anker")
    assert (first.slug, second.slug) == ("het-anker", "het-anker-2")


def test_create_room_with_facilities_by_code(db):
    house = HouseFactory()
    room = services.create_room(house, actor=None, name="Zaal", capacity=40, facilities=["kitchen", "hearing_loop"])
    assert sorted(room.facilities.values_list("code", flat=True)) == ["hearing_loop", "kitchen"]
    assert LogEntry.objects.filter(action="houses.room.created", house_id=house.pk).exists()


def test_an_unknown_facility_code_is_a_validation_error_and_nothing_is_saved(db):
    house = HouseFactory()
    with pytest.raises(ValidationError) as caught:
        services.create_room(house, actor=None, name="Zaal", capacity=40, facilities=["kitchen", "jacuzzi"])
    assert "jacuzzi" in caught.value.message_dict["facilities"][0]
    assert not Room.objects.filter(house=house).exists()


def test_room_names_are_unique_within_a_house_whatever_the_case(db):
    room = RoomFactory(name="Grote zaal")
    with pytest.raises(ValidationError) as caught:
        services.create_room(room.house, actor=None, name="grote ZAAL", capacity=10)
    assert "name" in caught.value.message_dict
    other = services.create_room(HouseFactory(), actor=None, name="Grote zaal", capacity=10)
    assert other.pk


def test_divisible_hall_rules(db):
    hall = RoomFactory(name="Sporthal", capacity=200)
    half = services.create_room(hall.house, actor=None, name="Zaaldeel A", capacity=100, parent=hall)
    assert list(hall.parts.all()) == [half]
    with pytest.raises(ValidationError):  # no grandchildren
        services.create_room(hall.house, actor=None, name="Kwart", capacity=50, parent=half)
    with pytest.raises(ValidationError):  # parent from another house
        services.create_room(HouseFactory(), actor=None, name="Elders", capacity=50, parent=hall)
    with pytest.raises(ValidationError):  # a hall with parts cannot become a part
        services.update_room(hall, actor=None, parent=RoomFactory(house=hall.house, name="Foyer"))
    kitchen = RoomFactory(house=hall.house, name="Keuken")
    with pytest.raises(ValidationError) as caught:  # not a part of itself
        services.update_room(kitchen, actor=None, parent=kitchen)
    assert "parent" in caught.value.message_dict
    assert Room.objects.get(pk=kitchen.pk).parent_id is None
    with pytest.raises(ValidationError):
        services.delete_room(hall, actor=None)
    assert Room.objects.filter(pk=hall.pk).exists()


def test_update_room_replaces_facilities_only_when_given(db):
    room = services.create_room(HouseFactory(), actor=None, name="Zaal", capacity=20, facilities=["bar"])
    services.update_room(room, actor=None, capacity=30)
    assert list(room.facilities.values_list("code", flat=True)) == ["bar"]
    services.update_room(room, actor=None, facilities=["beamer", "screen"])
    assert sorted(room.facilities.values_list("code", flat=True)) == ["beamer", "screen"]
    entry = LogEntry.objects.filter(action="houses.room.changed").first()
    assert entry.data["fields"] == ["facilities"]


def test_delete_room_logs_and_deletes(db):
    room = RoomFactory()
    services.delete_room(room, actor=None)
    assert not Room.objects.filter(pk=room.pk).exists()
    assert LogEntry.objects.filter(action="houses.room.deleted", object_repr__startswith=room.name).exists()


def test_opening_hours_are_replaced_and_validated(db):
    house = HouseFactory()
    services.set_opening_hours(house, actor=None, periods=[(0, time(9), time(12)), (0, time(13), time(17))])
    assert house.opening_hours.count() == 2
    with pytest.raises(ValidationError):
        services.set_opening_hours(house, actor=None, periods=[(1, time(9), time(12)), (1, time(11), time(17))])
    with pytest.raises(ValidationError):
        services.set_opening_hours(house, actor=None, periods=[(2, time(12), time(9))])
    assert list(OpeningHours.objects.filter(house=house).values_list("weekday", flat=True)) == [0, 0]


def test_closures_refuse_a_room_of_another_house_and_reversed_dates(db):
    house = HouseFactory()
    other_room = RoomFactory()
    from datetime import date

    with pytest.raises(ValidationError):
        services.add_closure(house, actor=None, start_date=date(2026, 5, 2), end_date=date(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.add_closure(house, actor=None, start_date=date(2026, 5, 1), end_date=date(2026, 5, 1), room=other_room)
    assert not Closure.objects.exists()
    closure = services.add_closure(house, actor=None, start_date=date(2026, 5, 1), end_date=date(2026, 5, 3))
    services.remove_closure(closure, actor=None)
    assert [e.action for e in LogEntry.objects.order_by("id")] == ["houses.closure.added", "houses.closure.removed"]


def test_a_house_with_an_unknown_old_postcode_can_still_be_edited(db):
    house = HouseFactory(postcode="1234 AB")  # no reference data for it
    services.update_house(house, actor=None, phone="0412 111 111")
    house.refresh_from_db()
    assert house.phone == "0412 111 111" and house.postcode == "1234 AB"
    with pytest.raises(ValidationError):
        services.update_house(house, actor=None, postcode="1235 AB")
    house.refresh_from_db()
    assert house.postcode == "1234 AB"


def test_a_room_with_bookings_cannot_be_deleted(db):
    from buurtkracht.bookings.tests.factories import book

    room = RoomFactory()
    book(room)
    with pytest.raises(ValidationError) as caught:
        services.delete_room(room, actor=None)
    assert "in gebruik" in caught.value.messages[0]
    assert Room.objects.filter(pk=room.pk).exists()
    assert not LogEntry.objects.filter(action="houses.room.deleted").exists()
