"""Load the demo: three networks, ~170 houses with rooms and rate cards, organisations and one account per role.

Idempotent: every object is looked up by its natural key (network slug, house slug, organisation name,
e-mail address) and only created when missing, so a second run keeps what is there and adds nothing.
Houses, rooms, opening hours and closures are written through the houses services (with audit entries,
actor ``None`` = the system). Everything runs in one transaction: a failure leaves nothing half-loaded.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.text import slugify

from buurtkracht.accounts.models import Membership, User
from buurtkracht.core.audit import log_action
from buurtkracht.demo.billing import load_billing
from buurtkracht.demo.bookings import load_bookings
from buurtkracht.demo.brabant import PROVINCE, generate
from buurtkracht.demo.data import heist, oss, people
from buurtkracht.houses import services as house_services
from buurtkracht.houses.models import Facility, House
from buurtkracht.networks import services as network_services
from buurtkracht.networks.models import Area, Network
from buurtkracht.organisations import services as organisation_services
from buurtkracht.organisations.models import Contact, Organisation

UMBRELLA = {
    "slug": "dorpshuizen-noord-brabant",
    "name": "Dorpshuizen Noord-Brabant",
    "kind": "umbrella",
    "description": (
        "Het provinciale netwerk van dorpshuizen en multifunctionele centra in Noord-Brabant. Het netwerk "
        "helpt besturen en vrijwilligers met kennis, subsidies en elkaar.\n\nDit zijn demogegevens: de "
        "huizen liggen in echte Brabantse dorpen, maar namen, adressen en zalen zijn verzonnen."
    ),
    "email": "dorpshuizen@demo.buurtkracht.nl",
}


class MissingReferenceData(ImproperlyConfigured):
    pass


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def _area(country: str, kind: str, code: str) -> Area:
    area = Area.objects.filter(country=country, kind=kind, code=code).first()
    if area is None:
        raise MissingReferenceData(
            f"The reference data has no {kind} {code} ({country}). Run `manage.py load_reference_data` first."
        )
    return area


def _hm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _network(spec: dict, report: Report, areas: list[Area]) -> Network:
    network = Network.objects.filter(slug=spec["slug"]).first()
    if network is not None:
        report.kept["networks"] += 1
        return network
    report.created["networks"] += 1
    return network_services.create_network(
        actor=None, slug=spec["slug"], name=spec["name"], kind=spec["kind"], areas=areas,
        description=spec["description"], email=spec["email"],
    )  # fmt: skip


def _closure_dates(start, end, today: date) -> tuple[date, date]:
    if start == "summer":
        first = date(today.year, 7, 20)
        if first < today:
            first = date(today.year + 1, 7, 20)
        return first, first + timedelta(days=20)
    return today + timedelta(days=start), today + timedelta(days=end)


def _house(spec: dict, *, networks: list[Network], report: Report, facilities: dict, **fields) -> House:
    """The house named in ``spec``, created with its rooms, opening hours and closures when missing."""
    house = House.objects.filter(slug=slugify(spec["name"])).first()
    if house is not None:
        house.networks.add(*networks)
        report.kept["houses"] += 1
        return house
    for key in ("owner_type", "description", "accessibility", "email", "street", "postcode"):
        if spec.get(key):
            fields.setdefault(key, spec[key])
    house = house_services.create_house(actor=None, name=spec["name"], networks=networks, **fields)
    report.created["houses"] += 1
    rooms = {}
    for order, room in enumerate(spec.get("rooms", []), start=1):
        rooms[room["name"]] = _room(house, room, order * 10, report, facilities)
        for part_order, part in enumerate(room.get("parts", []), start=1):
            _room(house, part, order * 10 + part_order, report, facilities, parent=rooms[room["name"]])
    periods = [(day, _hm(opens), _hm(closes)) for day, opens, closes in spec.get("hours", [])]
    if periods:
        house_services.set_opening_hours(house, actor=None, periods=periods)
    today = timezone.localdate()
    for start, end, reason, room_name in spec.get("closures", []):
        first, last = _closure_dates(start, end, today)
        house_services.add_closure(
            house, actor=None, start_date=first, end_date=last, reason=reason, room=rooms.get(room_name)
        )
        report.created["closures"] += 1
    return house


def _room(house: House, spec: dict, order: int, report: Report, facilities: dict, parent=None):
    extra = {k: spec[k] for k in ("floor_area_m2", "description", "is_bookable", "setup_minutes", "cleanup_minutes")
             if k in spec}  # fmt: skip
    room = house_services.create_room(
        house,
        actor=None,
        name=spec["name"],
        capacity=spec["capacity"],
        facilities=[facilities[code] for code in spec.get("facilities", []) if code in facilities],
        parent=parent,
        sort_order=order,
        **extra,
    )
    report.created["rooms"] += 1
    return room


def _place(postcode: str) -> str:
    area = Area.objects.filter(country="NL", kind=Area.Kind.POSTCODE, code=postcode[:4]).first()
    return area.name.removeprefix(area.code).strip() if area else ""


def _organisations(rows, network: Network, report: Report, country: str) -> dict[str, Organisation]:
    result = {}
    for name, kind, area_code, description, contacts in rows:
        organisation = Organisation.objects.filter(network=network, name=name).first()
        if organisation is not None:
            report.kept["organisations"] += 1
            result[name] = organisation
            continue
        area = None
        if area_code:
            area_kind = Area.Kind.DISTRICT if country == "NL" else Area.Kind.SUBMUNICIPALITY
            area = _area(country, area_kind, area_code)
        organisation = organisation_services.create_organisation(
            actor=None, network=network, name=name, kind=kind, area=area, description=description,
            email=f"{slugify(name)}@{people.DEMO_DOMAIN}",
        )  # fmt: skip
        for index, (contact_name, function, email, _account) in enumerate(contacts):
            organisation_services.add_contact(
                organisation, actor=None, name=contact_name, function=function, email=email, is_primary=index == 0
            )
        report.created["organisations"] += 1
        result[name] = organisation
    return result


def _accounts(report: Report, scopes: dict) -> tuple[dict[str, User], list[tuple[str, str, str]]]:
    from allauth.account.models import EmailAddress

    users, rows = {}, []
    password_hash = None  # hashed once: nine rounds of the slow password hash would take seconds
    for key, name, description, memberships in people.ACCOUNTS:
        email = people.email_for(key)
        user = User.objects.filter(email=email).first()
        if user is None:
            admin = key == "admin"
            password_hash = password_hash or make_password(people.DEMO_PASSWORD)
            user = User(email=email, name=name, is_staff=admin, is_superuser=admin, password=password_hash)
            user.save()
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            report.created["accounts"] += 1
        else:
            report.kept["accounts"] += 1
        for role, scope_kind, scope_key in memberships:
            scope = scopes[scope_kind][scope_key]
            membership, created = Membership.objects.get_or_create(user=user, role=role, **{scope_kind: scope})
            if created:
                ids = {f"{scope_kind}_id": scope.pk}
                if scope_kind == "organisation":
                    ids["network_id"] = scope.network_id
                log_action(None, "accounts.membership.created", membership,
                           data={"user_id": user.pk, "role": role, "source": "demo"}, **ids)  # fmt: skip
                report.created["memberships"] += 1
        for contact in Contact.objects.filter(email__iexact=email, user__isnull=True):
            organisation_services.update_contact(contact, actor=None, user=user)
        users[key] = user
        rows.append((email, name, description))
    return users, rows


def check_reference_data() -> None:
    """Raise :class:`MissingReferenceData` unless the areas the demo stands on are there."""
    _area("NL", Area.Kind.MUNICIPALITY, "GM0828")
    _area("NL", Area.Kind.DISTRICT, "WK082806")
    _area("BE", Area.Kind.MUNICIPALITY, "12014")
    _area("BE", Area.Kind.SUBMUNICIPALITY, "12014A")


def load_demo() -> tuple[Report, list[tuple[str, str, str]]]:
    """Load (or complete) the demo. Returns the report and the demo logins (e-mail, name, role).

    No e-mail leaves while loading: the booking confirmations the services send after the commit go to
    the dummy mail backend (the demo addresses do not exist)."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _load()


@transaction.atomic
def _load() -> tuple[Report, list[tuple[str, str, str]]]:
    check_reference_data()
    report = Report()
    facilities = {facility.code: facility for facility in Facility.objects.all()}
    gm_oss = _area("NL", Area.Kind.MUNICIPALITY, "GM0828")
    heist_municipality = _area("BE", Area.Kind.MUNICIPALITY, "12014")
    brabant = list(Area.objects.filter(country="NL", kind=Area.Kind.MUNICIPALITY, province=PROVINCE))

    umbrella = _network(UMBRELLA, report, brabant)
    oss_network = _network(oss.NETWORK, report, [gm_oss])
    heist_network = _network(heist.NETWORK, report, [heist_municipality])

    houses = {}
    for spec in oss.HOUSES:
        lat, lon = spec["position"]
        houses[spec["name"]] = _house(
            spec, networks=[oss_network, umbrella], report=report, facilities=facilities,
            area=_area("NL", Area.Kind.DISTRICT, spec["wijk"]), municipality=gm_oss,
            latitude=lat, longitude=lon, city=_place(spec["postcode"]),
        )  # fmt: skip
    for generated in generate():
        spec = {**generated.__dict__}
        _house(spec, networks=[umbrella], report=report, facilities=facilities, city=generated.place)
    for spec in heist.HOUSES:
        lat, lon = spec["position"]
        houses[spec["name"]] = _house(
            spec, networks=[heist_network], report=report, facilities=facilities, country="BE",
            area=_area("BE", Area.Kind.SUBMUNICIPALITY, spec["submunicipality"]), municipality=heist_municipality,
            latitude=lat, longitude=lon, city=spec["city"], time_zone="Europe/Brussels",
        )  # fmt: skip

    organisations = _organisations(oss.ORGANISATIONS, oss_network, report, "NL")
    organisations.update(_organisations(heist.ORGANISATIONS, heist_network, report, "BE"))
    networks = {n.slug: n for n in (umbrella, oss_network, heist_network)}
    users, logins = _accounts(report, {"network": networks, "house": houses, "organisation": organisations})
    load_billing(houses=houses, report=report)  # before the bookings, so the confirmed dates are charged
    load_bookings(houses=houses, organisations=organisations, users=users, report=report)
    return report, logins
