"""Issue 5: bad input — a need without any slot, a budget that is not a number, an unknown area — gets a clear
message and saves nothing, on the public sign-up page, on the coordinator's "add an initiative" page and in
the API."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from buurtkracht.matching.models import Initiative, SpaceNeed
from buurtkracht.matching.tests.conftest import need_data, signup_data

pytestmark = pytest.mark.django_db

NO_SLOT = "Kies minstens één dag van de week en één dagdeel."
NO_DAY, NO_PART = "Kies minstens één dag van de week.", "Kies minstens één dagdeel."
NOT_A_NUMBER = "Vul het budget in als bedrag in euro, zoals 250 of 250,50."
UNKNOWN_AREA = "We kennen deze postcode of gebiedscode niet. Vul een postcode in zoals 5341 AB."

# case: (need changes, initiative changes, errors on the page's form, errors in the API's answer)
BAD = {
    "no slot at all": ({"weekdays": [], "day_parts": []}, {}, {"weekdays": NO_DAY, "day_parts": NO_PART},
                       {"weekdays": NO_SLOT}),
    "days but no part of the day": ({"day_parts": []}, {}, {"day_parts": NO_PART}, {"weekdays": NO_SLOT}),
    "a part of the day but no days": ({"weekdays": []}, {}, {"weekdays": NO_DAY}, {"weekdays": NO_SLOT}),
    "budget in words": ({"budget": "vijftig euro"}, {}, {"budget": NOT_A_NUMBER}, {"budget": NOT_A_NUMBER}),
    "budget not a finite number": ({"budget": "NaN"}, {}, {"budget": NOT_A_NUMBER}, {"budget": NOT_A_NUMBER}),
    "unknown postcode": ({}, {"area": "9999 ZZ"}, {"area": UNKNOWN_AREA}, {"area": UNKNOWN_AREA}),
    "unknown area code": ({}, {"area": "WK000000"}, {"area": UNKNOWN_AREA}, {"area": UNKNOWN_AREA}),
}  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()  # the sign-up rate limit counts per address in the cache
    yield
    cache.clear()


def _form_post(place, need: dict, initiative: dict) -> dict:
    data = {**signup_data(place.code), **need_data(**need), "area": place.code, **initiative}
    data["start_date"] = data["start_date"].isoformat()
    return data


def _nothing_saved():
    assert not Initiative.objects.exists()
    assert not SpaceNeed.objects.exists()


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_the_sign_up_page_explains_bad_input_and_saves_nothing(client, cast, place, case):
    need, initiative, page_errors, _api_errors = BAD[case]
    data = _form_post(place, need, initiative)
    response = client.post(reverse("matching:signup"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert dict(response.context["form"].errors) == {k: [v] for k, v in page_errors.items()}
    assert 'id="foutoverzicht"' in html
    for field, message in page_errors.items():
        assert f'href="#id_{field}' in html  # the summary links to the field
        assert html.count(message) == 2  # in the summary and at the field
    assert "<title>Fout: " in html
    assert f'value="{data["name"]}"' in html, "the answers are kept"
    _nothing_saved()


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_the_coordinator_page_explains_bad_input_and_saves_nothing(client, cast, place, case):
    need, initiative, page_errors, _api_errors = BAD[case]
    client.force_login(cast.coordinator)
    response = client.post(reverse("matching:enter_initiative", args=[cast.network_a.slug]),
                           _form_post(place, need, initiative))  # fmt: skip
    assert response.status_code == 422
    assert dict(response.context["form"].errors) == {k: [v] for k, v in page_errors.items()}
    _nothing_saved()


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_the_api_explains_bad_input_and_saves_nothing(client, cast, place, case):
    need, initiative, _page_errors, api_errors = BAD[case]
    body = {**signup_data(place.code), "area": place.code, **initiative, "need": need_data(**need)}
    body["need"]["start_date"] = body["need"]["start_date"].isoformat()
    response = client.post("/api/v1/matching/signup", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    answer = response.json()
    assert answer["errors"] == {k: [v] for k, v in api_errors.items()}
    assert all(message in answer["message"] for message in api_errors.values())
    _nothing_saved()


def test_the_api_refuses_a_budget_that_is_no_text_or_number_and_unknown_day_numbers(client, cast, place):
    body = {**signup_data(place.code), "area": place.code, "need": need_data(weekdays=[9])}
    body["need"]["start_date"] = body["need"]["start_date"].isoformat()
    response = client.post("/api/v1/matching/signup", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["weekdays"] == ["Kies dagen van de week uit de lijst."]
    body["need"] = {**body["need"], "weekdays": [1], "budget": ["250"]}
    response = client.post("/api/v1/matching/signup", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert any(error["loc"][-1] == "budget" for error in response.json()["errors"])
    _nothing_saved()


def test_good_input_is_saved_for_comparison(client, cast, place):
    response = client.post(reverse("matching:signup"), _form_post(place, {}, {}))
    assert response.status_code == 302
    need = SpaceNeed.objects.get()
    assert (need.weekdays, need.day_parts, need.budget) == ([1], ["morning"], Decimal("250"))


def test_an_empty_sign_up_names_every_missing_answer_in_its_own_words(client, cast, place):
    response = client.post(reverse("matching:signup"), {})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"name", "goal", "area", "activity", "group_size", "weekdays", "day_parts",
                           "hours_per_week", "start_date", "weeks", "budget", "contact_name", "email"}  # fmt: skip
    messages = [m for ms in errors.values() for m in ms]
    assert len(set(messages)) == len(messages), "the same sentence twice in the error summary"
    assert "Dit veld is verplicht." not in messages
    assert errors["area"] == ["Vul de postcode of gebiedscode in waar je actief bent."]
    _nothing_saved()
