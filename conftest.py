"""The shared cast for every test: two houses in two networks, and one person per role.

``cast.manager_a`` manages house A, ``cast.manager_b`` house B (in another network); the coordinator and
the municipality officer work for network A; the contact speaks for an organisation in network A.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from buurtkracht.accounts.models import Membership, User

ROLES = [
    "admin",
    "coordinator",
    "officer",
    "manager_a",
    "manager_b",
    "volunteer_a",
    "contact",
    "referrer",
    "provider",
    "stranger",
    "anonymous",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "imports")
    translation.activate("nl")  # a login or language switch in an earlier test must not leak
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "nl"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Rate limits count in the cache per person (buurtkracht.lib.ratelimit); user ids repeat from test to test,
    # so every test starts with empty counts.
    from django.core.cache import cache

    cache.clear()


@dataclass
class Cast:
    network_a: object
    network_b: object
    house_a: object
    house_b: object
    room_a: object
    room_b: object
    organisation_a: object
    people: dict

    def __getattr__(self, name: str):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)

    def __getitem__(self, name: str):
        return self.people[name]


@pytest.fixture
def cast(db) -> Cast:
    from buurtkracht.houses.tests.factories import HouseFactory, RoomFactory
    from buurtkracht.networks.tests.factories import NetworkFactory
    from buurtkracht.organisations.tests.factories import OrganisationFactory

    network_a = NetworkFactory(name="Netwerk A", slug="netwerk-a")
    network_b = NetworkFactory(name="Netwerk B", slug="netwerk-b")
    house_a = HouseFactory(name="Huis A", slug="huis-a", networks=[network_a])
    house_b = HouseFactory(name="Huis B", slug="huis-b", networks=[network_b])
    room_a = RoomFactory(house=house_a, name="Grote zaal")
    room_b = RoomFactory(house=house_b, name="Grote zaal")
    organisation_a = OrganisationFactory(name="Vereniging A", network=network_a)

    def person(key: str, **extra) -> User:
        return User.objects.create_user(f"{key}@example.org", PASSWORD, name=key.replace("_", " ").title(), **extra)

    R = Membership.Role
    people = {"anonymous": None, "admin": person("admin", is_staff=True, is_superuser=True)}
    for key, role, scope in [
        ("coordinator", R.NETWORK_COORDINATOR, {"network": network_a}),
        ("officer", R.MUNICIPALITY_OFFICER, {"network": network_a}),
        ("manager_a", R.HOUSE_MANAGER, {"house": house_a}),
        ("manager_b", R.HOUSE_MANAGER, {"house": house_b}),
        ("volunteer_a", R.HOUSE_VOLUNTEER, {"house": house_a}),
        ("contact", R.ORGANISATION_CONTACT, {"organisation": organisation_a}),
        ("referrer", R.REFERRER, {"network": network_a}),
        ("provider", R.PROVIDER, {"organisation": organisation_a}),
    ]:
        people[key] = person(key)
        Membership.objects.create(user=people[key], role=role, **scope)
    people["stranger"] = person("stranger")
    return Cast(network_a, network_b, house_a, house_b, room_a, room_b, organisation_a, people)


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in (or does nothing for the anonymous visitor)."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login
