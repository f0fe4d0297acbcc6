import json

import pytest

from buurtkracht.organisations.models import Contact, Organisation
from buurtkracht.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/"


def post(client, path, payload):
    return client.post(path, data=json.dumps(payload), content_type="application/json")


def patch(client, path, payload):
    return client.patch(path, data=json.dumps(payload), content_type="application/json")


def test_the_list_holds_visible_organisations_and_filters(cast, login):
    OrganisationFactory(name="Voetbalclub B", network=cast.network_b)
    OrganisationFactory(name="Zorggroep", kind="care_welfare", renter_category="care_welfare", network=cast.network_a)
    client = login(cast.officer)
    names = [o["name"] for o in client.get(BASE).json()]
    assert names == ["Vereniging A", "Zorggroep"]
    assert [o["name"] for o in client.get(BASE, {"kind": "care_welfare"}).json()] == ["Zorggroep"]
    assert [o["name"] for o in client.get(BASE, {"q": "veren"}).json()] == ["Vereniging A"]
    assert client.get(BASE, {"network": cast.network_b.pk}).json() == []
    assert client.get(BASE, {"kind": "castle"}).status_code == 422
    assert client.get(BASE, {"limit": 0}).status_code == 422
    assert "contacts" not in client.get(BASE).json()[0]


def test_contacts_only_for_those_who_may(cast, login):
    Contact.objects.create(organisation=cast.organisation_a, name="Jan", email="jan@example.org")
    url = f"{BASE}{cast.organisation_a.pk}"
    assert login(cast.volunteer_a).get(url).json()["contacts"][0]["email"] == "jan@example.org"
    assert login(cast.officer).get(url).json()["contacts"] is None
    assert login(cast.provider).get(url).json()["contacts"] is None
    assert login(cast.manager_b).get(url).status_code == 404


def test_a_coordinator_creates_an_organisation_with_the_default_category(cast, login):
    response = post(
        login(cast.coordinator),
        BASE,
        {"network_id": cast.network_a.pk, "name": "Repair Café", "kind": "resident_initiative"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["renter_category"] == "resident_initiative" and body["contacts"] == []


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "X", "kind": "club"},
        {"network_id": 0, "name": "X", "kind": "club"},
        {"network_id": 2**63, "name": "X", "kind": "club"},
        {"network_id": "abc", "name": "X", "kind": "club"},
        {"network_id": 1, "name": "", "kind": "club"},
        {"network_id": 1, "name": "X", "kind": "castle"},
        {"network_id": 1, "name": "X", "kind": "club", "renter_category": "royalty"},
        {"network_id": 1, "name": "X", "kind": "club", "email": "kapot"},
        {"network_id": 1, "name": "Vereniging A", "kind": "club"},
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(cast, login, payload):
    if payload.get("network_id") == 1:
        payload = {**payload, "network_id": cast.network_a.pk}
    response = post(login(cast.coordinator), BASE, payload)
    assert response.status_code == 422
    assert response.json()["message"]
    assert Organisation.objects.count() == 1


def test_creating_in_an_invisible_network_is_not_found_and_in_a_visible_one_forbidden(cast, login):
    cast.network_b.is_public = False
    cast.network_b.save()
    client = login(cast.manager_a)
    assert post(client, BASE, {"network_id": cast.network_b.pk, "name": "X", "kind": "club"}).status_code == 404
    assert (
        post(login(cast.officer), BASE, {"network_id": cast.network_a.pk, "name": "X", "kind": "club"}).status_code
        == 403
    )
    assert Organisation.objects.count() == 1


def test_patch_changes_only_what_is_sent_and_guards_the_category(cast, login):
    url = f"{BASE}{cast.organisation_a.pk}"
    client = login(cast.contact)
    response = patch(client, url, {"description": "Biljart op dinsdag"})
    assert response.status_code == 200 and response.json()["description"] == "Biljart op dinsdag"
    assert response.json()["name"] == "Vereniging A"
    assert patch(client, url, {"renter_category": "resident_initiative"}).status_code == 403
    assert patch(client, url, {"name": None}).status_code == 422
    assert patch(client, url, {"website": "ftp://x"}).status_code == 422
    cast.organisation_a.refresh_from_db()
    assert cast.organisation_a.renter_category == "non_profit"
    assert patch(login(cast.coordinator), url, {"renter_category": "resident_initiative"}).status_code == 200
    assert patch(login(cast.officer), url, {"description": "x"}).status_code == 403
