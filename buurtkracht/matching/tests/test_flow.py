from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from buurtkracht.bookings.models import BookingSeries
from buurtkracht.bookings.tests.factories import book
from buurtkracht.houses.tests.factories import RoomFactory
from buurtkracht.matching.models import Initiative, Notice, Proposal, SpaceNeed
from buurtkracht.matching.services import brokering, notify, signup
from buurtkracht.matching.services.engine import first_slot_date, match_need
from buurtkracht.matching.tests.conftest import need_data, signup_data
from buurtkracht.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _signed_up(place):
    initiative, token = signup.submit_signup(area=place.code, need=need_data(), **signup_data(place.code))
    return signup.confirm_signup(token=token), token


def test_room_booked_on_three_of_twelve_dates_scores_lower(cast, place):
    other = RoomFactory(house=cast.house_a, name="Kleine zaal", capacity=20)
    cast.room_a.capacity = 20
    cast.room_a.save()
    initiative, _token = _signed_up(place)
    need = initiative.needs.get()
    first = first_slot_date(need.start_date, 1, need.start_date)
    for week in (0, 3, 6):
        book(other, first_date=first + timedelta(weeks=week), start=time(9, 0), minutes=210)
    ranked = {c.room_id: c for c in match_need(need)}
    assert ranked[cast.room_a.pk].inputs["free"] == 12
    assert ranked[other.pk].inputs["free"] == 9
    assert ranked[other.pk].score < ranked[cast.room_a.pk].score
    assert "vrij op 9 van de 12 dinsdagochtenden" in ranked[other.pk].explanation


def test_nothing_is_visible_before_confirmation(cast, place, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative, token = signup.submit_signup(area=place.code, need=need_data(), **signup_data(place.code))
    client.force_login(cast.coordinator)
    assert client.get(f"/koppelen/behoeften/{initiative.needs.get().pk}/").status_code == 404
    assert f"/koppelen/bevestigen/{token}/" in mail.outbox[-1].body


def test_full_flow_ends_in_a_booking_request_at_the_resident_initiative_price(
    cast, place, django_capture_on_commit_callbacks
):
    from buurtkracht.billing.categories import category_of
    from buurtkracht.billing.services.quotes import quote

    with django_capture_on_commit_callbacks(execute=True):
        initiative, token = signup.submit_signup(area=place.code, need=need_data(), **signup_data(place.code))
    assert initiative.status == Initiative.Status.UNCONFIRMED
    initiative = signup.confirm_signup(token=token)
    assert initiative.organisation.kind == Organisation.Kind.RESIDENT_INITIATIVE
    assert initiative.organisation.network == cast.network_a
    need = initiative.needs.get()
    best = match_need(need)[0]
    assert best.room_id == cast.room_a.pk
    # €32/h, 75 % off, 2 h, 12 weeks = €192, less the category's 5 free hours per calendar year
    assert Decimal(best.inputs["cost"]) < Decimal("16.00") * 12
    with django_capture_on_commit_callbacks(execute=True):
        proposal = brokering.propose(actor=cast.coordinator, need=need, room_id=cast.room_a.pk, weekday=1,
                                     day_part="morning")  # fmt: skip
    assert {m.to[0] for m in mail.outbox} >= {"fatima@example.org", cast.manager_a.email}
    brokering.answer(actor=cast.manager_a, proposal=proposal, side=brokering.HOUSE, decision="accepted")
    proposal = brokering.answer(actor=None, proposal=proposal, side=brokering.INITIATIVE, decision="accepted")
    assert proposal.status == Proposal.Status.ACCEPTED
    series = proposal.series
    assert series.status == BookingSeries.Status.REQUESTED
    assert series.organisation == initiative.organisation
    assert series.occurrences.count() == 12
    assert category_of(series) == "resident_initiative"
    occurrence = series.occurrences.order_by("start").first()
    price = quote(house=series.house, room=series.room, slots=[(occurrence.start, occurrence.end)],
                  organisation=series.organisation, seasonal=True)  # fmt: skip
    assert price.category == "resident_initiative"
    booked = quote(house=series.house, room=series.room, organisation=series.organisation,
                   slots=[(o.start, o.end) for o in series.occurrences.all()])  # fmt: skip
    assert Decimal(best.inputs["cost"]) == booked.total  # matching showed what billing quotes for the booked dates
    assert proposal.follow_up_on is not None
    assert SpaceNeed.objects.get(pk=need.pk).status == SpaceNeed.Status.MATCHED


def test_decline_needs_a_reason(cast, place):
    initiative, _token = _signed_up(place)
    proposal = brokering.propose(actor=cast.coordinator, need=initiative.needs.get(), room_id=cast.room_a.pk,
                                 weekday=1, day_part="morning")  # fmt: skip
    with pytest.raises(ValidationError):
        brokering.answer(actor=cast.manager_a, proposal=proposal, side=brokering.HOUSE, decision="declined")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


@pytest.mark.parametrize(
    ("area", "need", "field"),
    [
        (None, {"weekdays": [], "day_parts": []}, "weekdays"),
        (None, {"budget": "veel"}, "budget"),
        ("9999ZZ", {}, "area"),
    ],
)
def test_bad_input_gives_a_clear_message_and_saves_nothing(cast, place, area, need, field):
    with pytest.raises(ValidationError) as caught:
        signup.submit_signup(area=area or place.code, need=need_data(**need), **signup_data(place.code))
    assert field in caught.value.message_dict
    assert caught.value.message_dict[field][0].endswith(".")
    assert not Initiative.objects.exists() and not SpaceNeed.objects.exists()


def test_signup_page_rejects_unknown_area_with_a_message(client, place):
    data = {**signup_data(""), "area": "9999ZZ", **need_data(start_date="")}
    response = client.post("/koppelen/aanmelden/", data)
    assert response.status_code == 422
    assert not Initiative.objects.exists()


def test_weekly_digest_is_sent_once(cast, place):
    initiative, _token = _signed_up(place)
    Initiative.objects.filter(pk=initiative.pk).update(weekly_digest=True)
    brokering.propose(actor=cast.coordinator, need=SpaceNeed.objects.get(initiative=initiative), room_id=cast.room_a.pk, weekday=1,
                      day_part="morning")  # fmt: skip
    assert Notice.objects.filter(digest=True, sent_at=None).exists()
    before = len(mail.outbox)
    assert notify.send_digests() == 1
    assert notify.send_digests() == 0
    assert len(mail.outbox) == before + 1


def test_contact_data_only_for_coordinator_and_proposed_house(cast, place, login):
    initiative, _token = _signed_up(place)
    need = initiative.needs.get()
    url = f"/api/v1/matching/needs/{need.pk}"
    assert "email" in login(cast.coordinator).get(url).json()["initiative"]
    assert "email" not in login(cast.volunteer_a).get(url).json()["initiative"]
    brokering.propose(actor=cast.coordinator, need=need, room_id=cast.room_a.pk, weekday=1, day_part="morning")
    assert login(cast.volunteer_a).get(url).json()["initiative"]["email"] == "fatima@example.org"
