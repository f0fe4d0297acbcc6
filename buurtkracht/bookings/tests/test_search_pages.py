"""The search page: a GET form that works without JavaScript, results in words, HTMX with the count in
#status, and a link that requests the booking. This module is also the URL configuration for the search
and occupancy tests until ``bookings/urls.py`` and ``bookings/api.py`` include the routes (then it adds
nothing: the project's own routes come first)."""

from datetime import time, timedelta

import pytest
from django.urls import NoReverseMatch, include, path, reverse

from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.houses.models import Facility
from buurtkracht.houses.tests.factories import ClosureFactory, RoomFactory


def _urlpatterns():
    from ninja import NinjaAPI

    from buurtkracht import api as project_api
    from buurtkracht import urls as project
    from buurtkracht.accounts.api_auth import API_AUTH
    from buurtkracht.bookings import search_urls
    from buurtkracht.bookings import urls as bookings_urls
    from buurtkracht.bookings.search_api import build_router

    api = NinjaAPI(urls_namespace="search_test_api", version="search-test", auth=API_AUTH, docs_url=None,
                   openapi_url=None)  # fmt: skip
    for error, handler in project_api.api._exception_handlers.items():
        api.add_exception_handler(error, handler)
    api.add_router("/bookings/", build_router())
    names = {p.name for p in bookings_urls.urlpatterns}
    extra = [p for p in search_urls.urlpatterns if p.name not in names]
    combined = include((list(bookings_urls.urlpatterns) + extra, "bookings"))
    patterns = []
    for entry in project.urlpatterns:
        if getattr(entry, "namespace", None) == "bookings":
            patterns.append(path(str(entry.pattern), combined))
        else:
            patterns.append(entry)
    return [*patterns, path("api/v1/", api.urls)]  # the project's API first: once mounted, it answers


urlpatterns = _urlpatterns()
URLCONF = "buurtkracht.bookings.tests.test_search_pages"
pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def thursday():
    return future_monday() + timedelta(days=3)


def query(cast, **extra):
    data = {
        "network": cast.network_a.slug, "min_capacity": 10, "first_date": thursday().isoformat(), "weeks": 4,
        "start_time": "19:30", "end_time": "21:30",
    }  # fmt: skip
    data.update(extra)
    return data


def test_the_empty_form_shows_and_searches_nothing(cast, client):
    response = client.get(reverse("bookings:search"), **ENGLISH)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in page and 'name="first_date"' in page and "rooms found" not in page
    assert page.count("<h1") == 1


def test_a_search_lists_free_rooms_first_with_the_dates_that_are_not_free(cast, client):
    other = RoomFactory(house=cast.house_a, name="Bovenzaal", capacity=40)
    taken = thursday() + timedelta(weeks=1)
    book(cast.room_a, first_date=taken, start=time(20), minutes=60)
    ClosureFactory(house=cast.house_a, room=cast.room_a, start_date=thursday() + timedelta(weeks=3),
                   end_date=thursday() + timedelta(weeks=3), reason="Vloer lakken")  # fmt: skip
    response = client.get(reverse("bookings:search"), query(cast), **ENGLISH)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 rooms found" in page and "1 room is free on every date." in page
    assert page.index("Bovenzaal") < page.index("Grote zaal")
    assert "Free on 2 of 4 dates" in page and "already booked" in page and "closed: Vloer lakken" in page
    assert f'datetime="{taken.isoformat()}"' in page
    assert '<option value="10" selected>10 km</option>' in page  # the distance keeps its default
    request_link = (
        reverse("bookings:request", args=[cast.house_a.slug])
        + f"?zaal={other.pk}&amp;datum={thursday().isoformat()}&amp;tijd=19%3A30&amp;eind=21%3A30&amp;herhalen=weekly&amp;weken=4"
    )
    assert request_link in page


def test_the_request_link_opens_the_request_page_with_room_date_and_time(cast, login):
    client = login(cast.contact)
    page = client.get(reverse("bookings:search"), query(cast, weeks=1), **ENGLISH).content.decode()
    start = page.index(reverse("bookings:request", args=[cast.house_a.slug]))
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    form = client.get(link, **ENGLISH).content.decode()
    assert f'value="{thursday().isoformat()}"' in form and 'value="19:30"' in form
    assert f'<option value="{cast.room_a.pk}" selected' in form


def test_htmx_gets_the_results_and_the_count_for_the_live_region(cast, client):
    response = client.get(reverse("bookings:search"), query(cast), HTTP_HX_REQUEST="true", **ENGLISH)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'hx-swap-oob="innerHTML:#status"' in page and "1 room found, 1 free on every date" in page
    assert response["Vary"].count("HX-Request") == 1


def test_bad_input_gets_the_error_summary_and_a_400(cast, client):
    response = client.get(reverse("bookings:search"), query(cast, weeks=60, end_time="18:00", network=""), **ENGLISH)
    page = response.content.decode()
    assert response.status_code == 400 and "<title>Error:" in page and 'id="foutoverzicht"' in page
    assert "Search at most 52 weeks at once." in page
    response = client.get(reverse("bookings:search"), query(cast, end_time="18:00"), **ENGLISH)
    assert response.status_code == 400 and "The end time must be after the start time." in response.content.decode()


def test_an_unknown_postcode_is_explained(cast, client):
    response = client.get(reverse("bookings:search"), query(cast, network="", postcode="9999 ZZ"), **ENGLISH)
    assert response.status_code == 400
    assert "We do not know this postcode." in response.content.decode()


def test_a_postcode_searches_around_its_centre(cast, client):
    from buurtkracht.networks.models import Area

    Area.objects.create(country="NL", kind=Area.Kind.POSTCODE, code="5341", name="5341", latitude=51.765,
                        longitude=5.518)  # fmt: skip
    response = client.get(reverse("bookings:search"), query(cast, network="", postcode="5341 AB", radius_km=5),
                          **ENGLISH)  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "2 rooms found" in page and "Huis B" in page


def test_facilities_are_checkboxes_and_all_are_required(cast, client):
    kitchen = Facility.objects.get(code="kitchen")
    RoomFactory(house=cast.house_a, name="Keukenzaal", capacity=20, facilities=[kitchen])
    page = client.get(reverse("bookings:search"), query(cast, facilities=["kitchen"]), **ENGLISH).content.decode()
    assert 'type="checkbox" name="facilities" value="kitchen"' in page
    assert "1 room found" in page and "Keukenzaal" in page and "Grote zaal" not in page.split('id="results"')[1]


def test_a_house_that_is_not_public_stays_hidden_from_strangers(cast, client, login):
    cast.house_a.is_public = False
    cast.house_a.save()
    assert "No room matches" in client.get(reverse("bookings:search"), query(cast), **ENGLISH).content.decode()
    manager = login(cast.manager_a)
    assert "1 room found" in manager.get(reverse("bookings:search"), query(cast), **ENGLISH).content.decode()


def test_the_project_urls_include_the_search_once_the_lead_adds_them():
    """Documents the routes this module stands in for; fails loudly if a name changes."""
    assert reverse("bookings:search", urlconf=URLCONF) == "/reserveringen/zoeken/"
    assert reverse("bookings:occupancy", args=["huis-a"], urlconf=URLCONF) == "/reserveringen/bezetting/huis-a/"
    try:
        reverse("bookings:search")
    except NoReverseMatch:  # pragma: no cover - before the lead's change, reverse() uses this module anyway
        pytest.fail("the test URL configuration is not active")
