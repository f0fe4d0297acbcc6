"""Writes to networks go through services: validated, atomic, audited."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buurtkracht.core.models import LogEntry
from buurtkracht.networks.models import Network
from buurtkracht.networks.services import create_network, update_network
from buurtkracht.networks.tests.factories import DistrictFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_create_network_gives_a_unique_slug_and_an_audit_entry(cast):
    oss = MunicipalityFactory(code="GM0828", name="Oss")

    first = create_network(actor=cast.admin, name="Gemeente Oss", kind=Network.Kind.MUNICIPALITY, areas=[oss])
    second = create_network(actor=None, name="Gemeente Oss", kind=Network.Kind.MUNICIPALITY)

    assert (first.slug, second.slug) == ("gemeente-oss", "gemeente-oss-2")
    assert list(first.areas.all()) == [oss]
    entry = LogEntry.objects.get(action="networks.network.created", network_id=first.pk)
    assert entry.actor == cast.admin and entry.data == {"kind": "municipality", "areas": ["GM0828"]}
    with translation.override("nl"):
        assert entry.display == "Admin heeft het netwerk Gemeente Oss aangemaakt"


def test_update_network_logs_only_what_changed(cast):
    network = cast.network_a

    update_network(network, actor=cast.coordinator, name="Netwerk A", description="Nieuw")
    update_network(network, actor=cast.coordinator, name="Netwerk A", description="Nieuw")  # no change: no entry

    entries = LogEntry.objects.filter(action="networks.network.changed")
    assert entries.count() == 1
    assert entries.get().data == {"changed": {"description": "Nieuw"}}


def test_a_network_covers_municipalities_only_and_nothing_is_saved_otherwise(cast):
    wijk = DistrictFactory(name="Ruwaard")

    with pytest.raises(ValidationError) as caught, translation.override("nl"):
        update_network(cast.network_a, actor=cast.coordinator, name="Ander netwerk", areas=[wijk])

    assert caught.value.message_dict["areas"] == ["Een netwerk omvat hele gemeenten. Ruwaard is geen gemeente."]
    assert Network.objects.get(pk=cast.network_a.pk).name == "Netwerk A"
    assert not LogEntry.objects.filter(network_id=cast.network_a.pk).exists()


def test_an_invalid_value_is_refused_with_the_field_named(cast):
    with pytest.raises(ValidationError) as caught:
        update_network(cast.network_a, actor=cast.coordinator, email="geen-adres")

    assert "email" in caught.value.message_dict
    assert Network.objects.get(pk=cast.network_a.pk).email == ""


def test_unknown_fields_are_a_programming_error(cast):
    with pytest.raises(TypeError):
        update_network(cast.network_a, actor=cast.coordinator, slug="anders")
