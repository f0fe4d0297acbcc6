"""Fetch people's tokens, invitations and memberships for the person asking: 404 when they may not even
know the object exists, 403 when they may see it but not act on it."""

from django.http import Http404

from buurtkracht.accounts.models import ApiToken, Invitation, Membership
from buurtkracht.accounts.permissions import require
from buurtkracht.accounts.scopes import can_invite


def _bounded(pk) -> int:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def get_token_for_user(user, pk) -> ApiToken:
    """Your own token (a platform admin may reach anyone's, to revoke a leaked one)."""
    tokens = ApiToken.objects.all() if user.is_superuser else ApiToken.objects.filter(user=user)
    token = tokens.filter(pk=_bounded(pk)).first()
    if token is None:
        raise Http404
    require(user, "accounts.token:manage", token)
    return token


def get_invitation_for_user(user, pk, *, perm: str | None = None) -> Invitation:
    """An invitation is known to whoever may invite in its scope (and to whoever sent it)."""
    invitation = Invitation.objects.select_related("house", "network", "organisation").filter(pk=_bounded(pk)).first()
    if invitation is None or not (invitation.invited_by_id == user.pk or can_invite(user, invitation.scope)):
        raise Http404
    if perm:
        require(user, perm, invitation)
    return invitation


def get_membership_for_user(user, pk, *, perm: str | None = None) -> Membership:
    """A role is known here to whoever may invite in its scope."""
    membership = (
        Membership.objects.select_related("user", "house", "network", "organisation").filter(pk=_bounded(pk)).first()
    )
    if membership is None or not can_invite(user, membership.scope):
        raise Http404
    if perm:
        require(user, perm, membership)
    return membership
