from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import Closure, OpeningHours
from buurtkracht.houses.tests.factories import ClosureFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db


def _hours_url(cast):
    return reverse("houses:opening_hours", args=[cast.house_a.slug])


def test_the_editor_shows_the_current_hours(cast, login):
    OpeningHoursFactory(house=cast.house_a, weekday=1, opens=time(9), closes=time(12))
    OpeningHoursFactory(house=cast.house_a, weekday=1, opens=time(13), closes=time(17, 30))
    page = login(cast.manager_a).get(_hours_url(cast)).content.decode()
    assert "<legend>Dinsdag</legend>" in page
    assert 'name="opens_1_1" value="09:00"' in page and 'name="closes_1_2" value="17:30"' in page


def test_saving_two_periods_a_day_replaces_the_hours(cast, login):
    OpeningHoursFactory(house=cast.house_a, weekday=6)
    response = login(cast.coordinator).post(
        _hours_url(cast),
        {"opens_0_1": "09:00", "closes_0_1": "12:00", "opens_0_2": "13:00", "closes_0_2": "17:00",
         "opens_4_1": "19:00", "closes_4_1": "23:00"},
    )  # fmt: skip
    assert response.status_code == 302
    periods = list(OpeningHours.objects.filter(house=cast.house_a).values_list("weekday", "opens", "closes"))
    assert periods == [(0, time(9), time(12)), (0, time(13), time(17)), (4, time(19), time(23))]
    assert LogEntry.objects.filter(action="houses.opening_hours.changed", house_id=cast.house_a.pk).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"opens_0_1": "09:00"}, "closes_0_1", "Vul in hoe laat het huis op maandag dichtgaat."),
        ({"closes_2_1": "17:00"}, "opens_2_1", "Vul in hoe laat het huis op woensdag opengaat."),
        ({"opens_3_1": "17:00", "closes_3_1": "09:00"}, "closes_3_1", "Op donderdag moet het huis later dichtgaan"),
        (
            {"opens_5_1": "09:00", "closes_5_1": "13:00", "opens_5_2": "12:00", "closes_5_2": "17:00"},
            "opens_5_2",
            "Op zaterdag begint de tweede periode voordat de eerste klaar is.",
        ),
        ({"opens_6_1": "25:00", "closes_6_1": "26:00"}, "opens_6_1", "Vul de tijd op zondag in zoals 09:00."),
    ],
)
def test_bad_opening_hours_get_dutch_messages_and_change_nothing(cast, login, data, field, message):
    OpeningHoursFactory(house=cast.house_a, weekday=0)
    response = login(cast.manager_a).post(_hours_url(cast), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'href="#id_{field}"' in html and f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert OpeningHours.objects.filter(house=cast.house_a).count() == 1
    assert not LogEntry.objects.exists()


def test_a_volunteer_may_not_change_opening_hours(cast, login):
    assert login(cast.volunteer_a).get(_hours_url(cast)).status_code == 403


def test_a_volunteer_adds_a_closure(cast, login):
    client = login(cast.volunteer_a)
    url = reverse("houses:closures", args=[cast.house_a.slug])
    start = date.today() + timedelta(days=30)
    response = client.post(
        url,
        {"start_date": start.isoformat(), "end_date": (start + timedelta(days=6)).isoformat(), "reason": "Vakantie"},
    )
    assert response.status_code == 302
    closure = Closure.objects.get(house=cast.house_a)
    assert closure.reason == "Vakantie" and closure.room is None
    assert "Vakantie" in client.get(url).content.decode()


def test_a_closure_for_one_room_accepts_dutch_dates(cast, login):
    response = login(cast.volunteer_a).post(
        reverse("houses:closures", args=[cast.house_a.slug]),
        {"start_date": "24-12-2030", "end_date": "26-12-2030", "room": cast.room_a.pk, "reason": "Kerst"},
    )
    assert response.status_code == 302
    assert Closure.objects.get().room == cast.room_a


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_date": "2030-05-02", "end_date": "2030-05-01"}, "De laatste dag kan niet voor de eerste dag liggen."),
        ({"start_date": "gisteren", "end_date": "2030-05-01"}, "Vul een datum in zoals 24-12-2026."),
        ({"start_date": "", "end_date": ""}, "Vul de eerste dag in dat het huis dicht is."),
    ],
)
def test_bad_closures_are_refused_in_dutch(cast, login, data, message):
    response = login(cast.manager_a).post(reverse("houses:closures", args=[cast.house_a.slug]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Closure.objects.exists()


def test_a_room_of_another_house_cannot_be_chosen(cast, login):
    response = login(cast.admin).post(
        reverse("houses:closures", args=[cast.house_a.slug]),
        {"start_date": "2030-05-01", "end_date": "2030-05-01", "room": cast.room_b.pk},
    )
    assert response.status_code == 200
    assert not Closure.objects.exists()


def test_remove_a_closure_without_javascript(cast, login):
    closure = ClosureFactory(house=cast.house_a)
    client = login(cast.volunteer_a)
    url = reverse("houses:closure_remove", args=[cast.house_a.slug, closure.pk])
    assert "Wil je deze sluiting verwijderen?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("houses:closures", args=[cast.house_a.slug])
    assert not Closure.objects.exists()
    assert LogEntry.objects.filter(action="houses.closure.removed").exists()


def test_remove_a_closure_with_htmx_returns_the_new_list_and_a_status(cast, login):
    keep = ClosureFactory(house=cast.house_a, reason="Blijft")
    gone = ClosureFactory(house=cast.house_a, reason="Weg")
    response = login(cast.manager_a).post(
        reverse("houses:closure_remove", args=[cast.house_a.slug, gone.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="closure-{keep.pk}"' in html and f'id="closure-{gone.pk}"' not in html
    assert 'hx-swap-oob="innerHTML:#status"' in html and "De sluiting is verwijderd." in html
    assert 'id="closure-list-title" tabindex="-1" autofocus' in html


def test_a_closure_of_another_house_is_not_found(cast, login):
    other = ClosureFactory(house=cast.house_b)
    response = login(cast.admin).post(reverse("houses:closure_remove", args=[cast.house_a.slug, other.pk]))
    assert response.status_code == 404
    assert Closure.objects.filter(pk=other.pk).exists()


def test_the_closures_page_lists_the_closures_in_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    for n in range(20):
        ClosureFactory(house=cast.house_a, room=cast.room_a if n % 2 else None)
    client = login(cast.volunteer_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("houses:closures", args=[cast.house_a.slug]))
    assert response.content.decode().count('<tr id="closure-') == 20
