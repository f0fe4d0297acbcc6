"""The networks and areas API: public reading that respects visibility, filters, pagination, figures with
their attribution, and clear 404/422 answers."""

import pytest
from django.urls import reverse

from buurtkracht.accounts.models import ApiToken
from buurtkracht.houses.tests.factories import HouseFactory
from buurtkracht.networks.models import Area
from buurtkracht.networks.tests.factories import AreaStatisticsFactory, DistrictFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    raw = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="test", key_hash=ApiToken.hash(raw), hint=raw[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def places(db):
    oss = MunicipalityFactory(code="GM0828", name="Oss", province="Noord-Brabant")
    ruwaard = DistrictFactory(code="WK082806", name="Ruwaard", parent=oss, latitude=51.757, longitude=5.545)
    DistrictFactory(code="WK082812", name="Macharen", parent=oss)
    Area.objects.create(country="NL", kind="postcode", code="5344", name="5344 Oss", parent=oss)
    heist = MunicipalityFactory(
        country="BE", code="12014", name="Heist-op-den-Berg", province="Antwerpen", latitude=None, longitude=None
    )
    Area.objects.create(country="BE", kind="submunicipality", code="12014B", name="Hallaar", parent=heist)
    AreaStatisticsFactory(area=ruwaard, year=2022, population=13315, share_65_plus=19, share_low_income=45)
    AreaStatisticsFactory(
        area=ruwaard, year=2024, source="CBS Kerncijfers wijken en buurten 2024", population=13595,
        share_65_plus=None, share_low_income=None,
    )  # fmt: skip
    return {"oss": oss, "ruwaard": ruwaard, "heist": heist}


def test_anyone_lists_the_public_networks_with_their_municipalities(client, cast, places):
    cast.network_a.areas.add(places["oss"])
    cast.network_b.is_public = False
    cast.network_b.save()
    HouseFactory(networks=[cast.network_a], is_public=False)

    response = client.get(reverse("api:networks_list"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "netwerk-a", "name": "Netwerk A", "kind": "umbrella", "description": "", "website": "",
            "email": "", "is_public": True, "url": "/netwerken/netwerk-a/", "house_count": 1,
            "municipalities": [{"country": "NL", "kind": "municipality", "code": "GM0828", "name": "Oss"}],
        }
    ]  # fmt: skip


def test_people_see_the_hidden_networks_and_houses_they_work_for(client, cast):
    cast.network_a.is_public = False
    cast.network_a.save()
    HouseFactory(networks=[cast.network_a], is_public=False)

    anonymous = client.get(reverse("api:networks_list")).json()
    with_token = client.get(reverse("api:networks_list"), **bearer(cast.coordinator)).json()

    assert [n["slug"] for n in anonymous] == ["netwerk-b"]
    assert [(n["slug"], n["house_count"]) for n in with_token] == [("netwerk-a", 2), ("netwerk-b", 1)]


def test_network_detail_links_to_its_houses_and_hides_what_you_may_not_see(client, login, cast):
    response = client.get(reverse("api:networks_detail", args=["netwerk-a"]))
    assert response.status_code == 200
    assert response.json()["houses_api_url"] == "/api/v1/houses/?network=netwerk-a"

    cast.network_a.is_public = False
    cast.network_a.save()
    hidden = client.get(reverse("api:networks_detail", args=["netwerk-a"]))
    assert hidden.status_code == 404 and hidden.json()["message"]
    assert login(cast.officer).get(reverse("api:networks_detail", args=["netwerk-a"])).status_code == 200
    assert client.get(reverse("api:networks_detail", args=["bestaat-niet"])).status_code == 404


def test_areas_filter_by_country_kind_parent_and_name(client, places):
    def codes(**params):
        response = client.get(reverse("api:areas_list"), params)
        assert response.status_code == 200
        return [item["code"] for item in response.json()["items"]]

    assert codes(parent="GM0828", kind="district") == ["WK082812", "WK082806"]  # Macharen, Ruwaard
    assert codes(parent="gm0828") == ["WK082812", "WK082806", "5344"]
    assert codes(country="BE") == ["12014", "12014B"]
    assert codes(kind="submunicipality") == ["12014B"]
    assert codes(q="ruw") == ["WK082806"]
    assert codes(q="12014") == ["12014"]


def test_an_area_in_the_list_names_its_parent_and_attribution(client, places):
    item = client.get(reverse("api:areas_list"), {"q": "Hallaar"}).json()["items"][0]

    assert item == {
        "country": "BE", "kind": "submunicipality", "code": "12014B", "name": "Hallaar",
        "parent": {"country": "BE", "kind": "municipality", "code": "12014", "name": "Heist-op-den-Berg"},
        "province": "", "region": "", "latitude": None, "longitude": None, "attribution": "Bron: Onroerend Erfgoed",
    }  # fmt: skip


def test_areas_are_paginated(client, places):
    first = client.get(reverse("api:areas_list"), {"page_size": 2}).json()
    second = client.get(reverse("api:areas_list"), {"page_size": 2, "page": 2}).json()

    assert first["count"] == second["count"] == 6
    assert len(first["items"]) == len(second["items"]) == 2
    assert {i["code"] for i in first["items"]}.isdisjoint(i["code"] for i in second["items"])


@pytest.mark.parametrize(
    "params",
    [{"kind": "village"}, {"country": "DE"}, {"page": 0}, {"page": 10**12}, {"page_size": 500}, {"q": "x" * 101},
     {"parent": "GM08 28"}],
)  # fmt: skip
def test_bad_area_filters_get_422_with_a_message(client, places, params):
    response = client.get(reverse("api:areas_list"), params)

    assert response.status_code == 422
    assert response.json()["message"]  # a sentence (translated by the project's API error handler)
    assert response.json()["errors"]


def test_area_detail_has_its_figures_newest_first_with_attribution(client, places):
    response = client.get(reverse("api:areas_detail", args=["NL", "district", "WK082806"]))

    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["parent"]["code"], data["attribution"]) == ("Ruwaard", "GM0828", "Bron: CBS")
    assert [s["year"] for s in data["statistics"]] == [2024, 2022]
    assert data["latest_statistics"]["population"] == 13595
    assert data["latest_statistics"]["attribution"] == "Bron: CBS"
    assert data["statistics"][1]["share_65_plus"] == 19.0
    assert data["statistics"][1]["source"] == "CBS Kerncijfers wijken en buurten 2022"


def test_an_area_without_figures_says_so(client, places):
    data = client.get(reverse("api:areas_detail", args=["BE", "municipality", "12014"])).json()

    assert (data["attribution"], data["latest_statistics"], data["statistics"]) == ("© Statbel", None, [])


def test_an_unknown_or_malformed_area_is_404_or_422(client, places):
    assert client.get(reverse("api:areas_detail", args=["NL", "district", "WK999999"])).status_code == 404
    assert client.get("/api/v1/networks/areas/XX/district/WK082806").status_code == 422
    assert client.get("/api/v1/networks/areas/NL/buurt/WK082806").status_code == 422


def test_the_area_list_uses_a_fixed_number_of_queries(client, places, django_assert_max_num_queries):
    for _ in range(60):
        DistrictFactory(parent=places["oss"])

    with django_assert_max_num_queries(2):
        response = client.get(reverse("api:areas_list"), {"page_size": 50})

    assert len(response.json()["items"]) == 50
