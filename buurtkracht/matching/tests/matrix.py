"""Allow/deny rows for the pages and endpoints of matching (see buurtkracht/lib/testing.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from buurtkracht.lib.testing import Row
from buurtkracht.matching.models import Initiative, Proposal, SpaceNeed

NETWORK_A_STAFF = {"coordinator", "officer", "manager_a", "volunteer_a"}
HIDDEN = {"manager_b", "contact", "referrer", "provider", "stranger"}


def _need(cast) -> SpaceNeed:
    from buurtkracht.networks.tests.factories import DistrictFactory

    area = DistrictFactory(code="WK999977", name="Matrixwijk")
    initiative = Initiative.objects.create(
        name="Matrix", goal="Test", area=area, network=cast.network_a, contact_name="A", email="a@example.org",
        status=Initiative.Status.CONFIRMED,
    )  # fmt: skip
    return SpaceNeed.objects.create(
        initiative=initiative, activity="Koffie", group_size=5, hours_per_week=2, weekdays=[1], day_parts=["morning"],
        start_date=timezone.localdate() + timedelta(days=7), weeks=4, budget=100,
    )  # fmt: skip


def _proposal(cast) -> Proposal:
    return Proposal.objects.create(
        need=_need(cast), house=cast.house_a, room=cast.room_a, weekday=1, day_part="morning",
        start_time="09:00", duration_minutes=120, score="0.5",
        inputs={"free": 4, "total": 4, "weekday": 1, "day_part": "morning", "capacity": 30, "group_size": 5,
                "max_km": 15, "budget": "100", "cost": None},
    )  # fmt: skip


MATRIX = [
    Row(
        "matching:board", "get", lambda cast: reverse("matching:board"), allowed=NETWORK_A_STAFF | {"manager_b"}
    ),  # fmt: skip
    Row(
        "matching:need",
        "get",
        lambda cast: reverse("matching:need", args=[_need(cast).pk]),
        allowed=NETWORK_A_STAFF,
        not_found=HIDDEN,
    ),  # fmt: skip
    Row(
        "matching:propose",
        "post",
        lambda cast: reverse("matching:propose", args=[_need(cast).pk]),
        allowed={"coordinator", "manager_a"},
        not_found=HIDDEN,
        payload=lambda cast: {},
    ),  # fmt: skip
    Row(
        "matching:proposal",
        "get",
        lambda cast: reverse("matching:proposal", args=[_proposal(cast).pk]),
        allowed=NETWORK_A_STAFF,
        not_found=HIDDEN,
    ),  # fmt: skip
    Row(
        "matching:proposal_answer",
        "post",
        lambda cast: reverse("matching:proposal_answer", args=[_proposal(cast).pk]),
        allowed={"coordinator", "manager_a"},
        not_found=HIDDEN,
        payload=lambda cast: {},
    ),  # fmt: skip
    Row(
        "matching:proposal_follow_up",
        "post",
        lambda cast: reverse("matching:proposal_follow_up", args=[_proposal(cast).pk]),
        allowed={"coordinator", "manager_a"},
        not_found=HIDDEN,
        payload=lambda cast: {},
    ),  # fmt: skip
    Row(
        "matching:weights",
        "get",
        lambda cast: reverse("matching:weights", args=[cast.network_a.slug]),
        allowed={"coordinator"},
    ),  # fmt: skip
    Row(
        "matching:enter_initiative",
        "get",
        lambda cast: reverse("matching:enter_initiative", args=[cast.network_a.slug]),
        allowed={"coordinator"},
    ),
    Row(
        "matching:house_offer",
        "get",
        lambda cast: reverse("matching:house_offer", args=[cast.house_a.slug]),
        allowed={"coordinator", "manager_a"},
    ),  # fmt: skip
    Row(
        "matching:mail",
        "get",
        lambda cast: reverse("matching:mail"),
        allowed={
            "coordinator",
            "officer",
            "manager_a",
            "manager_b",
            "volunteer_a",
            "contact",
            "referrer",
            "provider",
            "stranger",
        },
    ),  # fmt: skip
    Row(
        "api:matching_needs",
        "get",
        lambda cast: "/api/v1/matching/needs",
        allowed={
            "coordinator",
            "officer",
            "manager_a",
            "volunteer_a",
            "manager_b",
            "contact",
            "referrer",
            "provider",
            "stranger",
        },
        api=True,
    ),  # fmt: skip
    Row(
        "api:matching_need",
        "get",
        lambda cast: f"/api/v1/matching/needs/{_need(cast).pk}",
        allowed=NETWORK_A_STAFF,
        not_found=HIDDEN,
        api=True,
    ),  # fmt: skip
    Row(
        "api:matching_candidates",
        "get",
        lambda cast: f"/api/v1/matching/needs/{_need(cast).pk}/candidates",
        allowed={"coordinator", "manager_a"},
        not_found=HIDDEN,
        api=True,
    ),  # fmt: skip
    Row(
        "api:matching_propose",
        "post",
        lambda cast: f"/api/v1/matching/needs/{_need(cast).pk}/proposals",
        allowed={"coordinator", "manager_a"},
        not_found=HIDDEN,
        api=True,
        payload=lambda cast: {"room_id": cast.room_a.pk, "weekday": 1, "day_part": "morning"},
    ),  # fmt: skip
    Row(
        "api:matching_proposal",
        "get",
        lambda cast: f"/api/v1/matching/proposals/{_proposal(cast).pk}",
        allowed=NETWORK_A_STAFF,
        not_found=HIDDEN,
        api=True,
    ),  # fmt: skip
    Row(
        "api:matching_answer",
        "post",
        lambda cast: f"/api/v1/matching/proposals/{_proposal(cast).pk}/answer",
        allowed={"coordinator", "manager_a"},
        not_found=HIDDEN,
        api=True,
        payload=lambda cast: {"decision": "meeting"},
    ),  # fmt: skip
    Row(
        "api:matching_numbers",
        "get",
        lambda cast: f"/api/v1/matching/networks/{cast.network_a.pk}/numbers",
        allowed={"coordinator", "officer"},
        api=True,
    ),  # fmt: skip
]
PUBLIC_ROUTES = {
    "matching:signup", "matching:signup_sent", "matching:confirm", "matching:initiative_home",
    "matching:initiative_answer", "api:matching_signup", "api:matching_confirm",
}  # fmt: skip
