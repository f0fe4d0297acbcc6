from datetime import time

import pytest
from django.urls import reverse

from buurtkracht.houses.models import Facility
from buurtkracht.houses.tests.factories import ClosureFactory, HouseFactory, OpeningHoursFactory, RoomFactory
from buurtkracht.networks.tests.factories import AreaStatisticsFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def _page(client, house):
    return client.get(reverse("houses:public_detail", args=[house.slug]))


def test_the_public_page_shows_rooms_hours_and_contact(client, places):
    network = NetworkFactory(name="Dorpshuizen Brabant")
    hidden = NetworkFactory(name="Geheim netwerk", is_public=False)
    house = HouseFactory(
        name="De Haard",
        description="Een huis voor iedereen.",
        email="info@dehaard.nl",
        phone="0412 123 456",
        accessibility="Ingang zonder drempel.",
        networks=[network, hidden],
        area=places.ruwaard,
        municipality=places.oss,
    )
    hall = RoomFactory(house=house, name="Grote zaal", capacity=120, floor_area_m2=150)
    hall.facilities.add(Facility.objects.get(code="hearing_loop"), Facility.objects.get(code="stage"))
    RoomFactory(house=house, name="Zaaldeel A", capacity=60, parent=hall)
    RoomFactory(house=house, name="Zaaldeel B", capacity=60, parent=hall)
    OpeningHoursFactory(house=house, weekday=0, opens=time(9), closes=time(12))
    OpeningHoursFactory(house=house, weekday=0, opens=time(13, 30), closes=time(17))
    ClosureFactory(house=house, reason="Kerstvakantie")

    response = _page(client, house)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "De Haard" in html and "Een huis voor iedereen." in html
    assert 'href="mailto:info@dehaard.nl"' in html and 'href="tel:0412123456"' in html
    assert "Maandag</dt><dd>9.00 tot 12.00 uur en 13.30 tot 17.00 uur</dd>" in html
    assert "Dinsdag</dt><dd>gesloten</dd>" in html
    assert "Kerstvakantie" in html
    assert "120 personen" in html and "150 m²" in html
    assert "Deze zaal is te verdelen in Zaaldeel A en Zaaldeel B" in html
    assert "Dit is een deel van Grote zaal" in html
    assert "Ringleiding" in html and "Podium" in html
    assert "Ingang zonder drempel." in html
    assert "Dorpshuizen Brabant" in html
    assert "Geheim netwerk" not in html


def test_it_shows_who_lives_around_with_source_and_year(client, places):
    AreaStatisticsFactory(area=places.ruwaard, year=2020, population=1, share_65_plus=1, share_low_income=1)
    AreaStatisticsFactory(area=places.ruwaard, year=2022, population=13315, share_65_plus=22.5, share_low_income=41)
    AreaStatisticsFactory(area=places.oss, year=2022, population=93625, share_65_plus=20, share_low_income=37.2)
    house = HouseFactory(area=places.ruwaard, municipality=places.oss)
    html = _page(client, house).content.decode()
    assert "Wie wonen er in de buurt" in html
    assert "13.315" in html and "22,5%" in html and "41%" in html
    assert "93.625" in html and "37,2%" in html
    assert "Gemeente Oss" in html
    assert "Bron: CBS" in html and "(2022)" in html
    caption = html[html.index("<caption") : html.index("</caption>")]
    assert "Bron: CBS" in caption and "2022" in caption


def test_belgian_figures_carry_the_statbel_attribution(client, places):
    from buurtkracht.networks.tests.factories import DistrictFactory

    hallaar = DistrictFactory(country="BE", kind="submunicipality", code="12014B", name="Hallaar", parent=places.heist)
    AreaStatisticsFactory(area=hallaar, year=2024, source="Statbel", population=4000)
    house = HouseFactory(country="BE", postcode="2220", area=hallaar, municipality=places.heist)
    html = _page(client, house).content.decode()
    assert "© Statbel" in html and "Bron: CBS" not in html


def test_without_district_figures_it_says_so_plainly(client, places):
    house = HouseFactory(area=places.macharen, municipality=places.oss)
    html = _page(client, house).content.decode()
    assert "Er zijn nog geen openbare cijfers over de wijk Macharen." in html
    house.area = None
    house.save()
    html = _page(client, house).content.decode()
    assert "We weten niet in welke wijk dit huis ligt" in html


def test_a_hidden_house_is_404_for_strangers_and_visible_to_its_people(cast, login, client):
    cast.house_a.is_public = False
    cast.house_a.save()
    assert _page(client, cast.house_a).status_code == 404
    login(cast.stranger)
    assert _page(client, cast.house_a).status_code == 404
    login(cast.volunteer_a)
    assert _page(client, cast.house_a).status_code == 200
    assert _page(client, HouseFactory(slug="bestaat", is_public=True)).status_code == 200
    assert client.get("/huizen/bestaat-niet/").status_code == 404


def test_the_manage_link_shows_only_to_people_who_may_manage(cast, login, client):
    url = reverse("houses:manage", args=[cast.house_a.slug])
    assert url not in _page(client, cast.house_a).content.decode()
    login(cast.officer)
    assert url in _page(client, cast.house_a).content.decode()


def test_the_public_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries, places):
    house = HouseFactory(area=places.ruwaard, municipality=places.oss)
    for n in range(12):
        room = RoomFactory(house=house, name=f"Zaal {n}")
        room.facilities.add(*Facility.objects.all()[:5])
    with django_assert_max_num_queries(12):
        assert _page(client, house).status_code == 200


def test_english_page(client, cast):
    OpeningHoursFactory(house=cast.house_a, weekday=2, opens=time(9), closes=time(17))
    response = client.get(reverse("houses:public_detail", args=[cast.house_a.slug]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Wednesday</dt><dd>9:00 to 17:00</dd>" in html or "Wednesday" in html
