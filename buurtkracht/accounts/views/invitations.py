"""Inviting people to a house, network or organisation; withdrawing invitations and roles; accepting."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtkracht.accounts import services
from buurtkracht.accounts.forms import InvitationForm
from buurtkracht.accounts.getters import get_invitation_for_user, get_membership_for_user
from buurtkracht.accounts.links import invite_url, workplace_url
from buurtkracht.accounts.models import Invitation, Membership
from buurtkracht.accounts.scopes import get_scope_for_user, grantable_roles, scope_fields, scope_kind
from buurtkracht.accounts.services.invitations import invitation_problem


@login_required
def invite(request, scope: str, key: str):
    obj = get_scope_for_user(request.user, scope, key, perm="invite")
    roles = grantable_roles(request.user, obj)
    if not roles:
        raise PermissionDenied
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_invitation(
                actor=request.user, scope=obj, email=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("We have sent an invitation to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect(invite_url(obj))
    fields = scope_fields(obj)
    members = [
        {"membership": m, "removable": m.role in roles}
        for m in Membership.objects.filter(**fields)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    ]
    context = {
        "form": form,
        "scope": obj,
        "scope_kind": scope_kind(obj),
        "invitations": Invitation.objects.open().filter(**fields).select_related("invited_by"),
        "members": members,
        "back_url": _safe_workplace_url(obj),
    }
    return render(request, "accounts/invite.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def revoke(request, pk: int):
    invitation = get_invitation_for_user(request.user, pk, perm="accounts.invitation:revoke")
    try:
        services.revoke_invitation(invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect(invite_url(invitation.scope))


@login_required
@require_POST
def remove_member(request, pk: int):
    membership = get_membership_for_user(request.user, pk, perm="accounts.membership:remove")
    scope = membership.scope
    person, role = membership.user.display_name, membership.get_role_display()
    services.remove_membership(membership, actor=request.user)
    messages.success(request, _("%(person)s is no longer %(role)s.") % {"person": person, "role": role})
    return redirect(invite_url(scope))


def accept(request, token: str):
    invitation = services.find_invitation(token)
    user = request.user if request.user.is_authenticated else None
    problem = invitation_problem(invitation, user)
    if problem:
        status = 404 if invitation is None else 410
        return render(request, "accounts/invitation.html", {"problem": problem}, status=status)
    if user is None:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        query = urlencode({"next": request.get_full_path()})
        context = {
            "invitation": invitation,
            "login_url": f"{reverse('account_login')}?{query}",
            "signup_url": f"{reverse('account_signup')}?{query}",
        }
        return render(request, "accounts/invitation.html", context)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(invitation, user=user)
        except ValidationError as exc:
            return render(request, "accounts/invitation.html", {"problem": " ".join(exc.messages)}, status=410)
        messages.success(
            request,
            _("Welcome! You are now %(role)s of %(scope)s.")
            % {"role": membership.get_role_display(), "scope": membership.scope},
        )
        return redirect(_safe_workplace_url(membership.scope, membership.role) or reverse("core:dashboard"))
    already = invitation.accepted_by_id == user.pk
    context = {"invitation": invitation, "already": already, "other_address": invitation.email != user.email}
    return render(request, "accounts/invitation.html", context)


def _safe_workplace_url(scope, role=None) -> str | None:
    try:
        return workplace_url(scope, role)
    except NoReverseMatch:  # that page is not there (yet): callers fall back to the dashboard
        return None
