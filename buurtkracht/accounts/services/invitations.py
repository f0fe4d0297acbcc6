"""Invitations by e-mail: create (and send after commit), revoke, accept."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buurtkracht.accounts.models import Invitation, Membership, User
from buurtkracht.accounts.permissions import forget_access, require
from buurtkracht.accounts.scopes import (
    INVITE_PERMISSION,
    audit_ids,
    grantable_roles,
    scope_fields,
    scope_kind,
)
from buurtkracht.core.audit import log_action


@transaction.atomic
def create_invitation(*, actor, scope, email: str, role: str) -> tuple[Invitation, str]:
    """Invite ``email`` to take ``role`` in ``scope`` (a house, network or organisation).

    Returns the invitation and the secret token of the link; the e-mail goes out when the transaction
    commits. Refuses (403) someone who may not invite here, and (422) a role they may not give, an
    invalid address, someone who already has the role, or a second open invitation."""
    require(actor, INVITE_PERMISSION[scope_kind(scope)], scope)
    email = (email or "").strip().lower()
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter an e-mail address like name@example.org.")
    if role not in grantable_roles(actor, scope):
        errors["role"] = _("You cannot give this role here. Choose one of the roles in the list.")
    if errors:
        raise ValidationError(errors)
    fields = scope_fields(scope)
    if Membership.objects.filter(user__email__iexact=email, role=role, **fields).exists():
        raise ValidationError({"email": _("This person already has this role here.")})
    if Invitation.objects.open().filter(email__iexact=email, role=role, **fields).exists():
        raise ValidationError(
            {
                "email": _(
                    "This address already has an open invitation for this role. Withdraw it first to send a new one."
                )
            }
        )
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        token_hash=Invitation.hash(raw),
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=timezone.now() + timedelta(days=Invitation.VALID_DAYS),
        **fields,
    )
    log_action(actor, "accounts.invitation.created", invitation, data={"role": role}, **audit_ids(scope))
    transaction.on_commit(lambda: send_invitation_email(invitation.pk, raw))
    return invitation, raw


def invitation_link(raw: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=[raw])


def send_invitation_email(invitation_id: int, raw: str) -> None:
    """Send the invitation e-mail in the invitee's language (when they have an account) or Dutch."""
    invitation = (
        Invitation.objects.select_related("house", "network", "organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        return
    existing = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    language = existing.language if existing else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "scope": invitation.scope,
            "role": invitation.get_role_display(),
            "inviter": invitation.invited_by.display_name if invitation.invited_by else "Buurtkracht",
            "link": invitation_link(raw),
            "days": Invitation.VALID_DAYS,
            "expires_at": invitation.expires_at,
        }
        subject = " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
        body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, None, [invitation.email])


def find_invitation(raw: str) -> Invitation | None:
    """The invitation behind a link, whatever its state; ``None`` for an unknown token."""
    if not raw or len(raw) > 100:
        return None
    return (
        Invitation.objects.select_related("house", "network", "organisation", "invited_by")
        .filter(token_hash=Invitation.hash(raw))
        .first()
    )


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, actor) -> Invitation:
    """Withdraw an invitation that has not been used. Withdrawing it again changes nothing."""
    require(actor, "accounts.invitation:revoke", invitation)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted. Remove the role instead."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log_action(actor, "accounts.invitation.revoked", invitation, **audit_ids(invitation.scope))
    return invitation


def invitation_problem(invitation: Invitation | None, user=None) -> str | None:
    """Why this invitation cannot be accepted (a sentence for the page), or ``None`` when it can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link from the e-mail.")
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn. Ask the person who invited you for a new one.")
    if invitation.accepted_at is not None:
        if user is not None and invitation.accepted_by_id == getattr(user, "pk", None):
            return None
        return _("This invitation has already been used. Ask the person who invited you for a new one.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    return None


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user: User) -> Membership:
    """Give ``user`` the role of the invitation. Accepting the same invitation again returns the same
    membership; an expired, withdrawn or otherwise used invitation is refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    invitation.refresh_from_db()
    problem = invitation_problem(invitation, user)
    if problem:
        raise ValidationError(problem)
    fields = scope_fields(invitation.scope)
    if invitation.accepted_at is not None:
        # accepted before by this same person: the same membership, never a role that was taken away since
        membership = Membership.objects.filter(user=user, role=invitation.role, **fields).first()
        if membership is None:
            raise ValidationError(
                _("This invitation has already been used. Ask the person who invited you for a new one.")
            )
        return membership
    # compare-and-set: of two simultaneous accepts only one claims the invitation
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if claimed != 1:
        raise ValidationError(_("This invitation has already been used. Ask the person who invited you for a new one."))
    invitation.refresh_from_db()
    log_action(user, "accounts.invitation.accepted", invitation, **audit_ids(invitation.scope))
    membership, created = Membership.objects.get_or_create(user=user, role=invitation.role, **fields)
    if created:
        log_action(
            user,
            "accounts.membership.created",
            membership,
            data={"user_id": user.pk, "role": membership.role, "invitation": invitation.pk},
            **audit_ids(invitation.scope),
        )
        linked = _link_contact(membership)
        if linked:
            log_action(
                user,
                "organisations.contact.linked",
                membership.organisation,
                data={"user_id": user.pk, "contacts": linked},
                organisation_id=membership.organisation_id,
                network_id=membership.organisation.network_id,
            )
    forget_access(user)
    return membership


def _link_contact(membership: Membership) -> int:
    """A new contact of an organisation is linked to an existing contact record with their address."""
    if membership.organisation_id is None:
        return 0
    from buurtkracht.organisations.models import Contact

    return Contact.objects.filter(
        organisation_id=membership.organisation_id, user__isnull=True, email__iexact=membership.user.email
    ).update(user=membership.user)
