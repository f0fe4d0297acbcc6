"""The admin shows reference data read-only and audits network changes."""

import pytest
from django.urls import reverse

from buurtkracht.core.models import LogEntry
from buurtkracht.networks.models import Network
from buurtkracht.networks.tests.factories import AreaStatisticsFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_areas_are_searchable_and_read_only(login, cast):
    stats = AreaStatisticsFactory(area__name="Ruwaard", area__code="WK082806")
    client = login(cast.admin)

    listing = client.get(reverse("admin:networks_area_changelist"), {"q": "WK082806"})
    detail = client.get(reverse("admin:networks_area_change", args=[stats.area.pk]))

    assert listing.status_code == 200 and "Ruwaard" in listing.content.decode()
    assert detail.status_code == 200
    assert client.get(reverse("admin:networks_area_add")).status_code == 403


def test_a_network_saved_in_the_admin_leaves_an_audit_entry(login, cast):
    oss = MunicipalityFactory(code="GM0828", name="Oss")

    response = login(cast.admin).post(
        reverse("admin:networks_network_change", args=[cast.network_a.pk]),
        {"name": "Netwerk A", "slug": "netwerk-a", "kind": "umbrella", "areas": [oss.pk], "is_public": "on"},
    )

    assert response.status_code == 302
    assert list(Network.objects.get(pk=cast.network_a.pk).areas.all()) == [oss]
    entry = LogEntry.objects.get(action="networks.network.changed", network_id=cast.network_a.pk)
    assert entry.actor == cast.admin and entry.data["via"] == "admin"
