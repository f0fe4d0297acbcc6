import factory

from buurtkracht.networks.models import Area, AreaStatistics, Network


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("country", "kind", "code")

    country = Area.Country.NL
    kind = Area.Kind.MUNICIPALITY
    code = factory.Sequence(lambda n: f"GM9{n:03d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    province = "Noord-Brabant"
    latitude = 51.76
    longitude = 5.52


class DistrictFactory(MunicipalityFactory):
    kind = Area.Kind.DISTRICT
    code = factory.Sequence(lambda n: f"WK9{n:05d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")
    parent = factory.SubFactory(MunicipalityFactory)


class AreaStatisticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaStatistics

    area = factory.SubFactory(DistrictFactory)
    year = 2022
    source = "CBS Kerncijfers wijken en buurten 2022"
    population = 5000
    share_65_plus = 21
    share_low_income = 38


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")
    kind = Network.Kind.UMBRELLA
