"""The dashboard (core/dashboard.py): what each person can act on, one query per panel."""

import pytest
from django.urls import reverse

from buurtkracht.accounts.models import Membership
from buurtkracht.accounts.permissions import forget_access
from buurtkracht.accounts.services import create_invitation
from buurtkracht.core.dashboard import dashboard_for
from buurtkracht.houses.tests.factories import HouseFactory
from buurtkracht.networks.tests.factories import NetworkFactory
from buurtkracht.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def panel_keys(user) -> list[str]:
    return [p.key for p in dashboard_for(user)]


def test_a_manager_sees_their_house_with_links_to_manage_it_and_invite_people(cast, login):
    page = login(cast.manager_a).get(reverse("core:dashboard")).content.decode()
    assert "Hallo Manager A" in page
    assert f'href="{reverse("houses:manage", args=["huis-a"])}"' in page
    assert f'href="{reverse("accounts:invite", args=["house", "huis-a"])}"' in page
    assert "Huis B" not in page


def test_a_volunteer_sees_the_house_but_no_invite_link(cast, login):
    page = login(cast.volunteer_a).get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("houses:manage", args=["huis-a"])}"' in page
    assert "/mijn/uitnodigen/" not in page


def test_a_coordinator_sees_their_network_and_an_officer_reads_it(cast, login):
    page = login(cast.coordinator).get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("networks:manage", args=["netwerk-a"])}"' in page
    assert f'href="{reverse("accounts:invite", args=["network", "netwerk-a"])}"' in page
    officer = login(cast.officer).get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("networks:manage", args=["netwerk-a"])}"' in officer
    assert "/mijn/uitnodigen/" not in officer


def test_an_organisation_contact_sees_their_organisation(cast, login):
    page = login(cast.contact).get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("organisations:detail", args=[cast.organisation_a.pk])}"' in page
    assert f'href="{reverse("organisations:edit", args=[cast.organisation_a.pk])}"' in page
    provider = login(cast.provider).get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("organisations:edit", args=[cast.organisation_a.pk])}"' not in provider


def test_open_invitations_one_sent_are_listed(cast, login):
    create_invitation(actor=cast.manager_a, scope=cast.house_a, email="els@example.org", role="house_volunteer")
    page = login(cast.manager_a).get(reverse("core:dashboard")).content.decode()
    assert "Uitnodigingen die je stuurde" in page and "els@example.org" in page


def test_a_platform_admin_gets_a_link_to_the_admin_and_a_stranger_a_welcome(cast, login):
    assert f'href="{reverse("admin:index")}"' in login(cast.admin).get(reverse("core:dashboard")).content.decode()
    assert panel_keys(cast.stranger) == ["welcome", "account"]
    assert "admin" not in panel_keys(cast.manager_a)


def test_the_dashboard_costs_the_same_queries_however_many_roles(cast):
    """One query per panel, plus the occupancy figures of at most ``MAX_SUMMARIES`` houses and one grouped
    query for revenue forgone: the count does not grow with the number of houses, networks or organisations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from buurtkracht.core.dashboard import MAX_SUMMARIES

    person = cast.stranger
    counts = {}
    for n in range(12):
        network = NetworkFactory()
        house = HouseFactory(networks=[network])
        organisation = OrganisationFactory(network=network)
        Membership.objects.create(user=person, role="house_manager", house=house)
        Membership.objects.create(user=person, role="network_coordinator", network=network)
        Membership.objects.create(user=person, role="organisation_contact", organisation=organisation)
        forget_access(person)
        create_invitation(actor=person, scope=house, email=f"p{n}@example.org", role="house_volunteer")
        if n + 1 in (MAX_SUMMARIES + 1, 12):
            forget_access(person)
            with CaptureQueriesContext(connection) as queries:
                panels = dashboard_for(person)
            counts[n + 1] = len(queries)
    assert counts[12] == counts[MAX_SUMMARIES + 1]
    assert counts[12] <= 7 + MAX_SUMMARIES * 8  # panels, networks, forgone; per summary two periods of 4
    assert [p.key for p in panels] == ["houses", "networks", "organisations", "invitations", "account"]
    assert sum(1 for item in panels[0].items if item.summary) == MAX_SUMMARIES
    assert all(len(p.items) == 12 for p in panels[:4])
