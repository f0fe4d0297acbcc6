import datetime

import factory

from buurtkracht.houses.models import Closure, Facility, House, OpeningHours, Room


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"facility-{n}")
    name_nl = factory.Sequence(lambda n: f"Voorziening {n}")
    name_en = factory.Sequence(lambda n: f"Facility {n}")


class HouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = House
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Buurthuis {n}")
    slug = factory.Sequence(lambda n: f"buurthuis-{n}")
    street = "Kerkstraat 1"
    postcode = "5341 AA"
    city = "Oss"
    latitude = 51.765
    longitude = 5.518

    @factory.post_generation
    def networks(self, create, extracted, **kwargs):
        if create and extracted:
            self.networks.add(*extracted)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        skip_postgeneration_save = True

    house = factory.SubFactory(HouseFactory)
    name = factory.Sequence(lambda n: f"Zaal {n}")
    capacity = 30
    floor_area_m2 = 60

    @factory.post_generation
    def facilities(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilities.add(*extracted)


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    house = factory.SubFactory(HouseFactory)
    weekday = 0
    opens = datetime.time(9, 0)
    closes = datetime.time(17, 0)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Closure

    house = factory.SubFactory(HouseFactory)
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=2))
    reason = "Schilderwerk"
