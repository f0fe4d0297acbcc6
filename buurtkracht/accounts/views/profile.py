"""The account page: name and language, roles, two-step verification, API tokens, privacy."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtkracht.accounts import services
from buurtkracht.accounts.forms import ProfileForm, TokenForm
from buurtkracht.accounts.getters import get_token_for_user
from buurtkracht.accounts.links import workplace_url
from buurtkracht.accounts.models import ApiToken, Membership
from buurtkracht.accounts.permissions import require
from buurtkracht.accounts.signals import set_language_cookie

NEW_TOKEN_SESSION_KEY = "accounts_new_token"


def role_phrase(membership) -> str:
    """'House manager of Huis A' in words."""
    return _("%(role)s of %(scope)s") % {"role": membership.get_role_display(), "scope": membership.scope}


def _roles(user) -> list[dict]:
    rows = []
    for membership in Membership.objects.filter(user=user).select_related("house", "network", "organisation"):
        try:
            url = workplace_url(membership.scope, membership.role)
        except NoReverseMatch:  # the page of that kind of scope is not there (yet): show the name only
            url = None
        rows.append(
            {
                "role": membership.get_role_display(),
                "scope": membership.scope,
                "url": url,
                "phrase": role_phrase(membership),
            }
        )
    return rows


def _page(request, *, profile_form=None, token_form=None, status=200):
    user = request.user
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    failed = next((f for f in (profile_form, token_form) if f is not None and f.errors), None)
    context = {
        "form": failed,
        "profile_form": profile_form or ProfileForm(initial={"name": user.name, "language": user.language}),
        "token_form": token_form or TokenForm(auto_id="token_%s"),
        "roles": _roles(user),
        "tokens": ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"),
        "now": timezone.now(),
        "new_token": new_token,
        "mfa_types": sorted({a.get_type_display() for a in Authenticator.objects.filter(user=user)}),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request):
    if request.method != "POST":
        return _page(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.update_profile(
                request.user, actor=request.user, name=form.cleaned_data["name"], language=form.cleaned_data["language"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        return _page(request, profile_form=form, status=422)
    translation.activate(request.user.language)
    messages.success(request, _("Your details have been saved."))
    response = redirect("accounts:profile")
    set_language_cookie(response, request.user.language)
    return response


@login_required
@require_POST
def token_create(request):
    require(request.user, "accounts.token:manage")
    form = TokenForm(request.POST, auto_id="token_%s")
    if form.is_valid():
        try:
            token, secret = services.create_token(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                read_only=form.cleaned_data["read_only"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = {
                "name": token.name,
                "secret": secret,
                "read_only": token.read_only,
                "expires": date_format(timezone.localtime(token.expires_at), "j F Y"),
            }
            return redirect("accounts:profile")
    return _page(request, token_form=form, status=422)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_token_for_user(request.user, pk)
    services.revoke_token(token, actor=request.user)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:profile")
