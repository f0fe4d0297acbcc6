"""A small, realistic world for the API tests: the shared cast plus rooms, opening hours, a closure, bookings,
a calendar feed, a confirmed resident initiative with a need and a proposal, and one bearer token per role.

House A and network A are *not public* here, so every read of house-A data by an outsider must be refused;
the cross-tenant test flips them to public to pin which operations are public reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

import pytest
from django.utils import timezone

from buurtkracht.billing.tests.conftest import purge_invoices
from tests.api.support import FUZZ_ROLES, make_token


@dataclass
class World:
    """Real objects of house A (the target) and the bearer tokens of every role."""

    cast: object
    tokens: dict[str, str] = field(default_factory=dict)
    spare_tokens: dict[str, int] = field(default_factory=dict)
    ids: dict[str, object] = field(default_factory=dict)

    def headers(self, role: str | None) -> dict[str, str]:
        return {} if role is None else {"Authorization": f"Bearer {self.tokens[role]}"}

    def target_ids(self, role: str | None = None) -> dict:
        """The ids of house A's objects; ``token_id`` is a spare token of ``role`` (safe to revoke)."""
        return {**self.ids, "token_id": self.spare_tokens.get(role)}


def _matching(cast, district):
    """A confirmed initiative in network A with an open need and a proposal of room A."""
    from buurtkracht.matching.services import brokering, signup

    need = {
        "activity": "Taalcafé", "group_size": 12, "hours_per_week": "2", "weekdays": [1], "day_parts": ["morning"],
        "start_date": timezone.localdate() + timedelta(days=7), "weeks": 12, "budget": "250",
        "facilities": [], "wished_facilities": [],
    }  # fmt: skip
    initiative, token = signup.submit_signup(
        area=district.code, need=need, name="Taalmaatjes Centrum", goal="Samen Nederlands oefenen.",
        themes=["language"], target_groups=["seniors"], support=["volunteers"], contact_name="Fatima",
        email="fatima@example.org", phone="0612345678",
    )  # fmt: skip
    initiative = signup.confirm_signup(token=token)
    need = initiative.needs.get()
    proposal = brokering.propose(actor=cast.coordinator, need=need, room_id=cast.room_a.pk, weekday=1,
                                 day_part="morning")  # fmt: skip
    return need, proposal


def _billing(cast):
    """Billing details for house A and organisation A, a rate card, and two past bookings: one on an issued
    invoice, one on a draft."""
    from buurtkracht.billing.services.invoices import run_invoices
    from buurtkracht.billing.tests.factories import book, hourly_card, house_profile, organisation_profile

    house_profile(cast.house_a)
    organisation_profile(cast.organisation_a, buyer_reference="PO-2026-17")
    hourly_card(cast.house_a)
    today = timezone.localdate()
    first = today.replace(day=1) - timedelta(days=40)
    book(cast.room_a, first + timedelta(days=1), organisation=cast.organisation_a, title="Repetitie")
    (issued,) = run_invoices(actor=cast.manager_a, house=cast.house_a, period_start=first,
                             period_end=first + timedelta(days=6))  # fmt: skip
    book(cast.room_a, first + timedelta(days=8), organisation=cast.organisation_a, title="Uitvoering")
    (draft,) = run_invoices(actor=cast.manager_a, house=cast.house_a, period_start=first + timedelta(days=7),
                            period_end=first + timedelta(days=13), issue_now=False)  # fmt: skip
    return issued, draft


@pytest.fixture
def world(cast):
    from buurtkracht.bookings.services import feeds
    from buurtkracht.bookings.tests.factories import book, future_monday
    from buurtkracht.houses.models import OpeningHours
    from buurtkracht.houses.tests.factories import ClosureFactory, FacilityFactory, RoomFactory
    from buurtkracht.networks.tests.factories import AreaStatisticsFactory, DistrictFactory

    district = DistrictFactory(code="WK999901", name="Centrum", latitude=51.765, longitude=5.518)
    AreaStatisticsFactory(area=district, share_65_plus=30, share_low_income=8)
    cast.network_a.areas.add(district.parent)
    for house in (cast.house_a, cast.network_a):
        house.is_public = False
        house.save(update_fields=["is_public"])
    cast.house_a.area = district
    cast.house_a.municipality = district.parent
    cast.house_a.save(update_fields=["area", "municipality"])

    kitchen = FacilityFactory(code="kitchen", name_nl="Keuken", name_en="Kitchen")
    cast.room_a.facilities.add(kitchen)
    hall = RoomFactory(house=cast.house_a, name="Theaterzaal", capacity=120)
    part = RoomFactory(house=cast.house_a, name="Theaterzaal voor", capacity=60, parent=hall)
    for weekday in range(7):
        OpeningHours.objects.create(house=cast.house_a, weekday=weekday, opens=time(8, 0), closes=time(23, 0))
    ClosureFactory(house=cast.house_a)

    monday = future_monday(3)
    confirmed = book(cast.room_a, actor=cast.manager_a, title="Koor", first_date=monday, kind="weekly", weekdays=[0],
                     count=4, organisation=cast.organisation_a)  # fmt: skip
    requested = book(cast.room_a, actor=cast.contact, title="Yoga", first_date=monday + timedelta(days=2),
                     status="requested", organisation=cast.organisation_a, start=time(10, 0))  # fmt: skip
    book(cast.room_b, actor=cast.manager_b, title="Biljart", first_date=monday)
    feed, _raw = feeds.create_feed(actor=cast.manager_a, scope=cast.house_a, name="Website", show_details=False)
    need, proposal = _matching(cast, district)
    issued, draft = _billing(cast)

    w = World(cast=cast)
    for role, key in FUZZ_ROLES.items():
        user = cast[key]
        w.tokens[role] = make_token(user)[1]
        w.spare_tokens[role] = make_token(user, name="spare")[0].pk
    w.tokens["house_b_manager"] = make_token(cast.manager_b)[1]
    w.ids.update(
        house_slug=cast.house_a.slug,
        house_id=cast.house_a.pk,
        network_slug=cast.network_a.slug,
        network_id=cast.network_a.pk,
        organisation_id=cast.organisation_a.pk,
        room_id=cast.room_a.pk,
        hall_id=hall.pk,
        part_id=part.pk,
        series_id=requested.pk,
        confirmed_series_id=confirmed.pk,
        occurrence_id=requested.occurrences.first().pk,
        confirmed_occurrence_id=confirmed.occurrences.order_by("slot_date").first().pk,
        feed_id=feed.pk,
        need_id=need.pk,
        proposal_id=proposal.pk if proposal else None,
        invoice_id=issued.pk,
        draft_invoice_id=draft.pk,
        area=(district.country, district.kind, district.code),
    )
    yield w
    purge_invoices()
