"""Issue 5 item 4: the coordinator's board shows the open needs, the proposals waiting for an answer, the
matches whose three-month check has come, and the numbers per network and area (received, matched, median days
to a match)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtkracht.matching.models import Proposal, SpaceNeed
from buurtkracht.matching.services import board, brokering, signup
from buurtkracht.matching.tests.conftest import need_data, signup_data

pytestmark = pytest.mark.django_db


def _need(place, n: int, activity: str) -> SpaceNeed:
    data = signup_data(place.code, email=f"bord{n}@example.org", name=f"Bord {n}")
    _initiative, token = signup.submit_signup(area=place.code, need=need_data(activity=activity), **data)
    return signup.confirm_signup(token=token).needs.get()


@pytest.fixture
def scene(cast, place):
    waiting, matched, still_open = (_need(place, n, a) for n, a in enumerate(["Breiclub", "Repaircafé", "Koor"]))
    proposal = brokering.propose(actor=cast.coordinator, need=waiting, room_id=cast.room_a.pk, weekday=1,
                                 day_part="morning")  # fmt: skip
    done = brokering.propose(actor=cast.coordinator, need=matched, room_id=cast.room_a.pk, weekday=1,
                             day_part="morning")  # fmt: skip
    brokering.answer(actor=cast.manager_a, proposal=done, side=brokering.HOUSE, decision="accepted")
    brokering.answer(actor=None, proposal=done, side=brokering.INITIATIVE, decision="accepted")
    # the match was made four days after the question came in, and its three-month check is due
    SpaceNeed.objects.filter(pk=matched.pk).update(created_at=timezone.now() - timedelta(days=4))
    Proposal.objects.filter(pk=done.pk).update(follow_up_on=timezone.localdate() - timedelta(days=1))
    return proposal, done, still_open


def test_the_board_shows_every_part_of_item_4(client, cast, scene):
    waiting, done, still_open = scene
    client.force_login(cast.coordinator)
    response = client.get(reverse("matching:board"))
    assert response.status_code == 200
    html = response.content.decode()
    context = response.context
    assert [n.activity for n in context["needs"]] == ["Breiclub", "Koor"]
    assert [p.pk for p in context["board"]["waiting"]] == [waiting.pk]
    assert [p.pk for p in context["board"]["follow_up"]] == [done.pk]
    assert "wacht op het huis en het initiatief" in html
    assert reverse("matching:proposal", args=[done.pk]) in html
    (total, areas) = context["table"][0]
    assert total == {"network": "Netwerk A", "received": 3, "matched": 1, "median_days": 4.0}
    assert [(a["area"], a["received"], a["matched"], a["median_days"]) for a in areas] == [("Centrum", 3, 1, 4.0)]
    assert '<th scope="row">Netwerk A</th><td class="number">3</td><td class="number">1</td>' in html
    assert "1 koppeling om na te vragen" in html


def test_network_totals_take_the_median_over_all_areas(cast, scene):
    (row,) = board.network_totals([cast.network_a.pk])
    assert (row["received"], row["matched"], row["median_days"]) == (3, 1, 4.0)
    assert board.network_totals([cast.network_b.pk]) == []


def test_house_staff_see_open_needs_but_no_figures(client, cast, scene):
    client.force_login(cast.manager_a)
    response = client.get(reverse("matching:board"))
    assert response.status_code == 200
    assert response.context["board"] is None and response.context["table"] == []
    assert "Cijfers" not in response.content.decode()
    assert [n.activity for n in response.context["needs"]] == ["Breiclub", "Koor"]


def test_an_empty_board_says_so(client, cast):
    client.force_login(cast.coordinator)
    html = client.get(reverse("matching:board")).content.decode()
    for sentence in ("Geen open vragen.", "Er wachten geen voorstellen op antwoord.",
                     "Nu geen koppelingen om na te vragen.", "Nog geen vragen ontvangen."):  # fmt: skip
        assert sentence in html
