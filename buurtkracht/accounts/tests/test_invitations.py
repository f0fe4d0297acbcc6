from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from buurtkracht.accounts.links import invite_url
from buurtkracht.accounts.models import Invitation, Membership, User
from buurtkracht.accounts.permissions import forget_access
from buurtkracht.accounts.scopes import grantable_roles
from buurtkracht.accounts.services import accept_invitation, create_invitation, remove_membership, revoke_invitation
from buurtkracht.core.models import LogEntry

pytestmark = pytest.mark.django_db
R = Membership.Role


def invite_page(scope, key):
    return reverse("accounts:invite", args=[scope, key])


def test_a_manager_invites_a_volunteer_and_the_mail_goes_out_after_commit(
    cast, login, django_capture_on_commit_callbacks
):
    client = login(cast.manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_page("house", "huis-a"), {"email": "Els@Example.org ", "role": "house_volunteer"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.house) == ("els@example.org", "house_volunteer", cast.house_a)
    assert invitation.invited_by == cast.manager_a
    assert timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["els@example.org"]
    assert "Huis A" in message.subject
    assert "/mijn/uitnodiging/" in message.body
    raw = message.body.split("/mijn/uitnodiging/")[1].split("/")[0]
    assert invitation.token_hash == Invitation.hash(raw)  # only the hash is stored
    assert raw not in str(Invitation.objects.values_list())
    assert LogEntry.objects.filter(action="accounts.invitation.created", house_id=cast.house_a.pk).exists()


def test_the_mail_is_in_dutch_for_a_newcomer_and_in_english_for_someone_who_chose_english(
    cast, django_capture_on_commit_callbacks
):
    User.objects.create_user("english@example.org", "x" * 12, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        create_invitation(actor=cast.manager_a, scope=cast.house_a, email="nieuw@example.org", role="house_volunteer")
        create_invitation(actor=cast.manager_a, scope=cast.house_a, email="english@example.org", role="house_volunteer")
    dutch, english = mail.outbox
    assert "Uitnodiging" in dutch.subject
    assert "uitnodiging" in dutch.body.lower() and "Invitation" not in dutch.subject
    assert english.subject.startswith("Invitation")


def test_no_mail_is_sent_when_the_transaction_rolls_back(cast, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        create_invitation(actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="house_volunteer")
        raise RuntimeError("rollback")
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_a_volunteer_cannot_invite(cast, login):
    client = login(cast.volunteer_a)
    assert client.get(invite_page("house", "huis-a")).status_code == 403
    response = client.post(invite_page("house", "huis-a"), {"email": "x@example.org", "role": "house_volunteer"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        create_invitation(actor=cast.volunteer_a, scope=cast.house_a, email="x@example.org", role="house_volunteer")


def test_an_officer_cannot_invite_to_a_house_of_their_network(cast, login):
    response = login(cast.officer).post(
        invite_page("house", "huis-a"), {"email": "x@example.org", "role": "house_manager"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_manager_cannot_invite_to_another_house_or_give_a_network_role(cast, login):
    client = login(cast.manager_a)
    assert (
        client.post(invite_page("house", "huis-b"), {"email": "x@example.org", "role": "house_manager"}).status_code
        == 403
    )
    response = client.post(invite_page("house", "huis-a"), {"email": "x@example.org", "role": "network_coordinator"})
    assert response.status_code == 422
    assert "Je kunt deze rol hier niet geven" in response.content.decode()
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError) as error:
        create_invitation(actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="network_coordinator")
    assert "role" in error.value.message_dict


def test_the_role_choices_follow_the_scope_and_the_inviter(cast):
    assert grantable_roles(cast.manager_a, cast.house_a) == [R.HOUSE_MANAGER, R.HOUSE_VOLUNTEER]
    assert grantable_roles(cast.volunteer_a, cast.house_a) == []
    assert grantable_roles(cast.coordinator, cast.network_a) == [
        R.NETWORK_COORDINATOR,
        R.MUNICIPALITY_OFFICER,
        R.REFERRER,
    ]
    assert grantable_roles(cast.officer, cast.network_a) == []
    assert grantable_roles(cast.contact, cast.organisation_a) == [R.ORGANISATION_CONTACT, R.PROVIDER]
    assert grantable_roles(cast.coordinator, cast.organisation_a) == [R.ORGANISATION_CONTACT, R.PROVIDER, R.REFERRER]
    assert grantable_roles(cast.provider, cast.organisation_a) == []


def test_the_invite_form_offers_only_grantable_roles(cast, login):
    page = login(cast.contact).get(invite_page("organisation", cast.organisation_a.pk)).content.decode()
    assert 'value="organisation_contact"' in page and 'value="provider"' in page
    assert 'value="referrer"' not in page


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"email": "", "role": "house_volunteer"}, "email", "Vul het e-mailadres in"),
        ({"email": "geen-adres", "role": "house_volunteer"}, "email", "naam@example.org"),
        ({"email": "x@example.org", "role": ""}, "role", "Kies een rol"),
    ],
)
def test_bad_invite_input_gets_a_clear_message_and_saves_nothing(cast, login, payload, field, message):
    response = login(cast.manager_a).post(invite_page("house", "huis-a"), payload)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert "<title>Fout:" in page
    assert not Invitation.objects.exists()


def test_a_second_open_invitation_and_an_existing_role_are_refused(cast):
    create_invitation(actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="house_volunteer")
    with pytest.raises(ValidationError, match="open invitation|openstaande uitnodiging"):
        create_invitation(actor=cast.manager_a, scope=cast.house_a, email="X@example.org", role="house_volunteer")
    with pytest.raises(ValidationError):
        create_invitation(
            actor=cast.manager_a, scope=cast.house_a, email="volunteer_a@example.org", role="house_volunteer"
        )
    assert Invitation.objects.count() == 1


def test_accepting_when_logged_in_creates_the_membership_once(cast, login):
    invitation, raw = create_invitation(
        actor=cast.manager_a, scope=cast.house_a, email="els@example.org", role="house_volunteer"
    )
    client = login(cast.stranger)  # accepting works with any e-mail address
    url = reverse("accounts:invitation", args=[raw])
    page = client.get(url)
    assert page.status_code == 200
    assert "Uitnodiging accepteren" in page.content.decode()
    assert "els@example.org" in page.content.decode()  # tells which address it was sent to
    response = client.post(url)
    assert response.status_code == 302
    membership = Membership.objects.get(user=cast.stranger)
    assert (membership.role, membership.house) == ("house_volunteer", cast.house_a)
    invitation.refresh_from_db()
    assert invitation.accepted_by == cast.stranger and invitation.accepted_at is not None
    # idempotent: again gives the same membership, no second one
    assert accept_invitation(invitation, user=cast.stranger) == membership
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=cast.stranger).count() == 1
    assert LogEntry.objects.filter(action="accounts.membership.created").count() == 1
    assert "al geaccepteerd" in client.get(url).content.decode()


def test_an_anonymous_visitor_is_asked_to_log_in_or_sign_up_and_then_accepts(cast, client):
    _invitation, raw = create_invitation(
        actor=cast.coordinator, scope=cast.network_a, email="new@example.org", role="referrer"
    )
    url = reverse("accounts:invitation", args=[raw])
    page = client.get(url).content.decode()
    assert f"/account/login/?next=%2Fmijn%2Fuitnodiging%2F{raw}%2F" in page
    assert f"/account/signup/?next=%2Fmijn%2Fuitnodiging%2F{raw}%2F" in page
    response = client.post(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    # sign up through allauth, then come back
    response = client.post(
        f"/account/signup/?next={url}",
        {"email": "new@example.org", "password1": "a long enough passphrase", "password2": "a long enough passphrase"},
    )
    assert response.status_code == 302
    assert response["Location"] == url
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user__email="new@example.org", role="referrer", network=cast.network_a).exists()


@pytest.mark.parametrize("state", ["expired", "revoked", "used", "unknown"])
def test_an_expired_revoked_used_or_unknown_link_gives_a_clear_message(cast, login, state):
    invitation, raw = create_invitation(
        actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="house_volunteer"
    )
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif state == "revoked":
        revoke_invitation(invitation, actor=cast.manager_a)
    elif state == "used":
        accept_invitation(invitation, user=cast.manager_b)
    elif state == "unknown":
        raw = "niet-bestaand"
    client = login(cast.stranger)
    url = reverse("accounts:invitation", args=[raw])
    expected = {"expired": "verlopen", "revoked": "ingetrokken", "used": "al gebruikt", "unknown": "niet geldig"}[state]
    for response in (client.get(url), client.post(url)):
        assert response.status_code == (404 if state == "unknown" else 410)
        assert expected in response.content.decode()
    assert not Membership.objects.filter(user=cast.stranger).exists()


def test_a_removed_role_does_not_come_back_through_the_old_link(cast):
    invitation, _raw = create_invitation(
        actor=cast.manager_a, scope=cast.house_a, email="s@example.org", role="house_manager"
    )
    membership = accept_invitation(invitation, user=cast.stranger)
    remove_membership(membership, actor=cast.manager_a)
    with pytest.raises(ValidationError):
        accept_invitation(invitation, user=cast.stranger)
    assert not Membership.objects.filter(user=cast.stranger).exists()


def test_open_invitations_are_listed_and_can_be_withdrawn(cast, login):
    invitation, _raw = create_invitation(
        actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="house_volunteer"
    )
    client = login(cast.coordinator)
    assert '<th scope="row">x@example.org</th>' in client.get(invite_page("house", "huis-a")).content.decode()
    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302 and response["Location"] == invite_url(cast.house_a)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = client.get(invite_page("house", "huis-a")).content.decode()
    assert "ingetrokken" in page  # the message
    assert '<th scope="row">x@example.org</th>' not in page
    assert LogEntry.objects.filter(action="accounts.invitation.revoked").count() == 1


def test_a_manager_of_another_house_cannot_withdraw_or_remove(cast, login):
    invitation, _raw = create_invitation(
        actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="house_volunteer"
    )
    membership = Membership.objects.get(user=cast.volunteer_a)
    client = login(cast.manager_b)
    assert client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("accounts:membership_remove", args=[membership.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_removing_a_role_takes_access_away_at_once_and_is_logged(cast, login):
    membership = Membership.objects.get(user=cast.volunteer_a)
    response = login(cast.manager_a).post(reverse("accounts:membership_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = LogEntry.objects.get(action="accounts.membership.removed")
    assert entry.house_id == cast.house_a.pk and entry.actor == cast.manager_a
    forget_access(cast.volunteer_a)
    from buurtkracht.accounts.permissions import has_perm

    assert not has_perm(cast.volunteer_a, "houses.closure:change", cast.house_a)


def test_an_organisation_contact_cannot_remove_a_referrer_the_coordinator_appointed(cast):
    referrer = Membership.objects.create(user=cast.stranger, role=R.REFERRER, organisation=cast.organisation_a)
    with pytest.raises(PermissionDenied):
        remove_membership(referrer, actor=cast.contact)
    remove_membership(referrer, actor=cast.coordinator)
    assert not Membership.objects.filter(pk=referrer.pk).exists()


def test_invite_url_names_each_kind_of_scope(cast):
    assert invite_url(cast.house_a) == "/mijn/uitnodigen/house/huis-a/"
    assert invite_url(cast.network_a) == "/mijn/uitnodigen/network/netwerk-a/"
    assert invite_url(cast.organisation_a) == f"/mijn/uitnodigen/organisation/{cast.organisation_a.pk}/"


@pytest.mark.parametrize(
    "path", ["/mijn/uitnodigen/planet/x/", "/mijn/uitnodigen/organisation/abc/", "/mijn/uitnodigen/house/nope/"]
)
def test_an_unknown_scope_is_not_found(cast, login, path):
    assert login(cast.admin).get(path).status_code == 404
