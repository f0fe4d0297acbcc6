"""load_demo: the facts the README promises, idempotency, and a working login for every demo role.

The reference data and the demo are loaded once for this module (about 5 s) inside a transaction that is
rolled back at the end, so no other test module ever sees them. Each test runs in a savepoint inside it.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from buurtkracht.accounts.models import Membership, User
from buurtkracht.billing.models import ChargeLine, HouseBillingProfile, RateCard
from buurtkracht.bookings.models import BookingSeries, Occurrence
from buurtkracht.demo.brabant import GENERATED_COUNT, PROVINCE
from buurtkracht.demo.data import oss, people
from buurtkracht.demo.data.facilities import ROOM_TEMPLATES
from buurtkracht.houses.models import Closure, Facility, House, OpeningHours, Room
from buurtkracht.networks.models import Area, Network
from buurtkracht.organisations.models import Contact, Organisation

UMBRELLA_SLUG = "dorpshuizen-noord-brabant"


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Run ``load_demo`` once (it loads the reference data itself), keep its output, undo it all afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        out = StringIO()
        try:
            # the same fast hasher as the per-test settings of conftest.py, so the demo logins verify
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("load_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_it_loads_the_reference_data_first_and_prints_url_and_logins(demo):
    assert Area.objects.filter(kind=Area.Kind.MUNICIPALITY, code="GM0828").exists()
    assert "http://127.0.0.1:8000" in demo
    assert people.DEMO_PASSWORD in demo
    for key, *_rest in people.ACCOUNTS:
        assert people.email_for(key) in demo


MODELS = (
    Network,
    House,
    Room,
    OpeningHours,
    Closure,
    Organisation,
    Contact,
    User,
    Membership,
    BookingSeries,
    Occurrence,
    RateCard,
    ChargeLine,
)


def test_a_second_run_keeps_everything_and_adds_nothing(demo):
    counts = [model.objects.count() for model in MODELS]
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert [model.objects.count() for model in MODELS] == counts
    assert "Added: nothing." in out.getvalue()


def test_de_haard_lies_in_the_ruwaard_and_de_bongerd_in_macharen(demo):
    haard = House.objects.get(name="Wij(k)huis de Haard")
    bongerd = House.objects.get(name="de Bongerd")
    assert (haard.area.code, haard.area.name, haard.municipality.code) == ("WK082806", "Ruwaard", "GM0828")
    assert (bongerd.area.code, bongerd.area.name) == ("WK082812", "Macharen")
    assert haard.city == "Oss" and bongerd.city == "Macharen"
    assert haard.holiday_region == House.HolidayRegion.NL_SOUTH


def test_oss_has_a_dozen_houses_in_its_own_wijken_with_hours(demo):
    network = Network.objects.get(slug=oss.NETWORK["slug"])
    houses = House.objects.filter(networks=network)
    assert network.kind == Network.Kind.MUNICIPALITY
    assert list(network.areas.values_list("code", flat=True)) == ["GM0828"]
    assert houses.count() == len(oss.HOUSES) == 12
    assert set(houses.values_list("area__parent__code", flat=True)) == {"GM0828"}
    assert houses.values("area").distinct().count() == 12
    assert not houses.filter(opening_hours__isnull=True).exists()
    assert {h.owner_type for h in houses} == set(House.OwnerType.values)


def test_de_haard_has_a_divisible_hall_a_meeting_room_a_kitchen_and_closures(demo):
    haard = House.objects.get(name="Wij(k)huis de Haard")
    hall = haard.rooms.get(name="Grote zaal")
    assert sorted(hall.parts.values_list("capacity", flat=True)) == [70, 70]
    assert {"Vergaderruimte", "Keuken"} <= set(haard.rooms.values_list("name", flat=True))
    assert hall.facilities.filter(code="hearing_loop").exists()
    assert haard.closures.count() == 2
    assert haard.closures.filter(room=hall).exists()


def test_the_umbrella_network_has_about_160_houses_across_brabant(demo):
    umbrella = Network.objects.get(slug=UMBRELLA_SLUG)
    houses = House.objects.filter(networks=umbrella)
    assert umbrella.kind == Network.Kind.UMBRELLA
    assert houses.count() == GENERATED_COUNT + len(oss.HOUSES) == 160
    assert houses.filter(name="Wij(k)huis de Haard").exists()
    assert set(houses.values_list("municipality__province", flat=True)) == {PROVINCE}
    assert houses.values("municipality").distinct().count() >= 40
    assert houses.values("name").distinct().count() == 160
    generated = houses.exclude(networks__slug=oss.NETWORK["slug"])
    assert not generated.filter(position_from_postcode=False).exists()
    for house in generated[:40]:
        postcode = Area.objects.get(country="NL", kind=Area.Kind.POSTCODE, code=house.postcode[:4])
        assert postcode.parent_id == house.municipality_id
        assert (house.latitude, house.longitude) == (postcode.latitude, postcode.longitude)
        assert 1 <= house.rooms.count() <= 4
        assert house.name.endswith(house.city.removesuffix(" NB"))


def test_heist_houses_lie_in_its_deelgemeenten_in_brussels_time(demo):
    network = Network.objects.get(kind=Network.Kind.LEISURE)
    houses = House.objects.filter(networks=network)
    assert list(network.areas.values_list("code", flat=True)) == ["12014"]
    assert set(houses.values_list("time_zone", flat=True)) == {"Europe/Brussels"}
    assert set(houses.values_list("country", flat=True)) == {"BE"}
    assert set(houses.values_list("area__name", flat=True)) == {
        "Heist-op-den-Berg", "Hallaar", "Itegem", "Wiekevorst", "Booischot", "Schriek",
    }  # fmt: skip
    assert set(houses.values_list("area__kind", flat=True)) == {Area.Kind.SUBMUNICIPALITY}
    assert set(houses.values_list("postcode", flat=True)) == {"2220", "2221", "2222", "2223"}
    assert not houses.filter(latitude__isnull=True).exists()


def test_the_oss_network_has_an_organisation_of_each_kind_with_contacts(demo):
    organisations = Organisation.objects.filter(network__slug=oss.NETWORK["slug"])
    kinds = set(organisations.values_list("kind", flat=True))
    assert {"resident_initiative", "club", "care_welfare", "municipal_service", "commercial"} <= kinds
    assert not organisations.filter(contacts__isnull=True).exists()
    contact = User.objects.get(email=people.email_for("contact"))
    assert organisations.get(kind="resident_initiative").contacts.filter(user=contact, is_primary=True).exists()


def test_every_demo_facility_is_in_the_catalogue(demo):
    codes = {code for *_rest, facilities in ROOM_TEMPLATES for code in facilities}
    for spec in oss.HOUSES:
        for room in spec["rooms"]:
            codes.update(room["facilities"])
            for part in room.get("parts", []):
                codes.update(part["facilities"])
    assert codes - set(Facility.objects.values_list("code", flat=True)) == set()


@pytest.mark.parametrize("key", [row[0] for row in people.ACCOUNTS])
def test_every_demo_role_can_log_in_with_the_shared_password(demo, client, key):
    assert client.login(username=people.email_for(key), password=people.DEMO_PASSWORD)
    user = User.objects.get(email=people.email_for(key))
    expected = set({row[0]: row[3] for row in people.ACCOUNTS}[key])
    actual = set()
    for m in user.memberships.all():
        scope = m.network.slug if m.network_id else (m.house or m.organisation).name
        kind = "network" if m.network_id else "house" if m.house_id else "organisation"
        actual.add((m.role, kind, scope))
    assert actual == expected
    assert user.is_superuser == (key == "admin")


def test_the_dashboard_shows_the_manager_their_house(demo, client):
    client.login(username=people.email_for("manager"), password=people.DEMO_PASSWORD)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "Wij(k)huis de Haard" in response.content.decode()


def test_de_haard_has_weeks_of_weekly_club_evenings_and_a_party_waiting_for_approval(demo):
    haard = House.objects.get(name="Wij(k)huis de Haard")
    weekly = BookingSeries.objects.filter(house=haard, kind=BookingSeries.Kind.WEEKLY)
    assert weekly.count() >= 3
    taalcafe = weekly.get(title="Taalcafé")
    assert taalcafe.organisation.name == "Bewonersinitiatief Samen Ruwaard"
    assert taalcafe.booker.email == people.email_for("contact")
    confirmed = taalcafe.occurrences.filter(status=Occurrence.Status.CONFIRMED)
    assert confirmed.count() >= 6
    assert len({o.local_date.weekday() for o in confirmed}) == 1
    party = BookingSeries.objects.get(house=haard, title="Verjaardagsfeest 50 jaar")
    assert party.status == BookingSeries.Status.REQUESTED
    assert party.booker.email == people.email_for("resident")
    assert BookingSeries.objects.filter(house__name="de Bongerd").exists()


def test_loading_the_demo_sends_no_email(demo, mailoutbox):
    call_command("load_demo", stdout=StringIO())
    assert mailoutbox == []


def test_every_demo_house_has_a_rate_card_and_the_named_houses_billing_details(demo):
    houses = House.objects.filter(networks__slug__in=[UMBRELLA_SLUG, oss.NETWORK["slug"]]).distinct()
    assert houses.count() > 150
    assert not houses.exclude(rate_cards__isnull=False).exists()
    haard = House.objects.get(name="Wij(k)huis de Haard")
    assert HouseBillingProfile.objects.filter(house=haard).exists()
    card = haard.rate_cards.get()
    terms = {rate.category: rate for rate in card.category_rates.all()}
    assert (
        terms["resident_initiative"].free_hours_per_year == 20 and terms["resident_initiative"].discount_percent == 75
    )
    assert "commercial" not in terms or terms["commercial"].discount_percent == 0


def test_quotes_show_the_resident_initiative_free_hours_and_the_commercial_list_price(demo):
    from datetime import time, timedelta

    from django.utils import timezone

    from buurtkracht.billing.services.quotes import quote, slots_on

    haard = House.objects.get(name="Wij(k)huis de Haard")
    room = haard.rooms.get(name="Huiskamer")
    resident = Organisation.objects.get(name="Bewonersinitiatief Samen Ruwaard")
    yoga = Organisation.objects.get(name="Yogastudio Balans")
    first = timezone.localdate().replace(month=1, day=1) + timedelta(days=400)  # next year: no hours used yet
    slots = slots_on(haard, [first + timedelta(weeks=i) for i in range(12)], time(10, 0), time(12, 0))
    free = quote(house=haard, room=room, slots=slots, organisation=resident)
    full = quote(house=haard, room=room, slots=slots, organisation=yoga)
    assert full.total == Decimal("32.50") * 2 * 12
    assert free.free_hours_used == 20
    assert free.total == Decimal("16.25") * 2  # 10 sessions free, then two at a quarter of the list price


def test_confirmed_demo_bookings_are_priced_for_the_invoices(demo):
    """Charged after the commit of the load (here rolled back) or by the invoice run, as here."""
    from datetime import timedelta

    from django.utils import timezone

    from buurtkracht.billing.services.charges import ensure_charges

    haard = House.objects.get(name="Wij(k)huis de Haard")
    today = timezone.localdate()
    ensure_charges(house=haard, start=today, end=today + timedelta(weeks=12))
    yoga = ChargeLine.objects.filter(organisation__name="Yogastudio Balans", code="rent")
    assert yoga.exists() and all(line.amount == line.list_amount > 0 for line in yoga)  # commercial: list price
    resident = ChargeLine.objects.filter(organisation__name="Bewonersinitiatief Samen Ruwaard", code="rent")
    assert resident.exists() and sum(line.free_hours for line in resident) > 0
