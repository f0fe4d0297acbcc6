"""The bookings API: the same services as the pages, through the permission layer, with clear 4xx
answers for bad input and nothing saved."""

import json
from datetime import timedelta

import pytest

from buurtkracht.bookings.models import BookingSeries, Occurrence
from buurtkracht.bookings.tests.factories import book, future_monday

pytestmark = pytest.mark.django_db
URL = "/api/v1/bookings"


def post(client, path, payload):
    return client.post(URL + path, data=json.dumps(payload), content_type="application/json")


def weekly(cast, **extra):
    payload = {"house": cast.house_a.slug, "room": cast.room_a.pk, "title": "Koor", "kind": "weekly",
               "weekdays": [1], "first_date": future_monday().isoformat(), "start_time": "19:30",
               "end_time": "21:30", "count": 5, "organisation": cast.organisation_a.pk}  # fmt: skip
    payload.update(extra)
    return payload


def test_check_then_book_only_the_free_dates(cast, login):
    client = login(cast.contact)
    book(cast.room_a, first_date=future_monday() + timedelta(days=8), title="Geheim")
    checks = post(client, "/series/check", weekly(cast)).json()
    states = [c["state"] for c in checks]
    assert states[1] == "conflict" and all(c["bookable"] for i, c in enumerate(checks) if i != 1)
    assert set(states) <= {"free", "conflict", "public_holiday", "school_holiday"}
    assert checks[1]["conflicts"] == ["bezet"] and "bezet" in checks[1]["reason"]
    refused = post(client, "/series", weekly(cast))
    assert refused.status_code == 422 and "Grote zaal" in refused.json()["message"]
    created = post(client, "/series", weekly(cast, free_only=True))
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "requested" and "FREQ=WEEKLY" in body["rrule"]
    assert [o["status"] for o in body["occurrences"]] == ["requested", "cancelled", "requested", "requested",
                                                           "requested"]  # fmt: skip
    assert body["occurrences"][0]["start"].endswith("+01:00")


def test_an_rrule_can_be_given_instead_of_fields(cast, login):
    client = login(cast.manager_a)
    response = post(client, "/series", weekly(cast, kind="one_off", weekdays=[], count=None,
                                              rrule="RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"))  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "monthly" and len(response.json()["occurrences"]) == 3


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"end_time": "18:00"}, "eindtijd"),
        ({"count": 10_000}, "500"),
        ({"count": None, "until_date": None}, "einde"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=TU", "count": None}, "stopt nooit"),
        ({"rrule": "FREQ=DAILY;COUNT=3"}, "wekelijkse"),
        ({"kind": "dates", "dates": [(future_monday() + timedelta(days=i)).isoformat() for i in range(10_000)]},
         "500"),
        ({"first_date": (future_monday() - timedelta(days=30)).isoformat()}, "voorbij"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_message_and_saves_nothing(cast, login, change, words):
    client = login(cast.manager_a)
    response = post(client, "/series", weekly(cast, **change))
    assert response.status_code == 422
    assert words in response.json()["message"]
    assert not BookingSeries.objects.exists()


def test_an_unknown_room_or_a_room_of_another_house_is_not_found(cast, login):
    client = login(cast.manager_a)
    for room in (2**62, cast.room_b.pk):
        response = post(client, "/series", weekly(cast, room=room))
        assert response.status_code == 404 and response.json()["message"]
    assert post(client, "/series", weekly(cast, room=0)).status_code == 422
    assert not BookingSeries.objects.exists()


def test_booking_for_someone_elses_organisation_is_refused(cast, login):
    from buurtkracht.organisations.tests.factories import OrganisationFactory

    other = OrganisationFactory(name="Andere club", network=cast.network_a)
    response = post(login(cast.contact), "/series", weekly(cast, organisation=other.pk))
    assert response.status_code == 422 and "organisatie" in response.json()["message"]


def test_exceptions_split_and_decisions_through_the_api(cast, login):
    contact = login(cast.contact)
    series = post(contact, "/series", weekly(cast)).json()
    first, second, third = (o["id"] for o in series["occurrences"][:3])
    base = f"/series/{series['id']}"
    assert post(contact, f"{base}/dates/{first}/cancel", {"reason": "ziek"}).json()["status"] == "cancelled"
    assert post(contact, f"{base}/dates/{first}/readd", {}).json()["status"] == "requested"
    moved = post(contact, f"{base}/dates/{second}/move", {"date": series["occurrences"][1]["date"],
                                                          "start_time": "10:00", "end_time": "11:00"}).json()  # fmt: skip
    assert moved["moved"] and moved["start"][11:16] == "10:00"
    assert post(contact, f"{base}/approve", {}).status_code == 403
    manager = login(cast.manager_a)
    approved = post(manager, f"{base}/approve", {"occurrences": [third]}).json()
    assert [o["status"] for o in approved["occurrences"]][2] == "confirmed"
    declined = post(manager, f"{base}/decline", {"reason": ""})
    assert declined.status_code == 422
    new = post(manager, f"{base}/split", {"at": series["occurrences"][3]["date"], "start_time": "20:00",
                                          "end_time": "22:00"}).json()  # fmt: skip
    assert new["split_from"] == series["id"] and len(new["occurrences"]) == 2
    listed = manager.get(URL + "/occurrences", {"house": cast.house_a.slug}).json()
    assert len(listed) == 5


def test_feeds_are_shown_once_and_can_be_switched_off(cast, login):
    client = login(cast.manager_a)
    created = post(client, "/feeds", {"scope": "house", "id": cast.house_a.pk, "show_details": True})
    assert created.status_code == 201
    url = created.json()["url"]
    assert client.get(url).status_code == 200
    listed = client.get(URL + "/feeds").json()
    assert "url" not in listed[0]
    assert client.delete(f"{URL}/feeds/{created.json()['id']}").json()["revoked_at"]
    assert client.get(url).status_code == 404


def test_lists_only_show_what_the_person_may_see(cast, login):
    book(cast.room_a, actor=cast.manager_a, title="Van het huis")
    assert login(cast.stranger).get(URL + "/series").json() == []
    assert len(login(cast.officer).get(URL + "/series").json()) == 1
    assert Occurrence.objects.count() == 1
