import factory

from buurtkracht.networks.tests.factories import NetworkFactory
from buurtkracht.organisations.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Vereniging {n}")
    kind = Organisation.Kind.CLUB
    renter_category = Organisation.RenterCategory.NON_PROFIT
    network = factory.SubFactory(NetworkFactory)
    email = factory.Sequence(lambda n: f"info{n}@vereniging.example")
