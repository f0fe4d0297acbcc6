import pytest
from django.urls import reverse

from buurtkracht.accounts.models import ApiToken, Invitation, User
from buurtkracht.accounts.services import create_invitation, create_token
from buurtkracht.core.models import LogEntry

pytestmark = pytest.mark.django_db


def test_the_admin_pages_for_people_and_organisations_open(cast, login):
    create_token(actor=cast.manager_a, user=cast.manager_a, name="Agenda")
    create_invitation(actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="house_volunteer")
    client = login(cast.admin)
    for name in (
        "admin:accounts_user_changelist",
        "admin:accounts_apitoken_changelist",
        "admin:accounts_invitation_changelist",
        "admin:organisations_organisation_changelist",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(reverse("admin:accounts_user_change", args=[cast.manager_a.pk])).content.decode()
    assert "Huis A" in page or str(cast.house_a.pk) in page  # the memberships inline
    assert client.get(reverse("admin:accounts_user_delete", args=[cast.manager_a.pk])).status_code == 403


def test_admin_actions_go_through_the_services(cast, login):
    token, _ = create_token(actor=cast.manager_a, user=cast.manager_a, name="Agenda")
    invitation, _ = create_invitation(
        actor=cast.manager_a, scope=cast.house_a, email="x@example.org", role="house_volunteer"
    )
    client = login(cast.admin)
    client.post(reverse("admin:accounts_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    client.post(
        reverse("admin:accounts_invitation_changelist"), {"action": "revoke", "_selected_action": [invitation.pk]}
    )
    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "erase_people", "_selected_action": [cast.stranger.pk]}
    )
    assert ApiToken.objects.get().revoked_at is not None
    assert Invitation.objects.get().revoked_at is not None
    assert User.objects.get(pk=cast.stranger.pk).erased_at is not None
    actions = set(LogEntry.objects.filter(actor=cast.admin).values_list("action", flat=True))
    assert {"accounts.token.revoked", "accounts.invitation.revoked"} <= actions
    assert LogEntry.objects.filter(action="accounts.user.erased", object_id=str(cast.stranger.pk)).exists()
