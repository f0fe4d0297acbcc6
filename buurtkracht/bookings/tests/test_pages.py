"""The booking pages: question pages then check answers, accessible week tables, per-date actions."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse

from buurtkracht.bookings.models import BookingSeries, ICalFeed, TrustedOrganisation
from buurtkracht.bookings.tests.factories import book, future_monday

pytestmark = pytest.mark.django_db


def request_url(cast, step=""):
    return reverse("bookings:request", args=[cast.house_a.slug]) + (f"?stap={step}" if step else "")


def answer_first_step(client, cast, **extra):
    data = {"room": cast.room_a.pk, "title": "Koor", "organisation": cast.organisation_a.pk,
            "first_date": future_monday().strftime("%d-%m-%Y"), "start_time": "19:30", "end_time": "21:30"}  # fmt: skip
    data.update(extra)
    return client.post(request_url(cast, "wat"), data)


def test_a_weekly_request_shows_every_date_and_books_the_ticked_ones(cast, login):
    client = login(cast.contact)
    book(cast.room_a, first_date=future_monday() + timedelta(days=7), title="Geheim")
    assert answer_first_step(client, cast)["Location"].endswith("stap=herhalen")
    assert client.post(request_url(cast, "herhalen"), {"repeat": "weekly"})["Location"].endswith("stap=tot")
    assert client.post(request_url(cast, "tot"), {"count": 4})["Location"].endswith("stap=controleren")
    page = client.get(request_url(cast, "controleren")).content.decode()
    assert "Controleer je reservering" in page and "Elke week op maandag" in page
    assert "De zaal is dan al bezet" in page and "Geheim" not in page and "Deze datum slaan we over" in page
    keep = re.findall(r'name="houden" value="([\d-]+)"', page)
    assert len(keep) == 3
    response = client.post(request_url(cast, "controleren"), {"houden": keep[:2]})
    series = BookingSeries.objects.get(title="Koor")
    assert response["Location"] == series.get_absolute_url()
    statuses = list(series.occurrences.order_by("slot_date").values_list("status", flat=True))
    assert statuses == ["requested", "cancelled", "requested", "cancelled"]
    detail = client.get(response["Location"]).content.decode()
    assert "Je aanvraag is verstuurd" in detail


def test_the_first_step_keeps_answers_and_explains_errors(cast, login):
    client = login(cast.stranger)
    response = answer_first_step(client, cast, organisation="", first_date="31-2-2026", end_time="19:00")
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Fout:" in page
    assert "Deze datum bestaat niet" in page and "Koor" in page
    assert 'id="foutoverzicht"' in page


def test_a_person_without_organisation_books_once_only(cast, login):
    client = login(cast.stranger)
    answer_first_step(client, cast, organisation="")
    response = client.post(request_url(cast, "herhalen"), {"repeat": "weekly"})
    assert response.status_code == 200 and "namens een organisatie" in response.content.decode()
    client.post(request_url(cast, "herhalen"), {"repeat": "no"})
    page = client.get(request_url(cast, "controleren")).content.decode()
    keep = re.findall(r'name="houden" value="([\d-]+)"', page)
    client.post(request_url(cast, "controleren"), {"houden": keep})
    assert BookingSeries.objects.get().kind == "one_off"


def test_the_house_week_is_an_accessible_table_and_list(cast, login):
    book(cast.room_a, first_date=future_monday(), start=time(19, 30), title="Taalcafé")
    page = login(cast.stranger).get(reverse("bookings:house_week", args=[cast.house_a.slug]),
                                    {"datum": future_monday().isoformat()}).content.decode()  # fmt: skip
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    assert "rowspan" not in page and 'role="grid"' not in page
    assert "maandag" in page and "Bezet, 19:30–21:30" in page and "Taalcafé" not in page
    assert "Bezet (vervolg)" in page and "Reserveer Grote zaal" in page
    assert re.search(r"Vorige week \(\d+ \w+ t/m \d+ \w+ \d{4}\)", page)
    for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S):
        assert re.sub(r"<[^>]+>", "", cell).strip(), "every cell says its status in text"
    staff_page = login(cast.manager_a).get(reverse("bookings:house_week", args=[cast.house_a.slug]),
                                           {"datum": future_monday().isoformat()}).content.decode()  # fmt: skip
    assert "Bezet: Taalcafé" in staff_page


def test_the_room_week_shows_the_hall_booking_on_its_half(cast, login):
    from buurtkracht.houses.tests.factories import RoomFactory

    half = RoomFactory(house=cast.house_a, name="Grote zaal west", parent=cast.room_a)
    book(cast.room_a, first_date=future_monday(), title="Gym")
    page = login(cast.manager_a).get(reverse("bookings:room_week", args=[half.pk]),
                                     {"datum": future_monday().isoformat(), "weergave": "lijst"}).content.decode()  # fmt: skip
    assert "Gym (via Grote zaal)" in page and "cal--lijst" in page


def test_moving_a_date_on_the_page(cast, login):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=3, actor=cast.manager_a)
    first = series.occurrences.order_by("slot_date").first()
    client = login(cast.manager_a)
    url = reverse("bookings:occurrence_move", args=[series.pk, first.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"day": first.slot_date.isoformat(), "start_time": "10:00", "end_time": "09:00",
                                 "room": cast.room_a.pk})  # fmt: skip
    assert "middernacht" in response.content.decode()
    response = client.post(url, {"day": first.slot_date.isoformat(), "start_time": "10:00", "end_time": "12:00",
                                 "room": cast.room_a.pk})  # fmt: skip
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.moved
    assert "verplaatst" in client.get(series.get_absolute_url()).content.decode()


def test_a_manager_decides_from_the_waiting_list(cast, login):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=2, status=None, actor=cast.contact,
                  organisation=cast.organisation_a, title="Bridge")  # fmt: skip
    client = login(cast.manager_a)
    assert "Bridge" in client.get(reverse("bookings:approvals")).content.decode()
    response = client.post(reverse("bookings:decide", args=[series.pk]), {"decision": "decline", "reason": ""})
    assert response.status_code == 302
    assert set(series.occurrences.values_list("status", flat=True)) == {"requested"}
    client.post(reverse("bookings:decide", args=[series.pk]), {"decision": "approve"})
    assert set(series.occurrences.values_list("status", flat=True)) == {"confirmed"}
    assert "Er wacht niets op jou" in client.get(reverse("bookings:approvals")).content.decode()


def test_feed_page_shows_the_link_once(cast, login):
    client = login(cast.manager_a)
    response = client.post(reverse("bookings:feeds"), {"scope": f"room:{cast.room_a.pk}", "name": "Zaal"})
    assert response.status_code == 302
    page = client.get(reverse("bookings:feeds")).content.decode()
    assert "/reserveringen/ical/" in page
    assert "/reserveringen/ical/" not in client.get(reverse("bookings:feeds")).content.decode()
    assert ICalFeed.objects.get().name == "Zaal"


def test_trust_list_page(cast, login):
    client = login(cast.manager_a)
    client.post(reverse("bookings:trust", args=[cast.house_a.slug]), {"organisation": cast.organisation_a.pk})
    assert TrustedOrganisation.objects.filter(house=cast.house_a).count() == 1
    client.post(reverse("bookings:trust", args=[cast.house_a.slug]), {"verwijderen": cast.organisation_a.pk})
    assert not TrustedOrganisation.objects.exists()


def test_import_page_previews_then_books(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from buurtkracht.bookings.tests.test_import import event, ics

    client = login(cast.volunteer_a)
    url = reverse("bookings:import", args=[cast.house_a.slug])
    upload = SimpleUploadedFile("club.ics", ics(event("u1", future_monday())), content_type="text/calendar")
    page = client.post(url, {"room": cast.room_a.pk, "file": upload}).content.decode()
    assert "Biljartclub" in page and not BookingSeries.objects.exists()
    assert client.post(url, {"bevestigen": "1"}).status_code == 302
    assert BookingSeries.objects.get().import_uid == "u1"
    bad = SimpleUploadedFile("x.ics", b"garbage", content_type="text/calendar")
    page = client.post(url, {"room": cast.room_a.pk, "file": bad}).content.decode()
    assert "agendabestand niet lezen" in page and "<title>Fout:" in page


def test_a_free_cell_of_the_calendar_fills_in_the_first_question(cast, login):
    day = future_monday()
    page = login(cast.contact).get(request_url(cast), {"zaal": cast.room_a.pk, "datum": day.isoformat(),
                                                        "tijd": "14:00"}).content.decode()  # fmt: skip
    assert f'value="{day.isoformat()}"' in page and 'value="14:00"' in page and 'value="15:00"' in page
    assert f'<option value="{cast.room_a.pk}" selected>' in page


def test_changing_from_a_date_onwards_on_the_page(cast, login):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=4, actor=cast.manager_a)
    third = series.occurrences.order_by("slot_date")[2]
    client = login(cast.manager_a)
    url = reverse("bookings:split", args=[series.pk])
    assert "Wijzigen vanaf deze datum" in client.get(url).content.decode()
    response = client.post(url, {"at": third.slot_date.isoformat(), "start_time": "18:00", "end_time": "19:00",
                                 "room": cast.room_a.pk})  # fmt: skip
    new = BookingSeries.objects.get(split_from=series)
    assert response["Location"] == new.get_absolute_url()
    assert new.occurrences.count() == 2 and new.start_time == time(18)
