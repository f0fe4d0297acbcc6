"""Reference areas for the houses tests: Oss with two districts and two postcodes, and one Flemish
municipality with a postcode (Belgian postcodes have no coordinates)."""

from dataclasses import dataclass

import pytest

from buurtkracht.networks.models import Area
from buurtkracht.networks.tests.factories import DistrictFactory, MunicipalityFactory


@dataclass
class Places:
    oss: Area
    ruwaard: Area
    macharen: Area
    heist: Area


@pytest.fixture
def places(db) -> Places:
    oss = MunicipalityFactory(code="GM0828", name="Oss", province="Noord-Brabant", latitude=51.76, longitude=5.52)
    ruwaard = DistrictFactory(code="WK082806", name="Ruwaard", parent=oss, latitude=51.757, longitude=5.545)
    macharen = DistrictFactory(code="WK082812", name="Macharen", parent=oss, latitude=51.79, longitude=5.58)
    Area.objects.create(
        country="NL", kind="postcode", code="5344", name="5344", parent=oss, latitude=51.758, longitude=5.543
    )
    Area.objects.create(
        country="NL", kind="postcode", code="5386", name="5386", parent=oss, latitude=51.789, longitude=5.581
    )
    heist = MunicipalityFactory(
        country="BE", code="12014", name="Heist-op-den-Berg", province="Antwerpen", latitude=51.08, longitude=4.72
    )
    Area.objects.create(country="BE", kind="postcode", code="2220", name="2220", parent=heist)
    return Places(oss, ruwaard, macharen, heist)
