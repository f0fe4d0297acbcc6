from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from buurtkracht.core.audit import display_for
from buurtkracht.core.models import LogEntry
from buurtkracht.houses import services
from buurtkracht.houses.models import Facility, House
from buurtkracht.houses.tests.factories import HouseFactory

pytestmark = pytest.mark.django_db

ACTIONS = [
    "houses.house.created", "houses.house.changed", "houses.house.deleted", "houses.room.created",
    "houses.room.changed", "houses.room.deleted", "houses.opening_hours.changed", "houses.closure.added",
    "houses.closure.removed", "houses.facility.created", "houses.facility.changed", "houses.facility.deleted",
]  # fmt: skip


@pytest.mark.parametrize("action", ACTIONS)
def test_every_houses_action_reads_as_a_sentence_in_both_languages(action, cast):
    entry = LogEntry.objects.create(actor=cast.manager_a, action=action, object_repr="De Haard")
    with translation.override("nl"):
        dutch = display_for(entry)
    with translation.override("en"):
        english = display_for(entry)
    assert dutch.startswith("Manager A heeft ") and "De Haard" in dutch
    assert english.startswith("Manager A ") and "De Haard" in english and english != dutch
    assert action not in dutch


def test_the_history_page_lists_the_house_entries_newest_first_and_paginates(cast, login):
    for n in range(30):
        services.update_house(cast.house_a, actor=cast.manager_a, phone=f"0412 {n:06d}")
    services.add_closure(cast.house_a, actor=cast.volunteer_a, start_date=date(2030, 1, 1), end_date=date(2030, 1, 2))
    services.update_house(cast.house_b, actor=cast.manager_b, phone="0412 999999")
    client = login(cast.manager_a)
    url = reverse("houses:history", args=[cast.house_a.slug])
    page1 = client.get(url).content.decode()
    assert page1.index("Volunteer A heeft een sluiting toegevoegd") < page1.index("Manager A heeft de gegevens")
    assert page1.count("<li><time") == 25
    assert "Huis B" not in page1
    assert "Pagina 1 van 2" in page1 and "?pagina=2" in page1
    page2 = client.get(url + "?pagina=2").content.decode()
    assert page2.count("<li><time") == 6
    assert client.get(url + "?pagina=abc").status_code == 200


def test_history_uses_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    for n in range(40):
        services.update_house(cast.house_a, actor=cast.manager_a if n % 2 else cast.coordinator, phone=str(n))
    client = login(cast.manager_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("houses:history", args=[cast.house_a.slug])).status_code == 200


def test_the_admin_lists_and_edits_houses_with_an_audit_trail(cast, login):
    client = login(cast.admin)
    assert client.get(reverse("admin:houses_house_changelist")).status_code == 200
    assert client.get(reverse("admin:houses_house_change", args=[cast.house_a.pk])).status_code == 200
    assert client.get(reverse("admin:houses_room_changelist")).status_code == 200
    assert client.get(reverse("admin:houses_facility_changelist")).status_code == 200
    response = client.post(
        reverse("admin:houses_facility_add"),
        {"code": "sauna", "name_nl": "Sauna", "name_en": "Sauna", "kind": "space", "sort_order": 500},
    )
    assert response.status_code == 302
    assert Facility.objects.filter(code="sauna").exists()
    entry = LogEntry.objects.get(action="houses.facility.created")
    assert entry.actor == cast.admin


def test_the_admin_is_for_platform_admins_only(cast, login):
    response = login(cast.coordinator).get(reverse("admin:houses_house_changelist"))
    assert response.status_code == 302


def test_deleting_a_house_in_the_admin_is_logged(cast, login):
    house = HouseFactory(name="Weg ermee")
    response = login(cast.admin).post(reverse("admin:houses_house_delete", args=[house.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not House.objects.filter(pk=house.pk).exists()
    assert LogEntry.objects.filter(action="houses.house.deleted", house_id=house.pk).exists()
