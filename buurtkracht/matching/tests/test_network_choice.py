"""An area covered by an umbrella network and its municipality's own network: matching uses the most specific."""

from decimal import Decimal

import pytest

from buurtkracht.houses.tests.factories import HouseFactory
from buurtkracht.matching.models import MatchingWeights
from buurtkracht.matching.services import signup
from buurtkracht.matching.services.engine import Batch, weights_for
from buurtkracht.matching.tests.conftest import need_data, signup_data
from buurtkracht.networks.models import Network
from buurtkracht.networks.tests.factories import DistrictFactory, NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_networks():
    """The umbrella (older, three houses) and the municipality's network (one house) both cover the municipality."""
    district = DistrictFactory(code="WK777701", name="Oost", latitude=51.76, longitude=5.52)
    umbrella = NetworkFactory(name="Koepel", slug="koepel", kind=Network.Kind.UMBRELLA)
    municipal = NetworkFactory(name="Gemeente Oss", slug="gemeente-oss", kind=Network.Kind.MUNICIPALITY)
    leisure = NetworkFactory(name="Vrije tijd", slug="vrije-tijd", kind=Network.Kind.LEISURE)
    for network in (umbrella, municipal, leisure):
        network.areas.add(district.parent)
    for n in range(3):
        HouseFactory(name=f"Huis {n}", slug=f"huis-{n}", networks=[umbrella])
    shared = HouseFactory(name="Buurthuis Oost", slug="buurthuis-oost", networks=[umbrella, municipal, leisure])
    return district, umbrella, municipal, shared


def test_the_network_with_the_fewest_houses_serves_the_area(two_networks):
    district, umbrella, municipal, _shared = two_networks
    assert signup.network_for(district) == municipal
    assert signup.network_for(district.parent) == municipal
    municipal.houses.clear()  # a network without houses cannot match anything: the umbrella then
    assert signup.network_for(district) == umbrella


def test_a_signed_up_initiative_gets_the_municipal_network_and_its_weights(two_networks):
    district, umbrella, municipal, shared = two_networks
    MatchingWeights.objects.create(network=municipal, distance=Decimal("0.9"), capacity=Decimal("0.1"),
                                   facilities=Decimal("0"), free_time=Decimal("0"), budget=Decimal("0"),
                                   fit=Decimal("0"))  # fmt: skip
    initiative, token = signup.submit_signup(area=district.code, need=need_data(), **signup_data(district.code))
    assert initiative.network == municipal
    batch = Batch(initiative.network_id)
    assert batch.weights == weights_for(municipal.pk)
    assert batch.weights["distance"] == Decimal("0.9")
    assert set(batch.houses) == {shared.pk}


def test_the_umbrella_coordinator_may_still_enter_an_initiative_in_that_area(two_networks):
    district, umbrella, municipal, _shared = two_networks
    initiative = signup.create_initiative(actor=None, network=umbrella, area=district.code, need=need_data(),
                                          **signup_data(district.code))  # fmt: skip
    assert initiative.network == umbrella
