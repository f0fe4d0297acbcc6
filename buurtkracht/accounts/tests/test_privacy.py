import json
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse

from buurtkracht.accounts.models import ApiToken, Invitation, Membership, User
from buurtkracht.accounts.privacy import REDACTED, covered_fields, links_to_person, privacy_handlers
from buurtkracht.accounts.services import accept_invitation, create_invitation, create_token, erase_person
from buurtkracht.core.audit import log_action
from buurtkracht.core.models import LogEntry
from buurtkracht.organisations.models import Contact
from buurtkracht.organisations.services import add_contact

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_every_link_to_a_person_is_covered_by_a_privacy_handler():
    """A new model with a foreign key to the user fails here until its app registers a privacy handler
    (``register_privacy_handler``; ``ReferenceOnlyHandler`` for plain "who did it" references)."""
    missing = sorted(links_to_person() - covered_fields())
    assert not missing, f"No privacy handler covers these links to a person: {missing}"
    assert "core.LogEntry.actor" in covered_fields()
    assert "organisations.Contact.user" in covered_fields()


def test_every_handler_exports_erases_and_states_its_retention(cast):
    keys = [h.key for h in privacy_handlers()]
    assert keys.index("audit") < keys.index("profile") and keys[-1] == "profile"
    for handler in privacy_handlers():
        assert isinstance(handler.export(cast.stranger), list)
        assert handler.erase(cast.stranger, dry_run=True) >= 0
        assert str(handler.retention())


@pytest.fixture
def busy_person(cast, client):
    """manager_a with a bit of everything: tokens, MFA, an accepted invitation, a contact entry, audit
    entries as actor and about them, an admin log entry about them, and an open session."""
    person = cast.manager_a
    create_token(actor=person, user=person, name="Agenda")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    invitation, _raw = create_invitation(
        actor=cast.contact, scope=cast.organisation_a, email=person.email, role="provider"
    )
    accept_invitation(invitation, user=person)
    add_contact(cast.organisation_a, actor=cast.contact, name="Manager A", email=person.email, phone="0412 111222")
    create_invitation(actor=person, scope=cast.house_a, email="friend@example.org", role="house_volunteer")
    log_action(
        person, "houses.house.changed", cast.house_a, house_id=cast.house_a.pk, data={"changed": {"phone": "06 1"}}
    )
    AdminLogEntry.objects.log_actions(
        user_id=cast.admin.pk, queryset=[person], action_flag=CHANGE, change_message="changed name", single_object=True
    )
    client.post("/account/login/", {"login": person.email, "password": PASSWORD})
    return person


def test_export_holds_everything_about_the_person_and_no_secrets(busy_person, login):
    client = login(busy_person)
    response = client.post(reverse("accounts:export"), {"password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="buurtkracht-gegevens-')
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    sections = data["sections"]
    assert sections["profile"]["rows"][0]["email"] == busy_person.email
    roles = {(r["role"], r["scope"]) for r in sections["roles"]["rows"]}
    assert ("beheerder", "Huis A") in roles and ("aanbieder", "Vereniging A") in roles
    tokens = sections["roles_2"]["rows"]
    assert tokens[0]["name"] == "Agenda" and tokens[0]["hint"].startswith("bk_")
    assert [r["email"] for r in sections["roles_3"]["rows"]] == ["friend@example.org"]  # sent
    assert [r["scope"] for r in sections["roles_4"]["rows"]] == ["Vereniging A"]  # accepted
    assert {r["action"] for r in sections["audit"]["rows"]} >= {"houses.house.changed", "accounts.token.created"}
    assert sections["organisation_contacts"]["rows"][0]["phone"] == "0412 111222"
    assert sections["login_2"]["rows"][0]["type"]  # the MFA authenticator, without its secret
    assert "JBSWY3DPEHPK3PXP" not in response.content.decode()
    assert all(section["columns"] for section in sections.values())  # every column explained
    assert "Autoriteit Persoonsgegevens" in data["about"]["rights"]
    assert LogEntry.objects.filter(action="accounts.user.exported", actor=busy_person).exists()


def test_export_and_erase_ask_for_the_password_again(busy_person, login):
    client = login(busy_person)
    response = client.post(reverse("accounts:export"), {"password": "wrong password!"})
    assert response.status_code == 422
    assert "Dit wachtwoord klopt niet" in response.content.decode()
    response = client.post(reverse("accounts:erase"), {"password": "wrong password!", "confirm": "on"})
    assert response.status_code == 422
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD})
    assert response.status_code == 422
    assert "Vink het vakje aan" in response.content.decode()
    busy_person.refresh_from_db()
    assert busy_person.is_active and busy_person.erased_at is None
    assert Membership.objects.filter(user=busy_person).exists()


def _dump() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out, exclude=["contenttypes", "auth.permission"])
    return out.getvalue()


def test_erase_leaves_nothing_of_the_person_and_a_second_run_changes_nothing(busy_person, login, cast):
    email, name, pk = busy_person.email, busy_person.name, busy_person.pk
    entries_before = LogEntry.objects.count()
    assert Session.objects.count() >= 1
    client = login(busy_person)
    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")

    person = User.objects.get(pk=pk)
    assert not person.is_active and person.erased_at is not None
    assert person.name == "" and person.email == f"erased-{pk}@erased.invalid"
    assert not person.has_usable_password()
    assert person.display_name == f"Voormalig account {pk}"
    assert not Membership.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Invitation.objects.filter(accepted_by=person).exists()
    assert Invitation.objects.filter(invited_by=person).count() == 1  # stays with the house, nameless
    assert not Contact.objects.filter(email__iexact=email).exists()
    assert not any(str(s.get_decoded().get("_auth_user_id")) == str(pk) for s in Session.objects.all())
    # the audit log keeps its rows (plus one erasure entry), redacted
    assert LogEntry.objects.count() == entries_before + 1  # nothing deleted; one erasure entry added
    assert LogEntry.objects.filter(action="accounts.user.erased", object_id=str(pk)).count() == 1
    mine = LogEntry.objects.filter(actor=person).exclude(action="accounts.user.erased")
    assert mine.exists() and all(e.shredded for e in mine)
    changed = LogEntry.objects.get(action="houses.house.changed", actor=person)
    assert changed.data == {"changed": {"phone": REDACTED}} and changed.object_repr == "Huis A"
    admin_entry = AdminLogEntry.objects.get(object_id=str(pk))
    assert admin_entry.object_repr == REDACTED

    dump = _dump()
    assert email not in dump and email.split("@")[0] not in dump
    assert name not in dump
    assert "0412 111222" not in dump

    # the logged-out browser cannot come back, and the old password no longer works
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert not client.login(username=email, password=PASSWORD)

    entries = LogEntry.objects.count()
    assert erase_person(person, actor=None) == {h.key: 0 for h in privacy_handlers()}
    assert LogEntry.objects.count() == entries
    assert _dump() == dump


def test_erasing_a_person_keeps_other_people_intact(busy_person, cast):
    erase_person(busy_person, actor=busy_person)
    assert Membership.objects.filter(user=cast.manager_b).exists()
    assert User.objects.get(pk=cast.contact.pk).email == "contact@example.org"
    created = LogEntry.objects.get(action="accounts.invitation.created", actor=cast.contact)
    # the entry by the contact that named the erased person's address is redacted, the contact's name stays
    assert created.shredded and created.object_repr == REDACTED and created.actor == cast.contact


def test_an_audit_entry_about_a_contact_is_shredded_with_the_contact(cast):
    contact = add_contact(cast.organisation_a, actor=cast.coordinator, name="Jan Jansen", email="stranger@example.org")
    entry = LogEntry.objects.get(action="organisations.contact.added")
    assert entry.object_repr == "Jan Jansen"
    erase_person(cast.stranger, actor=cast.stranger)
    entry.refresh_from_db()
    assert entry.shredded and entry.object_repr == REDACTED
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert ContentType.objects.get_for_id(entry.content_type_id).model == "contact"
