"""Every write to people, their roles, invitations and tokens. Each runs in a transaction and leaves an
audit entry. Views and the API check permissions first; the services check what a role allows again
where a mistake would hand out access (inviting, removing a role)."""

from django.utils.translation import gettext_lazy as _

from buurtkracht.accounts.services.invitations import (
    accept_invitation,
    create_invitation,
    find_invitation,
    revoke_invitation,
    send_invitation_email,
)
from buurtkracht.accounts.services.people import (
    create_token,
    erase_person,
    export_person,
    remove_membership,
    revoke_token,
    update_profile,
)
from buurtkracht.core.audit import register_display

register_display(
    {
        "accounts.user.changed": _("%(actor)s changed their account details"),
        "accounts.user.exported": _("%(actor)s downloaded their data"),
        "accounts.user.erased": _("An account was erased at the person's request"),
        "accounts.token.created": _("%(actor)s created the API token %(object)s"),
        "accounts.token.revoked": _("%(actor)s revoked the API token %(object)s"),
        "accounts.invitation.created": _("%(actor)s invited %(object)s"),
        "accounts.invitation.revoked": _("%(actor)s withdrew the invitation for %(object)s"),
        "accounts.invitation.accepted": _("%(actor)s accepted the invitation for %(object)s"),
        "accounts.membership.created": _("%(actor)s received the role %(object)s"),
        "accounts.membership.removed": _("%(actor)s removed the role %(object)s"),
    }
)

__all__ = [
    "accept_invitation",
    "create_invitation",
    "create_token",
    "erase_person",
    "export_person",
    "find_invitation",
    "remove_membership",
    "revoke_invitation",
    "revoke_token",
    "send_invitation_email",
    "update_profile",
]
