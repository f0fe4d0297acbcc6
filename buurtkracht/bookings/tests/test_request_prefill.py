"""The free-space search links to the request pages with the whole slot (room, date, start, ``eind``, and for
a weekly question ``herhalen=weekly`` and ``weken``): the pages start from those answers; bad values are ignored."""

import re
from datetime import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from buurtkracht.bookings.tests.factories import future_monday

pytestmark = pytest.mark.django_db


def request_url(cast, step=""):
    return reverse("bookings:request", args=[cast.house_a.slug]) + (f"?stap={step}" if step else "")


def value_of(page: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def checked(page: str, name: str) -> list[str]:
    return re.findall(rf'<input[^>]*name="{name}" value="([^"]*)"[^>]*checked', page) + re.findall(
        rf'<input[^>]*checked[^>]*name="{name}" value="([^"]*)"', page
    )


def search_link(cast, **params):
    query = {"zaal": cast.room_a.pk, "datum": future_monday().isoformat(), "tijd": "19:30", "eind": "22:00"}
    query.update(params)
    return {k: v for k, v in query.items() if v is not None}


def first_step(client, cast, **answers):
    data = {"room": cast.room_a.pk, "title": "Koor", "organisation": cast.organisation_a.pk,
            "first_date": future_monday().strftime("%d-%m-%Y"), "start_time": "19:30", "end_time": "22:00"}  # fmt: skip
    data.update(answers)
    return client.post(request_url(cast, "wat"), data)


def test_the_search_link_fills_in_room_date_start_and_end(cast, login):
    client = login(cast.contact)
    page = client.get(request_url(cast), search_link(cast)).content.decode()
    assert value_of(page, "start_time") == "19:30" and value_of(page, "end_time") == "22:00"
    assert value_of(page, "first_date") == future_monday().isoformat()
    assert f'<option value="{cast.room_a.pk}" selected>' in page


def test_an_end_after_midnight_ticks_the_next_day(cast, login):
    page = login(cast.contact).get(request_url(cast), search_link(cast, tijd="22:00", eind="01:00")).content.decode()
    assert value_of(page, "end_time") == "01:00"
    assert re.search(r'<input[^>]*name="next_day"[^>]*checked', page)


@pytest.mark.parametrize("bad", ["25:00", "half tien", "", "22:00:00:00", "9"])
def test_a_bad_end_is_ignored(cast, login, bad):
    page = login(cast.contact).get(request_url(cast), search_link(cast, eind=bad)).content.decode()
    assert value_of(page, "start_time") == "19:30" and value_of(page, "end_time") == "20:30"


def test_a_weekly_search_answers_repeat_and_number_of_weeks(cast, login):
    client = login(cast.contact)
    client.get(request_url(cast), search_link(cast, herhalen="weekly", weken="6"))
    assert first_step(client, cast)["Location"].endswith("stap=herhalen")
    repeat = client.get(request_url(cast, "herhalen")).content.decode()
    assert checked(repeat, "repeat") == ["weekly"]
    assert client.post(request_url(cast, "herhalen"), {"repeat": "weekly"})["Location"].endswith("stap=tot")
    until = client.get(request_url(cast, "tot")).content.decode()
    assert value_of(until, "count") == "6"
    client.post(request_url(cast, "tot"), {"count": value_of(until, "count")})
    check = client.get(request_url(cast, "controleren")).content.decode()
    assert len(re.findall(r'name="houden" value="([\d-]+)"', check)) == 6
    assert "19:30–22:00" in check


@pytest.mark.parametrize(
    "params",
    [
        {"herhalen": "weekly", "weken": "0"},
        {"herhalen": "weekly", "weken": "501"},
        {"herhalen": "weekly", "weken": "zes"},
        {"herhalen": "weekly", "weken": "-3"},
        {"herhalen": "daily", "weken": "6"},
        {"herhalen": "weekly"},
    ],
)
def test_bad_repeat_values_are_ignored(cast, login, params):
    client = login(cast.contact)
    client.get(request_url(cast), search_link(cast, **params))
    first_step(client, cast)
    repeat = client.get(request_url(cast, "herhalen")).content.decode()
    assert checked(repeat, "repeat") == ["no"]


def test_one_week_or_a_single_date_link_books_once(cast, login):
    client = login(cast.contact)
    client.get(request_url(cast), search_link(cast, herhalen="weekly", weken="4"))
    client.get(request_url(cast), search_link(cast))  # a newer search for one date only
    first_step(client, cast)
    assert checked(client.get(request_url(cast, "herhalen")).content.decode(), "repeat") == ["no"]
    client.get(request_url(cast), search_link(cast, herhalen="weekly", weken="1"))
    first_step(client, cast)
    assert checked(client.get(request_url(cast, "herhalen")).content.decode(), "repeat") == ["no"]


def test_the_search_builds_the_link_the_request_pages_read(cast, login):
    from buurtkracht.bookings.search import make_request
    from buurtkracht.bookings.search_views import request_link

    req = make_request(first_date=future_monday(), start_time=time(19, 30), end_time=time(22, 0), weeks=3,
                       network_id=cast.network_a.pk)  # fmt: skip
    result = SimpleNamespace(room_id=cast.room_a.pk, house_slug=cast.house_a.slug, start_time=time(19, 30),
                             end_time=time(22, 0))  # fmt: skip
    client = login(cast.contact)
    page = client.get(request_link(result, req)).content.decode()
    assert value_of(page, "end_time") == "22:00"
    first_step(client, cast)
    client.post(request_url(cast, "herhalen"), {"repeat": "weekly"})
    assert value_of(client.get(request_url(cast, "tot")).content.decode(), "count") == "3"
