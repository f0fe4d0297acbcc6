"""Issue 5 item 6: an initiative's contact data (contact person, e-mail address, phone number) is visible only to
the network's coordinator and to the staff of the houses it was proposed to — on the pages and in the API.

The cast: network A with house A (manager_a, volunteer_a) and a second house C in network A (manager_c) that
gets no proposal; house B lies in network B. The officer reads the network's figures but does not broker."""

import pytest
from django.urls import reverse

from buurtkracht.accounts.models import Membership, User
from buurtkracht.matching.services import brokering, signup
from buurtkracht.matching.tests.conftest import need_data, signup_data

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Fatima Contactpersoon", "fatima.geheim@example.org", "0687654321"
SECRETS = (NAME, EMAIL, PHONE)
LOGGED_IN_OUTSIDERS = ["manager_b", "contact", "referrer", "provider", "stranger"]


@pytest.fixture
def world(cast, place):
    from buurtkracht.houses.tests.factories import HouseFactory, RoomFactory

    house_c = HouseFactory(name="Huis C", slug="huis-c", networks=[cast.network_a], area=place)
    RoomFactory(house=house_c, name="Zaal C")
    manager_c = User.objects.create_user("manager_c@example.org", "x" * 20, name="Manager C")
    Membership.objects.create(user=manager_c, role=Membership.Role.HOUSE_MANAGER, house=house_c)
    cast.people["manager_c"] = manager_c
    data = signup_data(place.code, contact_name=NAME, email=EMAIL, phone=PHONE)
    _initiative, token = signup.submit_signup(area=place.code, need=need_data(), **data)
    initiative = signup.confirm_signup(token=token)
    return cast, initiative.needs.get(), token


def _propose(cast, need):
    return brokering.propose(actor=cast.coordinator, need=need, room_id=cast.room_a.pk, weekday=1,
                             day_part="morning")  # fmt: skip


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def _shows(response) -> set[str]:
    body = response.content.decode()
    return {secret for secret in SECRETS if secret in body}


def test_before_any_proposal_only_the_coordinator_sees_the_contact_data(client, world):
    cast, need, _token = world
    page, api = reverse("matching:need", args=[need.pk]), f"/api/v1/matching/needs/{need.pk}"
    response = _page(client, cast.coordinator, page)
    assert response.status_code == 200 and _shows(response) == set(SECRETS)
    assert {k: client.get(api).json()["initiative"].get(k) for k in ("contact_name", "email", "phone")} == {
        "contact_name": NAME, "email": EMAIL, "phone": PHONE,
    }  # fmt: skip
    for role in ("officer", "manager_a", "volunteer_a", "manager_c"):
        response = _page(client, cast.people[role], page)
        assert response.status_code == 200, role
        assert _shows(response) == set(), f"{role} sees contact data before a proposal"
        data = client.get(api).json()
        assert data["initiative"]["name"] == "Taalmaatjes Centrum"
        assert not {"contact_name", "email", "phone"} & set(data["initiative"]), role
        assert not any(secret in client.get(api).content.decode() for secret in SECRETS), role


def test_after_a_proposal_the_staff_of_that_house_see_it_and_other_houses_still_do_not(client, world):
    cast, need, _token = world
    proposal = _propose(cast, need)
    pages = [reverse("matching:need", args=[need.pk]), reverse("matching:proposal", args=[proposal.pk])]
    for role in ("coordinator", "manager_a", "volunteer_a"):
        for url in pages:
            response = _page(client, cast.people[role], url)
            assert response.status_code == 200 and _shows(response) == set(SECRETS), (role, url)
        assert client.get(f"/api/v1/matching/needs/{need.pk}").json()["initiative"]["email"] == EMAIL, role
    for role in ("officer", "manager_c"):
        response = _page(client, cast.people[role], pages[0])
        assert response.status_code == 200 and _shows(response) == set(), role
        assert "email" not in client.get(f"/api/v1/matching/needs/{need.pk}").json()["initiative"], role
    response = _page(client, cast.officer, pages[1])
    assert response.status_code == 200 and _shows(response) == set(), "the officer sees the proposal, not the contact"
    assert _page(client, cast.people["manager_c"], pages[1]).status_code == 404


def test_a_proposal_in_the_api_never_carries_contact_data(client, world):
    cast, need, _token = world
    proposal = _propose(cast, need)
    for role in ("coordinator", "officer", "manager_a", "volunteer_a"):
        client.force_login(cast.people[role])
        response = client.get(f"/api/v1/matching/proposals/{proposal.pk}")
        assert response.status_code == 200, role
        assert not any(secret in response.content.decode() for secret in SECRETS), role


def test_the_board_lists_needs_without_contact_data(client, world):
    cast, need, _token = world
    for role in ("coordinator", "officer", "manager_a", "manager_c"):
        response = _page(client, cast.people[role], reverse("matching:board"))
        assert response.status_code == 200 and need.activity in response.content.decode(), role
        assert _shows(response) == set(), role
    client.force_login(cast.manager_a)
    listed = client.get("/api/v1/matching/needs")
    assert need.pk in [row["id"] for row in listed.json()]
    assert not any(secret in listed.content.decode() for secret in SECRETS)


@pytest.mark.parametrize("role", LOGGED_IN_OUTSIDERS)
def test_people_outside_the_network_get_nothing(client, world, role):
    cast, need, _token = world
    proposal = _propose(cast, need)
    client.force_login(cast.people[role])
    for url in (reverse("matching:need", args=[need.pk]), reverse("matching:proposal", args=[proposal.pk]),
                f"/api/v1/matching/needs/{need.pk}", f"/api/v1/matching/proposals/{proposal.pk}"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, (role, url)
        assert not any(secret in response.content.decode() for secret in SECRETS), (role, url)
    assert need.pk not in [row["id"] for row in client.get("/api/v1/matching/needs").json()]


def test_anonymous_visitors_get_nothing_but_the_initiative_sees_its_own_page(client, world):
    cast, need, token = world
    proposal = _propose(cast, need)
    for url in (reverse("matching:need", args=[need.pk]), reverse("matching:proposal", args=[proposal.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"] or "inloggen" in response["Location"]
    for url in (f"/api/v1/matching/needs/{need.pk}", f"/api/v1/matching/proposals/{proposal.pk}"):
        assert client.get(url).status_code in (401, 403)
    own = client.get(reverse("matching:initiative_home", args=[token]))
    assert own.status_code == 200 and "Huis A" in own.content.decode()


def test_the_organisation_made_for_the_initiative_does_not_pass_the_contact_data_on(client, world):
    """Confirming makes an organisation in the network (for booking and billing); its page is open to all house
    staff of the network, so it must not carry the initiative's e-mail address or phone number."""
    cast, need, _token = world
    organisation = need.initiative.organisation
    response = _page(client, cast.people["manager_c"], reverse("organisations:detail", args=[organisation.pk]))
    assert response.status_code == 200
    assert _shows(response) == set(), "house C's manager reads the contact data on the organisation page"
