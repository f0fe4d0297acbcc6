"""The price inside the booking request flow, on a booking and on the approval list (issue #4): per date and in
total, the list price, the discount of the renter category, VAT and free hours, for exactly the dates that will
be booked, and only for the person asking (contact of the organisation) or the house staff."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.houses.tests.factories import HouseFactory, RoomFactory

pytestmark = pytest.mark.django_db


def request_url(house, step=""):
    return reverse("bookings:request", args=[house.slug]) + (f"?stap={step}" if step else "")


def ask_weekly(client, house, room, *, organisation=None, weeks=3, start="19:30", end="21:30"):
    data = {"room": room.pk, "title": "Koor", "organisation": organisation.pk if organisation else "",
            "first_date": future_monday().strftime("%d-%m-%Y"), "start_time": start, "end_time": end}  # fmt: skip
    assert client.post(request_url(house, "wat"), data).status_code == 302
    if weeks > 1:
        client.post(request_url(house, "herhalen"), {"repeat": "weekly"})
        client.post(request_url(house, "tot"), {"count": weeks})
    else:
        client.post(request_url(house, "herhalen"), {"repeat": "no"})
    return client.get(request_url(house, "controleren")).content.decode()


def price_block(page: str) -> str:
    match = re.search(r'<section class="quote-block".*?</section>', page, flags=re.S)
    assert match, "the check page shows a price block"
    return match.group(0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def fragment(client, cast, days, **extra):
    query = {"zaal": cast.room_a.pk, "organisatie": cast.organisation_a.pk, "van": "19:30", "tot": "21:30",
             "reeks": "1", "houden": [d if isinstance(d, str) else d.isoformat() for d in days]}  # fmt: skip
    query.update(extra)
    return client.get(reverse("billing:quote_fragment", args=[cast.house_a.slug]), query, HTTP_HX_REQUEST="true")


def test_the_contact_sees_list_price_discount_and_total_for_the_free_dates_only(billed, login):
    client = login(billed.contact)
    book(billed.room_a, first_date=future_monday() + timedelta(days=7), title="Bezet")
    block = text_of(price_block(ask_weekly(client, billed.house_a, billed.room_a, organisation=billed.organisation_a)))
    # two of the three Mondays are free: 2 × 2 hours × €32 list, 50 % off for an association
    assert "Vereniging of stichting" in block
    assert "Lijstprijs € 128,00" in block and "Totaal zonder btw € 64,00" in block
    assert "Korting − € 64,00 (voor vereniging of stichting)" in block
    assert "Btw geen: zaalhuur is vrijgesteld van btw" in block and "Totaal te betalen € 64,00" in block
    html = price_block(ask_weekly(client, billed.house_a, billed.room_a, organisation=billed.organisation_a))
    assert re.findall(r'<td class="number">(€\xa0[\d,]+)</td>', html) == ["€\xa064,00", "€\xa032,00"] * 2
    booked_day = date_format(future_monday() + timedelta(days=7), "D j N Y")
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert len(rows) == 2 and booked_day not in rows, "only the dates that will be booked are priced"


def test_the_price_follows_the_ticked_dates(billed, login):
    client = login(billed.contact)
    first = future_monday()
    page = ask_weekly(client, billed.house_a, billed.room_a, organisation=billed.organisation_a)
    assert 'hx-get="/facturen/huis/huis-a/prijs/aanvraag/?' in page and "hx-include=\"[name='houden']\"" in page
    response = fragment(client, billed, [first])
    body = text_of(response.content.decode())
    assert response.status_code == 200 and "<h1" not in response.content.decode()
    assert "Totaal te betalen € 32,00" in body and "1 aangevinkte datum" in body
    nothing = text_of(fragment(client, billed, []).content.decode())
    assert "Vink minstens één datum aan" in nothing


def test_free_hours_are_used_and_shown(billed, login):
    from buurtkracht.organisations.models import Organisation

    Organisation.objects.filter(pk=billed.organisation_a.pk).update(renter_category="resident_initiative")
    client = login(billed.contact)
    block = text_of(price_block(ask_weekly(client, billed.house_a, billed.room_a, organisation=billed.organisation_a)))
    # 5 free hours a year: the first two dates (4 hours) and one hour of the third are free, 75 % off the rest
    assert "5 van de 5 vrije uren die je dit jaar nog hebt" in block
    assert "Totaal te betalen € 8,00" in block


def test_a_single_date_for_myself_is_priced_at_the_private_rate(billed, login):
    client = login(billed.stranger)
    block = text_of(price_block(ask_weekly(client, billed.house_a, billed.room_a, weeks=1)))
    assert "Particulier" in block and "Totaal te betalen € 64,00" in block and "Korting" not in block


def test_without_a_rate_card_the_page_says_the_house_will_tell_the_price(cast, login):
    client = login(cast.contact)
    block = text_of(price_block(ask_weekly(client, cast.house_a, cast.room_a, organisation=cast.organisation_a)))
    assert "Er is nog geen prijs voor deze zaal; het huis laat je de prijs weten." in block


def test_the_fragment_checks_who_asks_and_what(billed, login):
    days = [future_monday(), future_monday() + timedelta(days=7)]
    assert fragment(login(billed.volunteer_a), billed, days).status_code == 200
    assert fragment(login(billed.contact), billed, days).status_code == 200
    assert fragment(login(billed.provider), billed, days).status_code == 403  # not the contact
    assert fragment(login(billed.manager_b), billed, days).status_code == 403  # staff of another house
    client = login(billed.contact)
    assert fragment(client, billed, days, zaal=billed.room_b.pk).status_code == 404  # a room of another house
    assert fragment(client, billed, days, van="half acht").status_code == 400
    assert fragment(client, billed, ["2026-02-30"]).status_code == 400
    assert fragment(client, billed, days, zaal="-1").status_code == 400
    too_many = [future_monday() + timedelta(days=i) for i in range(501)]
    assert fragment(client, billed, too_many).status_code == 400
    assert fragment(client, billed, days, organisatie="").status_code == 200  # for myself: the private rate


def test_a_house_without_billing_still_shows_the_check_page(login, cast):
    other = HouseFactory(name="Huis C", slug="huis-c", networks=[cast.network_a])
    room = RoomFactory(house=other, name="Zaaltje")
    page = ask_weekly(login(cast.stranger), other, room, weeks=1)
    assert "Er is nog geen prijs voor deze zaal" in text_of(page) and "Aanvraag versturen" in page


def _requested(cast):
    from buurtkracht.bookings.services.series import create_series

    return create_series(
        actor=cast.contact, house=cast.house_a, room=cast.room_a, title="Koorrepetitie", kind="weekly",
        weekdays=[0], first_date=future_monday(), count=2, start_time=future_time(), duration_minutes=120,
        organisation=cast.organisation_a,
    )  # fmt: skip


def future_time():
    from datetime import time

    return time(19, 30)


def test_the_booking_page_shows_the_price_of_the_dates_waiting(billed, login):
    series = _requested(billed)
    url = series.get_absolute_url()
    manager = login(billed.manager_a).get(url).content.decode()
    assert "Wat de datums die op een besluit wachten kosten" in manager and "€ 64,00" in text_of(manager)
    assert reverse("billing:series_billing", args=[series.pk]) in manager and "Prijs en facturen" in manager
    volunteer = login(billed.volunteer_a).get(url).content.decode()
    assert "Wat de datums die op een besluit wachten kosten" in volunteer
    assert reverse("billing:series_billing", args=[series.pk]) not in volunteer  # keeps no books
    contact = login(billed.contact).get(url).content.decode()
    assert "Wat de datums die op een besluit wachten kosten" in contact and "Prijs en facturen" not in contact
    officer = login(billed.officer).get(url).content.decode()
    assert "Wat de datums die op een besluit wachten kosten" not in officer and "Prijs en facturen" not in officer


def test_the_approval_list_shows_the_price_per_booking(billed, login):
    series = _requested(billed)
    page = login(billed.manager_a).get(reverse("bookings:approvals")).content.decode()
    assert '<th scope="col" class="number">Prijs</th>' in page
    assert f'href="{series.get_absolute_url()}#prijs">€\xa064,00' in page


def test_bookings_pages_leave_the_price_out_when_billing_is_not_installed(billed, login, monkeypatch):
    from django.apps import apps

    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "buurtkracht.billing" and installed(name))
    client = login(billed.manager_a)
    page = ask_weekly(client, billed.house_a, billed.room_a, organisation=billed.organisation_a)
    assert "Controleer je reservering" in page and "quote-block" not in page and "/facturen/" not in page
    series = _requested(billed)
    detail = client.get(series.get_absolute_url()).content.decode()
    assert "Prijs en facturen" not in detail and "quote-block" not in detail
    approvals = client.get(reverse("bookings:approvals")).content.decode()
    assert series.title in approvals and "#prijs" not in approvals
