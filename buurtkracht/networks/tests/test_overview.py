"""The public overview of a network: the list of houses, its filters (with and without HTMX), the map
without tiles, the figures of the area with their source, and a fixed number of queries."""

import re

import pytest
from django.urls import reverse

from buurtkracht.houses.tests.factories import FacilityFactory, HouseFactory, RoomFactory
from buurtkracht.networks.tests.factories import AreaStatisticsFactory, DistrictFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oss(cast):
    """Network A covers Oss; three houses in three places, with rooms and facilities."""
    gemeente = MunicipalityFactory(code="GM0828", name="Oss", latitude=51.76, longitude=5.52)
    ruwaard = DistrictFactory(code="WK082806", name="Ruwaard", parent=gemeente, latitude=51.757, longitude=5.545)
    macharen = DistrictFactory(code="WK082812", name="Macharen", parent=gemeente, latitude=51.79, longitude=5.58)
    cast.network_a.areas.add(gemeente)
    kitchen = FacilityFactory(code="kitchen", name_nl="Keuken", name_en="Kitchen", sort_order=1)
    stage = FacilityFactory(code="stage", name_nl="Podium", name_en="Stage", sort_order=2)
    haard = HouseFactory(
        name="Wij(k)huis de Haard", slug="de-haard", city="Oss", networks=[cast.network_a],
        municipality=gemeente, area=ruwaard, latitude=51.758, longitude=5.543,
    )  # fmt: skip
    RoomFactory(house=haard, name="Grote zaal", capacity=120, facilities=[kitchen, stage])
    RoomFactory(house=haard, name="Vergaderruimte", capacity=12)
    bongerd = HouseFactory(
        name="De Bongerd", slug="de-bongerd", city="Macharen", networks=[cast.network_a],
        municipality=gemeente, area=macharen, latitude=51.789, longitude=5.581,
    )  # fmt: skip
    RoomFactory(house=bongerd, name="Zaal", capacity=60, facilities=[kitchen])
    hidden = HouseFactory(
        name="Verborgen huis",
        slug="verborgen",
        networks=[cast.network_a],
        is_public=False,
        latitude=None,
        longitude=None,
    )
    return {"gemeente": gemeente, "ruwaard": ruwaard, "macharen": macharen, "haard": haard, "bongerd": bongerd,
            "hidden": hidden}  # fmt: skip


def url(cast):
    return reverse("networks:overview", args=[cast.network_a.slug])


def card_of(html: str, slug: str) -> str:
    start = html.index(f'<h3><a href="/huizen/{slug}/">')
    end = html.find('<li class="card">', start)
    return html[start : end if end != -1 else html.index("</ul>", html.index("</ul>", start) + 1)]


def names(response) -> list[str]:
    return [house.name for house in response.context["houses"]]


def test_it_lists_the_public_houses_with_place_district_capacity_and_facilities(client, cast, oss):
    response = client.get(url(cast))

    assert response.status_code == 200
    assert names(response) == ["De Bongerd", "Huis A", "Wij(k)huis de Haard"]
    html = response.content.decode()
    assert 'href="/huizen/de-haard/"' in html
    assert "Oss · Ruwaard" in html
    assert "Grootste zaal: 120 personen" in html
    assert card_of(html, "de-haard").count('class="tag"') == 2
    assert '<li class="tag">Keuken</li>' in card_of(html, "de-haard")
    assert '<li class="tag">Podium</li>' in card_of(html, "de-haard")
    assert '<li class="tag">Podium</li>' not in card_of(html, "de-bongerd")
    assert "Huis B" not in html  # another network
    assert "Verborgen huis" not in html


def test_people_of_the_network_also_see_its_hidden_houses(login, cast, oss):
    response = login(cast.coordinator).get(url(cast))

    assert "Verborgen huis" in names(response)
    assert "Niet openbaar" in response.content.decode()


def test_it_filters_by_municipality_and_by_district(client, cast, oss):
    assert names(client.get(url(cast), {"area": "GM0828"})) == ["De Bongerd", "Wij(k)huis de Haard"]
    assert names(client.get(url(cast), {"area": "WK082812"})) == ["De Bongerd"]


def test_the_area_filter_offers_the_municipalities_and_districts_of_the_network(client, cast, oss):
    choices = client.get(url(cast)).context["form"].fields["area"].choices

    assert choices[1] == ("Gemeenten", [("GM0828", "Oss")])
    assert choices[2] == ("Wijken en deelgemeenten", [("WK082812", "Macharen (Oss)"), ("WK082806", "Ruwaard (Oss)")])


def test_it_filters_by_every_ticked_facility(client, cast, oss):
    assert names(client.get(url(cast), {"facility": ["kitchen"]})) == ["De Bongerd", "Wij(k)huis de Haard"]
    assert names(client.get(url(cast), {"facility": ["kitchen", "stage"]})) == ["Wij(k)huis de Haard"]


def test_it_filters_by_the_capacity_of_the_largest_room(client, cast, oss):
    assert names(client.get(url(cast), {"min_capacity": "61"})) == ["Wij(k)huis de Haard"]
    assert names(client.get(url(cast), {"min_capacity": "500"})) == []


def test_filters_combine_and_an_empty_result_says_what_to_do(client, cast, oss):
    response = client.get(url(cast), {"area": "WK082812", "min_capacity": "100"})

    assert names(response) == []
    assert "Haal een filter weg" in response.content.decode()


def test_a_wrong_filter_value_is_explained_and_refused_with_400(client, cast, oss):
    response = client.get(url(cast), {"min_capacity": "veel", "area": "GM9999"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul het aantal personen in als heel getal, bijvoorbeeld 40." in html
    assert "Kies een gemeente of wijk uit de lijst." in html
    assert "<title>Fout:" in html
    assert len(names(response)) == 3  # the valid part of the page still works


def test_htmx_gets_the_list_only_and_the_count_in_the_status_region(client, cast, oss):
    response = client.get(url(cast), {"facility": ["stage"]}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert '<div hx-swap-oob="innerHTML:#status">1 huis gevonden</div>' in html
    assert "Wij(k)huis de Haard" in html and "De Bongerd" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_errors_come_back_in_the_fragment(client, cast, oss):
    response = client.get(url(cast), {"min_capacity": "0"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200  # htmx swaps no 4xx answers, so the message comes in the fragment
    assert 'role="alert"' in response.content.decode()
    assert "Vul een aantal personen in van 1 of meer." in response.content.decode()


def test_a_history_restore_gets_the_whole_page(client, cast, oss):
    response = client.get(url(cast), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" in response.content.decode()


def test_the_filter_form_works_without_javascript_and_with_htmx(client, cast, oss):
    html = client.get(url(cast)).content.decode()

    form = re.search(r"<form method=\"get\"[^>]*>", html).group(0)
    assert f'action="{url(cast)}"' in form
    assert 'hx-get="' in form and 'hx-target="#results"' in form and 'hx-push-url="true"' in form
    assert '<label for="id_min_capacity">' in html


def test_the_map_shows_each_positioned_house_as_a_titled_link_without_tiles(client, cast, oss):
    without = client.get(url(cast)).content.decode()
    assert "<svg" not in without and "Toon op kaart" in without

    response = client.get(url(cast), {"map": "1", "area": "GM0828"})

    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<circle") == 2
    assert '<a href="/huizen/de-haard/"><title>Wij(k)huis de Haard</title>' in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tiles, no external images
    assert "Verberg de kaart" in html
    assert names(response) == ["De Bongerd", "Wij(k)huis de Haard"]  # the list stays
    assert 'name="map" value="1"' in html  # filtering keeps the map


def test_the_map_counts_houses_without_a_position(login, cast, oss):
    html = login(cast.coordinator).get(url(cast), {"map": "1"}).content.decode()

    assert "1 huis heeft geen bekende plek en staat niet op de kaart." in html


def test_the_figures_of_the_area_carry_their_source(client, cast, oss):
    AreaStatisticsFactory(area=oss["gemeente"], year=2022, population=91_000, share_65_plus=20, share_low_income=40)
    AreaStatisticsFactory(
        area=oss["gemeente"], year=2024, source="CBS Kerncijfers wijken en buurten 2024", population=94_634,
        share_65_plus=None, share_low_income=None,
    )  # fmt: skip

    html = client.get(url(cast)).content.decode()

    assert "94.634" in html and "(2024)" in html
    assert "Bron: CBS (CBS Kerncijfers wijken en buurten 2022, CBS Kerncijfers wijken en buurten 2024)." in html


def test_a_hidden_network_is_404_for_outsiders(client, login, cast, oss):
    cast.network_a.is_public = False
    cast.network_a.save()

    assert client.get(url(cast)).status_code == 404
    assert login(cast.stranger).get(url(cast)).status_code == 404
    assert login(cast.officer).get(url(cast)).status_code == 200


def test_the_overview_uses_a_fixed_number_of_queries(client, cast, oss, django_assert_max_num_queries):
    facilities = [FacilityFactory() for _ in range(3)]
    for _ in range(25):
        house = HouseFactory(networks=[cast.network_a], municipality=oss["gemeente"], area=oss["ruwaard"])
        for m in range(3):
            RoomFactory(house=house, capacity=10 + m, facilities=facilities[: m + 1])

    with django_assert_max_num_queries(8):
        response = client.get(url(cast), {"map": "1"})

    assert len(response.context["houses"]) == 28
