"""The public sign-up (page and API together) takes at most MATCHING_SIGNUPS_PER_HOUR sign-ups per address per
hour; then it answers 429 with a friendly Dutch message and saves nothing."""

import json

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from buurtkracht.lib import ratelimit
from buurtkracht.matching.models import Initiative
from buurtkracht.matching.tests.conftest import need_data, signup_data

pytestmark = pytest.mark.django_db

TOO_MANY = "het afgelopen uur veel aanmeldingen verstuurd. Probeer het over een uur opnieuw."


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.MATCHING_SIGNUPS_PER_HOUR = 2
    cache.clear()
    yield
    cache.clear()


def _form(place, n: int) -> dict:
    data = {**signup_data(place.code, email=f"groep{n}@example.org", name=f"Groep {n}"), **need_data()}
    data.update(area=place.code, start_date=data["start_date"].isoformat())
    return data


def _json(place, n: int) -> str:
    body = {**signup_data(place.code, email=f"api{n}@example.org", name=f"Api {n}"), "area": place.code,
            "need": need_data()}  # fmt: skip
    body["need"]["start_date"] = body["need"]["start_date"].isoformat()
    return json.dumps(body)


def test_the_third_sign_up_in_an_hour_from_one_address_is_refused_kindly(client, cast, place):
    for n in (1, 2):
        assert client.post(reverse("matching:signup"), _form(place, n)).status_code == 302
    response = client.post(reverse("matching:signup"), _form(place, 3))
    assert response.status_code == 429
    html = response.content.decode()
    assert TOO_MANY in html and 'id="foutoverzicht"' in html
    assert 'value="Groep 3"' in html, "the answers are kept"
    assert Initiative.objects.count() == 2
    assert not Initiative.objects.filter(name="Groep 3").exists()


def test_the_api_counts_with_the_page_and_answers_429(client, cast, place):
    assert client.post(reverse("matching:signup"), _form(place, 1)).status_code == 302
    url = "/api/v1/matching/signup"
    assert client.post(url, data=_json(place, 2), content_type="application/json").status_code == 201
    response = client.post(url, data=_json(place, 3), content_type="application/json")
    assert response.status_code == 429
    assert TOO_MANY in response.json()["message"]
    assert Initiative.objects.count() == 2


def test_another_address_may_still_sign_up(client, cast, place):
    for n in (1, 2):
        client.post(reverse("matching:signup"), _form(place, n))
    assert client.post(reverse("matching:signup"), _form(place, 3)).status_code == 429
    other = client.post(reverse("matching:signup"), _form(place, 4), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert Initiative.objects.filter(name="Groep 4").exists()


def test_mistakes_do_not_use_up_the_limit(client, cast, place):
    for _attempt in range(4):
        bad = {**_form(place, 9), "budget": "veel"}
        assert client.post(reverse("matching:signup"), bad).status_code == 422
    assert client.post(reverse("matching:signup"), _form(place, 1)).status_code == 302


def test_robots_that_fill_the_trap_are_counted_too(client, cast, place):
    for n in (1, 2):
        trap = {**_form(place, n), "website": "http://spam.example"}
        assert client.post(reverse("matching:signup"), trap).status_code == 302
    assert client.post(reverse("matching:signup"), _form(place, 3)).status_code == 429
    assert not Initiative.objects.exists()


def test_zero_switches_the_limit_off(client, cast, place, settings):
    settings.MATCHING_SIGNUPS_PER_HOUR = 0
    for n in (1, 2, 3):
        assert client.post(reverse("matching:signup"), _form(place, n)).status_code == 302
    assert Initiative.objects.count() == 3


def test_the_address_behind_proxies_and_ipv6_networks(settings):
    make = RequestFactory().get
    assert ratelimit.client_address(make("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    spoofed = make("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.9")
    assert ratelimit.client_address(spoofed) == "10.0.0.1", "X-Forwarded-For is ignored without trusted proxies"
    settings.RATELIMIT_PROXY_COUNT = 1
    assert ratelimit.client_address(spoofed) == "198.51.100.9", "the entry the trusted proxy added, not the first"
    settings.RATELIMIT_PROXY_COUNT = 0
    one = ratelimit.client_address(make("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1"))
    two = ratelimit.client_address(make("/", REMOTE_ADDR="2001:db8:1:2:bbbb::2"))
    assert one == two == "2001:db8:1:2::/64"
    assert ratelimit.client_address(make("/", REMOTE_ADDR="::ffff:192.0.2.5")) == "192.0.2.5"
    assert ratelimit.client_address(make("/", REMOTE_ADDR="nonsense")) == "unknown"
