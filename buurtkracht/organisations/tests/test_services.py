import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from buurtkracht.accounts.models import Membership
from buurtkracht.core.audit import display_for
from buurtkracht.core.models import LogEntry
from buurtkracht.organisations.models import Contact, Organisation
from buurtkracht.organisations.services import (
    add_contact,
    create_organisation,
    remove_contact,
    update_contact,
    update_organisation,
)

pytestmark = pytest.mark.django_db
K, C = Organisation.Kind, Organisation.RenterCategory


def test_the_renter_category_defaults_from_the_kind(cast):
    organisation = create_organisation(
        actor=cast.coordinator, network=cast.network_a, name=" Zorg  Oost ", kind=K.CARE_WELFARE
    )
    assert organisation.name == "Zorg Oost"
    assert organisation.renter_category == C.CARE_WELFARE
    entry = LogEntry.objects.get(action="organisations.organisation.created")
    assert (entry.network_id, entry.organisation_id) == (cast.network_a.pk, organisation.pk)
    assert display_for(entry) == "Coordinator heeft de organisatie Zorg Oost toegevoegd"


def test_a_coordinator_or_house_manager_may_choose_another_category(cast):
    org = create_organisation(
        actor=cast.manager_a, network=cast.network_a, name="Buurtcafé", kind=K.COMMERCIAL, renter_category=C.NON_PROFIT
    )
    assert org.renter_category == C.NON_PROFIT
    update_organisation(org, actor=cast.coordinator, renter_category=C.RESIDENT_INITIATIVE)
    org.refresh_from_db()
    assert org.renter_category == C.RESIDENT_INITIATIVE


def test_an_organisation_contact_cannot_change_its_own_category(cast):
    organisation = cast.organisation_a
    with pytest.raises(PermissionDenied):
        update_organisation(organisation, actor=cast.contact, renter_category=C.RESIDENT_INITIATIVE)
    # changing the kind does not move the category (and so the tariff) either
    update_organisation(organisation, actor=cast.contact, kind=K.RESIDENT_INITIATIVE)
    organisation.refresh_from_db()
    assert (organisation.kind, organisation.renter_category) == (K.RESIDENT_INITIATIVE, C.NON_PROFIT)


def test_the_category_follows_the_kind_when_it_was_the_default_and_a_coordinator_changes_it(cast):
    organisation = cast.organisation_a  # club, non-profit (the default)
    update_organisation(organisation, actor=cast.coordinator, kind=K.COMMERCIAL)
    organisation.refresh_from_db()
    assert organisation.renter_category == C.COMMERCIAL


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "Vul de naam van de organisatie in."),
        ({"kind": "castle"}, "kind", "Kies wat voor organisatie dit is."),
        ({"renter_category": "royalty"}, "renter_category", "Kies een huurderscategorie uit de lijst."),
        ({"email": "geen-adres"}, "email", "Vul een e-mailadres in zoals info@example.org."),
        ({"website": "javascript:alert(1)"}, "website", "Vul een webadres in dat begint met https://."),
        ({"postcode": "ABCDEF"}, "postcode", "Vul een postcode in zoals 5341 AB (Nederland) of 2220 (België)."),
        ({"name": "vereniging a"}, "name", "Dit netwerk heeft al een organisatie met deze naam."),
        ({"registration_number": "1" * 21}, "registration_number", None),
    ],
)
def test_bad_organisation_input_is_refused_with_a_clear_message_and_nothing_saved(cast, fields, field, message):
    data = {"name": "Nieuwe club", "kind": K.CLUB, **fields}
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as error:
        create_organisation(actor=cast.admin, network=cast.network_a, **data)
    assert field in error.value.message_dict
    if message:
        assert message in error.value.message_dict[field]
    assert Organisation.objects.count() == before
    assert not LogEntry.objects.exists()


def test_a_failed_update_leaves_the_organisation_unchanged(cast):
    organisation = cast.organisation_a
    with pytest.raises(ValidationError):
        update_organisation(organisation, actor=cast.contact, name="Nieuwe naam", email="kapot")
    assert organisation.name == "Vereniging A"
    organisation.refresh_from_db()
    assert organisation.name == "Vereniging A"
    assert not LogEntry.objects.exists()


def test_unknown_fields_are_a_programming_error(cast):
    with pytest.raises(TypeError):
        create_organisation(actor=cast.admin, network=cast.network_a, name="X", kind=K.CLUB, network_id=5)
    with pytest.raises(TypeError):
        update_organisation(cast.organisation_a, actor=cast.admin, network=cast.network_b)


def test_contacts_are_added_changed_and_removed_with_one_main_contact(cast):
    organisation = cast.organisation_a
    first = add_contact(organisation, actor=cast.contact, name="Jan Jansen", email="JAN@example.org", is_primary=True)
    assert first.email == "jan@example.org"
    second = add_contact(organisation, actor=cast.contact, name="Piet", phone="0412-123456", is_primary=True)
    first.refresh_from_db()
    assert second.is_primary and not first.is_primary
    update_contact(first, actor=cast.contact, function="penningmeester")
    first.refresh_from_db()
    assert first.function == "penningmeester"
    remove_contact(second, actor=cast.contact)
    assert list(organisation.contacts.all()) == [first]
    actions = list(LogEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "organisations.contact.added",
        "organisations.contact.added",
        "organisations.contact.changed",
        "organisations.contact.removed",
    ]
    assert all(e.organisation_id == organisation.pk for e in LogEntry.objects.all())


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": ""}, "name"), ({"name": "X", "email": "nope"}, "email"), ({"name": "X", "phone": "bel me"}, "phone")],
)
def test_bad_contact_input_is_refused_and_nothing_saved(cast, fields, field):
    with pytest.raises(ValidationError) as error:
        add_contact(cast.organisation_a, actor=cast.contact, **fields)
    assert field in error.value.message_dict
    assert not Contact.objects.exists()


def test_a_contact_with_the_address_of_a_member_is_linked_to_their_account(cast):
    contact = add_contact(cast.organisation_a, actor=cast.coordinator, name="Contact", email="contact@example.org")
    assert contact.user == cast.contact
    outsider = add_contact(cast.organisation_a, actor=cast.coordinator, name="Buiten", email="stranger@example.org")
    assert outsider.user is None  # no role in the organisation: no link
    Membership.objects.create(user=cast.stranger, role="provider", organisation=cast.organisation_a)
    update_contact(outsider, actor=cast.coordinator, name="Buiten")
    outsider.refresh_from_db()
    assert outsider.user == cast.stranger
