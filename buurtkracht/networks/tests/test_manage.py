"""The network's management page (coordinators and municipality officers) and the edit form."""

import pytest
from django.urls import reverse

from buurtkracht.core.models import LogEntry
from buurtkracht.houses.tests.factories import HouseFactory, RoomFactory
from buurtkracht.networks.models import Network
from buurtkracht.networks.tests.factories import MunicipalityFactory
from buurtkracht.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def manage_url(cast):
    return reverse("networks:manage", args=[cast.network_a.slug])


def edit_url(cast):
    return reverse("networks:edit", args=[cast.network_a.slug])


@pytest.fixture
def houses(cast):
    hidden = HouseFactory(name="Achterhuis", slug="achterhuis", networks=[cast.network_a], is_public=False)
    RoomFactory(house=cast.house_a, name="Kleine zaal", capacity=12)
    RoomFactory(house=hidden, name="Zaal", capacity=80)
    OrganisationFactory(network=cast.network_a)
    return hidden


def test_the_coordinator_sees_houses_counts_people_and_history(login, cast, houses):
    response = login(cast.coordinator).get(manage_url(cast))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("houses:manage", args=["achterhuis"])}"' in html
    assert f'href="{reverse("houses:manage", args=[cast.house_a.slug])}"' in html
    assert "Huis B" not in html
    assert response.context["counts"] == {"houses": 2, "public_houses": 1, "rooms": 3, "organisations": 2}
    assert "Coordinator" in html and "Coördinator" in html
    assert "Officer" in html
    assert "Geschiedenis" in html
    assert "Gegevens van het netwerk wijzigen" in html


def test_the_officer_reads_but_sees_no_history_and_no_edit_button(login, cast, houses):
    response = login(cast.officer).get(manage_url(cast))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Achterhuis" in html
    assert "Geschiedenis" not in html
    assert "Gegevens van het netwerk wijzigen" not in html


def test_others_are_refused_and_a_hidden_network_stays_hidden(login, cast):
    assert login(cast.manager_a).get(manage_url(cast)).status_code == 403
    cast.network_a.is_public = False
    cast.network_a.save()
    assert login(cast.stranger).get(manage_url(cast)).status_code == 404


def test_the_coordinator_changes_the_network_and_it_shows_in_the_history(login, cast):
    oss = MunicipalityFactory(code="GM0828", name="Oss")
    bernheze = MunicipalityFactory(code="GM1721", name="Bernheze")
    client = login(cast.coordinator)

    response = client.post(
        edit_url(cast),
        {
            "name": " Netwerk Maasland ",
            "description": "Alle huizen langs de Maas.",
            "website": "https://maasland.example",
            "email": "info@maasland.example",
            "is_public": "on",
            "municipalities": "Oss\nGM1721\n",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == manage_url(cast)
    network = Network.objects.get(pk=cast.network_a.pk)
    assert network.name == "Netwerk Maasland"
    assert set(network.areas.all()) == {oss, bernheze}
    entry = LogEntry.objects.get(action="networks.network.changed")
    assert entry.network_id == network.pk and entry.actor == cast.coordinator
    assert entry.data["changed"]["areas"] == "GM0828, GM1721"
    page = client.get(manage_url(cast)).content.decode()
    assert "heeft de gegevens van het netwerk Netwerk Maasland gewijzigd" in page
    assert "De gegevens van het netwerk zijn opgeslagen." in page


def test_the_edit_form_shows_the_current_municipalities_one_per_line(login, cast):
    cast.network_a.areas.add(MunicipalityFactory(code="GM0828", name="Oss"))
    cast.network_a.areas.add(MunicipalityFactory(code="GM0820", name="Nuenen, Gerwen en Nederwetten"))

    form = login(cast.coordinator).get(edit_url(cast)).context["form"]

    assert form.initial["municipalities"] == "Nuenen, Gerwen en Nederwetten\nOss"


def test_wrong_input_is_explained_and_nothing_is_saved(login, cast):
    MunicipalityFactory(code="GM0893", name="Bergen", province="Limburg")
    MunicipalityFactory(country="BE", code="53014", name="Bergen", province="Henegouwen")

    response = login(cast.coordinator).post(
        edit_url(cast),
        {"name": "  ", "email": "geen-adres", "municipalities": "Bergen\nAtlantis", "is_public": "on"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Fout:" in html
    assert "Vul de naam van het netwerk in." in html
    assert "Er zijn meer gemeenten met de naam “Bergen”. Typ de code" in html
    assert "We kennen geen gemeente met de naam “Atlantis”." in html
    assert "Vul een e-mailadres in zoals info@example.org." in html
    assert Network.objects.get(pk=cast.network_a.pk).name == "Netwerk A"
    assert not LogEntry.objects.filter(action="networks.network.changed").exists()
    assert "Netwerk A" in html  # the title shows the stored name, not the refused one


def test_an_ambiguous_name_is_accepted_with_its_code(login, cast):
    MunicipalityFactory(code="GM0893", name="Bergen", province="Limburg")
    mons = MunicipalityFactory(country="BE", code="53014", name="Bergen", province="Henegouwen")

    response = login(cast.coordinator).post(
        edit_url(cast), {"name": "Netwerk A", "municipalities": "Bergen (53014)", "is_public": "on"}
    )

    assert response.status_code == 302
    assert list(cast.network_a.areas.all()) == [mons]
    form = login(cast.coordinator).get(edit_url(cast)).context["form"]
    assert form.initial["municipalities"] == "Bergen (53014)"


def test_the_officer_cannot_change_the_network(login, cast):
    response = login(cast.officer).post(edit_url(cast), {"name": "Overgenomen", "is_public": "on"})

    assert response.status_code == 403
    assert Network.objects.get(pk=cast.network_a.pk).name == "Netwerk A"
