"""Two-factor authentication for staff, when ``BUURTKRACHT_REQUIRE_STAFF_MFA`` is on (ASVS 5.0 v5.0.0-6.3.3).

Staff are the people who read or change other people's data at scale: house managers, network coordinators,
municipality officers, platform admins (superusers) and anyone who may use ``/admin/``. Until such a person has an
authenticator app (allauth's TOTP), every page sends them to the page that sets one up; the account pages
(``/account/``: logout, e-mail, password, MFA, re-authentication) and the language switch stay open, and the JSON
API answers 403 to their session. Volunteers, organisation contacts and residents are not asked.

Off by default, so the embedded demo logs in with a password only; production turns it on
(docs/operations.md). Bearer tokens are not checked here: a token made before the switch keeps working until
it is revoked.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from buurtkracht.accounts.models import Membership
from buurtkracht.accounts.permissions import access_for

R = Membership.Role
STAFF_ROLES = frozenset({R.HOUSE_MANAGER, R.NETWORK_COORDINATOR, R.MUNICIPALITY_OFFICER})
"""Roles that must use a second factor (volunteers and organisation contacts are not asked)."""

OPEN_PREFIXES = ("/account/", "/i18n/")
"""Paths a person without an authenticator may still open: allauth's account pages and the language switch."""


def is_staff_member(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.is_staff or bool(access_for(user).roles & STAFF_ROLES)


def has_authenticator_app(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def needs_mfa_setup(user) -> bool:
    """A staff member with no authenticator app yet, while the requirement is on."""
    if not getattr(settings, "BUURTKRACHT_REQUIRE_STAFF_MFA", False):
        return False
    return is_staff_member(user) and not has_authenticator_app(user)


def _is_open(path: str) -> bool:
    static = (settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")
    return path.startswith(OPEN_PREFIXES) or path.startswith(static)


class StaffMfaRequiredMiddleware:
    """Sends staff without an authenticator app to allauth's TOTP setup (after the authentication middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "BUURTKRACHT_REQUIRE_STAFF_MFA", False)
            and request.user.is_authenticated
            and not _is_open(request.path)
            and needs_mfa_setup(request.user)
        ):
            message = _("Your role needs two-factor authentication. Set up an authenticator app to go on.")
            if request.path.startswith("/api/"):
                return JsonResponse({"message": message}, status=403)
            messages.warning(request, message)
            if request.headers.get("HX-Request") == "true":  # the whole page goes, not a fragment of it
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("mfa_activate_totp")
                return response
            return redirect("mfa_activate_totp")
        return self.get_response(request)
