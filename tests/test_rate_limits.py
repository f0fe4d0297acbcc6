"""Per-person rate limits (``buurtkracht.lib.ratelimit``) on the free-space search (page and API together, per
minute) and on exports (billing CSV/xlsx and the privacy download, per hour): a logged-in person counts by
account, anyone else by address; beyond the limit a friendly Dutch 429 page or a JSON 429, and the next window
starts afresh (mocked clock)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from buurtkracht.accounts.services import create_token
from buurtkracht.lib import ratelimit

pytestmark = pytest.mark.django_db

TOO_MANY = "Je hebt dit in korte tijd heel vaak gedaan. Wacht even en probeer het dan opnieuw."
SEARCH_API = "/api/v1/bookings/search/?first_date=2030-01-08&start_time=19:00&end_time=21:00"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.RATELIMIT_SEARCH_PER_MINUTE = 3
    settings.RATELIMIT_EXPORTS_PER_HOUR = 2
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves, 20 seconds into a minute window and into an hour window."""

    class Clock:
        now = 300 * 3600 + 20.0

        def time(self):
            return self.now

    fake = Clock()
    monkeypatch.setattr(ratelimit, "_now", fake.time)
    return fake


def _search_page(client, **extra):
    return client.get(reverse("bookings:search"), **extra)


def test_the_search_page_refuses_the_fourth_search_in_a_minute_kindly(client, clock):
    for _ in range(3):
        assert _search_page(client).status_code == 200
    response = _search_page(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert TOO_MANY in html and "Over ongeveer 1 minuut kun je verder." in html
    assert "<h1>Even te veel tegelijk</h1>" in html
    assert response["Retry-After"] == "40"
    clock.now += 40  # the next minute
    assert _search_page(client).status_code == 200


def test_an_htmx_search_over_the_limit_is_sent_to_the_whole_page(client, clock):
    for _ in range(3):
        _search_page(client)
    response = _search_page(client, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert response["HX-Redirect"] == reverse("bookings:search")


def test_anonymous_visitors_count_per_address_and_people_per_account(cast, clock):
    one, other = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(3):
        assert _search_page(one).status_code == 200
    assert _search_page(one).status_code == 429
    assert _search_page(other).status_code == 200, "another address has its own count"
    # a logged-in person has their own count, wherever they are
    at_home, at_work = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="198.51.100.7")
    at_home.force_login(cast.volunteer_a)
    at_work.force_login(cast.volunteer_a)
    assert _search_page(at_home).status_code == 200
    assert _search_page(at_work).status_code == 200
    assert _search_page(at_home).status_code == 200
    assert _search_page(at_work).status_code == 429
    colleague = Client(REMOTE_ADDR="198.51.100.7")
    colleague.force_login(cast.manager_a)
    assert _search_page(colleague).status_code == 200


def test_the_api_search_counts_with_the_page_and_answers_json_429(client, clock):
    _search_page(client)
    assert client.get(SEARCH_API).status_code in {200, 422}
    assert client.get(SEARCH_API).status_code in {200, 422}
    response = client.get(SEARCH_API)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert TOO_MANY in response.json()["message"]
    assert _search_page(client).status_code == 429


def test_the_api_search_counts_a_token_by_its_owner(cast, clock):
    _token, secret = create_token(actor=cast.contact, user=cast.contact, name="Zoeker")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert Client(REMOTE_ADDR=address).get(SEARCH_API, **headers).status_code != 429
    assert Client(REMOTE_ADDR="192.0.2.4").get(SEARCH_API, **headers).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.4").get(SEARCH_API).status_code != 429, "anonymous from there is not"


def test_a_limit_of_zero_means_no_limit(client, settings, clock):
    settings.RATELIMIT_SEARCH_PER_MINUTE = 0
    assert all(_search_page(client).status_code == 200 for _ in range(6))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_billing_exports_are_limited_per_person_per_hour(cast, fmt, clock):
    url = reverse("billing:export", args=[cast.house_a.slug, "facturen", fmt])
    manager = Client()
    manager.force_login(cast.manager_a)
    assert manager.get(url).status_code == 200
    assert manager.get(reverse("billing:export", args=[cast.house_a.slug, "regels", fmt])).status_code == 200
    response = manager.get(url)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert int(response["Retry-After"]) == 3600 - 20
    coordinator = Client()
    coordinator.force_login(cast.coordinator)
    assert coordinator.get(url).status_code == 200, "another person has their own count"
    clock.now += 3600
    assert manager.get(url).status_code == 200


def test_an_anonymous_export_still_goes_to_the_login_page_uncounted(cast, client, clock):
    url = reverse("billing:export", args=[cast.house_a.slug, "facturen", "csv"])
    for _ in range(4):
        assert client.get(url).status_code == 302


def test_the_privacy_download_counts_attempts_not_visits(cast, clock):
    cast.stranger.set_password("een lang wachtwoord 42")
    cast.stranger.save()
    client = Client()
    client.force_login(cast.stranger)
    url = reverse("accounts:export")
    for _ in range(3):
        assert client.get(url).status_code == 200, "opening the page is not an export"
    assert client.post(url, {"password": "fout"}).status_code == 422
    response = client.post(url, {"password": "een lang wachtwoord 42"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    refused = client.post(url, {"password": "een lang wachtwoord 42"})
    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()


def test_the_matching_sign_up_limit_still_counts_per_address():
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9")
    ratelimit.count("matching.signup", request)
    assert ratelimit.used("matching.signup", request) == 1
    assert ratelimit.exceeded("matching.signup", request, limit=1)
    assert not ratelimit.exceeded("matching.signup", RequestFactory().get("/", REMOTE_ADDR="192.0.2.10"), limit=1)
