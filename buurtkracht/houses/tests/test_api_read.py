import pytest

from buurtkracht.accounts.models import ApiToken
from buurtkracht.houses.models import Facility
from buurtkracht.houses.tests.factories import HouseFactory, OpeningHoursFactory, RoomFactory
from buurtkracht.networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/houses/"


def _token(user) -> str:
    raw = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="t", key_hash=ApiToken.hash(raw), hint=raw[:8])
    return raw


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_anyone_lists_the_public_houses(client, cast):
    hidden = HouseFactory(name="Verborgen huis", is_public=False, networks=[cast.network_a])
    body = client.get(API).json()
    assert [item["name"] for item in body["items"]] == ["Huis A", "Huis B"]
    assert body["count"] == 2 and body["page"] == 1 and body["pages"] == 1
    item = body["items"][0]
    assert item["url"] == "/huizen/huis-a/" and item["networks"] == ["netwerk-a"]
    assert item["max_capacity"] == 30 and item["distance_km"] is None
    assert hidden.name not in str(body)


def test_a_token_or_a_session_also_shows_the_hidden_houses_one_works_for(client, cast):
    HouseFactory(name="Verborgen huis", is_public=False, networks=[cast.network_a])
    raw = _token(cast.officer)
    assert "Verborgen huis" in _names(client.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}"))
    assert "Verborgen huis" not in _names(client.get(API, HTTP_AUTHORIZATION="Bearer bk_wrong"))
    client.force_login(cast.coordinator)
    assert "Verborgen huis" in _names(client.get(API))
    client.force_login(cast.manager_b)
    assert "Verborgen huis" not in _names(client.get(API))


def test_filters_by_network_area_municipality_capacity_and_facilities(client, places):
    north = NetworkFactory(slug="noord")
    a = HouseFactory(name="A", networks=[north], area=places.ruwaard, municipality=places.oss)
    b = HouseFactory(name="B", networks=[north], area=places.macharen, municipality=places.oss)
    c = HouseFactory(name="C", municipality=places.heist, country="BE")
    kitchen, loop = Facility.objects.get(code="kitchen"), Facility.objects.get(code="hearing_loop")
    RoomFactory(house=a, capacity=80, facilities=[kitchen])
    RoomFactory(house=a, capacity=10, facilities=[loop])
    RoomFactory(house=b, capacity=200, facilities=[kitchen, loop])
    RoomFactory(house=c, capacity=20, facilities=[kitchen])
    assert _names(client.get(API, {"network": "noord"})) == ["A", "B"]
    assert _names(client.get(API, {"area": "WK082806"})) == ["A"]
    assert _names(client.get(API, {"municipality": "12014"})) == ["C"]
    assert _names(client.get(API, {"min_capacity": 100})) == ["B"]
    # all facilities required, in any room of the house
    assert _names(client.get(API, {"facility": ["kitchen", "hearing_loop"]})) == ["A", "B"]
    assert _names(client.get(API, {"facility": ["kitchen", "hearing_loop"], "min_capacity": 50})) == ["A", "B"]
    assert _names(client.get(API, {"facility": "kitchen", "municipality": "GM0828", "area": "WK082812"})) == ["B"]
    assert _names(client.get(API, {"facility": "jacuzzi"})) == []
    item = client.get(API, {"area": "WK082806"}).json()["items"][0]
    assert item["facilities"] == ["kitchen", "hearing_loop"]  # catalogue order
    assert item["area"] == {"code": "WK082806", "name": "Ruwaard", "kind": "district"}
    assert item["municipality"]["code"] == "GM0828"


def test_a_hidden_network_filter_shows_nothing(client, cast):
    secret = NetworkFactory(slug="geheim", is_public=False)
    HouseFactory(name="Openbaar huis in geheim netwerk", networks=[secret])
    assert _names(client.get(API, {"network": "geheim"})) == []


def test_near_a_point_sorted_by_distance(client):
    HouseFactory(name="Oss centrum", latitude=51.765, longitude=5.518)
    HouseFactory(name="Berghem", latitude=51.770, longitude=5.570)
    HouseFactory(name="Den Bosch", latitude=51.690, longitude=5.300)
    HouseFactory(name="Zonder plek", latitude=None, longitude=None)
    body = client.get(API, {"lat": 51.77, "lon": 5.57, "radius_km": 5}).json()
    assert [i["name"] for i in body["items"]] == ["Berghem", "Oss centrum"]
    assert body["items"][0]["distance_km"] < 0.1 and 3 < body["items"][1]["distance_km"] < 5
    body = client.get(API, {"lat": 51.77, "lon": 5.57, "radius_km": 30, "page_size": 2, "page": 2}).json()
    assert body["count"] == 3 and [i["name"] for i in body["items"]] == ["Den Bosch"]


def test_pagination(client):
    for n in range(7):
        HouseFactory(name=f"Huis {n}")
    body = client.get(API, {"page_size": 3, "page": 3}).json()
    assert body["count"] == 7 and body["pages"] == 3 and [i["name"] for i in body["items"]] == ["Huis 6"]
    assert client.get(API, {"page": 9}).json()["items"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"lat": 51.7},
        {"lat": 51.7, "lon": 5.5},
        {"lat": 91, "lon": 5.5, "radius_km": 3},
        {"lat": 51.7, "lon": 5.5, "radius_km": 0},
        {"lat": 51.7, "lon": 5.5, "radius_km": 1000},
        {"min_capacity": 0},
        {"min_capacity": "veel"},
        {"page": 0},
        {"page_size": 1000},
        {"network": "a b"},
        {"facility": ["x" * 41]},
    ],
)
def test_bad_filters_are_422_with_a_message(client, params):
    response = client.get(API, params)
    assert response.status_code == 422
    assert response.json()["message"]


def test_the_list_uses_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries, places):
    kitchen = Facility.objects.get(code="kitchen")
    for n in range(30):
        house = HouseFactory(
            name=f"Huis {n:02d}", networks=[cast.network_a], area=places.ruwaard, municipality=places.oss
        )
        RoomFactory(house=house, facilities=[kitchen])
    with django_assert_max_num_queries(5):
        assert len(client.get(API, {"page_size": 100}).json()["items"]) == 32
    with django_assert_max_num_queries(5):
        assert client.get(API, {"facility": "kitchen", "lat": 51.7, "lon": 5.5, "radius_km": 50}).json()["count"] == 30
    client.force_login(cast.coordinator)
    with django_assert_max_num_queries(8):
        assert client.get(API, {"page_size": 100}).status_code == 200


def test_the_detail_has_rooms_and_opening_hours(client, cast):
    hall = cast.room_a
    hall.facilities.add(Facility.objects.get(code="stage"))
    RoomFactory(house=cast.house_a, name="Zaaldeel A", parent=hall, capacity=15, floor_area_m2=30.5)
    OpeningHoursFactory(house=cast.house_a, weekday=0)
    body = client.get(API + "huis-a").json()
    assert body["name"] == "Huis A" and body["time_zone"] == "Europe/Amsterdam"
    assert body["opening_hours"] == [{"weekday": 0, "opens": "09:00:00", "closes": "17:00:00"}]
    rooms = {room["name"]: room for room in body["rooms"]}
    assert rooms["Grote zaal"]["facilities"] == ["stage"]
    assert rooms["Zaaldeel A"]["parent_id"] == hall.pk and rooms["Zaaldeel A"]["floor_area_m2"] == 30.5
    assert client.get(API + "huis-a/rooms").json() == body["rooms"]


def test_a_hidden_or_unknown_house_is_404_json(client, cast):
    cast.house_a.is_public = False
    cast.house_a.save()
    for path in ("huis-a", "huis-a/rooms", "bestaat-niet"):
        response = client.get(API + path)
        assert response.status_code == 404
        assert list(response.json()) == ["message"] and response.json()["message"]
    raw = _token(cast.volunteer_a)
    assert client.get(API + "huis-a", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_the_openapi_schema_documents_the_houses_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/houses/"]) == {"get", "post"}
    assert set(paths["/api/v1/houses/{slug}"]) == {"get", "patch"}
    assert set(paths["/api/v1/houses/{slug}/rooms/{room_id}"]) == {"patch", "delete"}
