"""Allow/deny rows for the pages and endpoints of accounts (see buurtkracht/lib/testing.py)."""

import itertools

from django.urls import reverse

from buurtkracht.accounts.models import ApiToken, Membership
from buurtkracht.lib.testing import CAST_ROLES, Row

PASSWORD = "correct horse battery staple"
EVERYONE = set(CAST_ROLES) - {"anonymous"}
_numbers = itertools.count(1)  # paths may be built more than once per cast (route coverage): fresh addresses


def _token_of_manager(cast) -> ApiToken:
    secret = ApiToken.new_secret()
    return ApiToken.objects.create(
        user=cast.manager_a, name="Koppeling", key_hash=ApiToken.hash(secret), hint=secret[:10]
    )


def _invitation_path(cast) -> str:
    from buurtkracht.accounts.services import create_invitation

    _invitation, raw = create_invitation(
        actor=cast.admin, scope=cast.house_a, email=f"nieuw{next(_numbers)}@example.org", role="house_volunteer"
    )
    return reverse("accounts:invitation", args=[raw])


def _open_invitation_for_house_a(cast):
    from buurtkracht.accounts.services import create_invitation

    invitation, _raw = create_invitation(
        actor=cast.admin, scope=cast.house_a, email=f"nieuw{next(_numbers)}@example.org", role="house_volunteer"
    )
    return invitation


def _volunteer_membership(cast) -> Membership:
    return Membership.objects.get(user=cast.volunteer_a, house=cast.house_a)


HOUSE_INVITERS = {"manager_a", "coordinator"}
ORG_VIEWERS_NOT_INVITING = {"provider", "officer", "manager_a", "volunteer_a"}
ORG_HIDDEN = {"manager_b", "referrer", "stranger"}

MATRIX = [
    Row("accounts:profile", "get", lambda cast: reverse("accounts:profile"), allowed=EVERYONE),
    Row(
        "accounts:profile",
        "post",
        lambda cast: reverse("accounts:profile"),
        allowed=EVERYONE,
        payload=lambda cast: {"name": "Nieuwe naam", "language": "en"},
    ),
    Row(
        "accounts:token_create",
        "post",
        lambda cast: reverse("accounts:token_create"),
        allowed=EVERYONE,
        payload=lambda cast: {"name": "Agenda-koppeling", "days": "90"},
    ),
    Row(
        "accounts:token_revoke",
        "post",
        lambda cast: reverse("accounts:token_revoke", args=[_token_of_manager(cast).pk]),
        allowed={"manager_a"},
        not_found=EVERYONE - {"manager_a"},
    ),
    Row("accounts:export", "get", lambda cast: reverse("accounts:export"), allowed=EVERYONE),
    Row(
        "accounts:export",
        "post",
        lambda cast: reverse("accounts:export"),
        allowed=EVERYONE,
        payload=lambda cast: {"password": PASSWORD},
    ),
    Row("accounts:erase", "get", lambda cast: reverse("accounts:erase"), allowed=EVERYONE),
    Row(
        "accounts:erase",
        "post",
        lambda cast: reverse("accounts:erase"),
        allowed=EVERYONE,
        payload=lambda cast: {"password": PASSWORD, "confirm": "on"},
    ),
    Row(
        "accounts:invite",
        "get",
        lambda cast: reverse("accounts:invite", args=["house", "huis-a"]),
        allowed=HOUSE_INVITERS,
    ),
    Row(
        "accounts:invite",
        "post",
        lambda cast: reverse("accounts:invite", args=["house", "huis-a"]),
        allowed=HOUSE_INVITERS,
        payload=lambda cast: {"email": "nieuw@example.org", "role": "house_volunteer"},
    ),
    Row(
        "accounts:invite (network)",
        "get",
        lambda cast: reverse("accounts:invite", args=["network", "netwerk-a"]),
        allowed={"coordinator"},
    ),
    Row(
        "accounts:invite (organisation)",
        "get",
        lambda cast: reverse("accounts:invite", args=["organisation", cast.organisation_a.pk]),
        allowed={"contact", "coordinator"},
        not_found=ORG_HIDDEN,
    ),
    Row(
        "accounts:invitation_revoke",
        "post",
        lambda cast: reverse("accounts:invitation_revoke", args=[_open_invitation_for_house_a(cast).pk]),
        allowed=HOUSE_INVITERS,
        not_found=EVERYONE - HOUSE_INVITERS,
    ),
    Row(
        "accounts:membership_remove",
        "post",
        lambda cast: reverse("accounts:membership_remove", args=[_volunteer_membership(cast).pk]),
        allowed=HOUSE_INVITERS,
        not_found=EVERYONE - HOUSE_INVITERS,
    ),
    Row("accounts:invitation", "get", _invitation_path, allowed=set(CAST_ROLES)),
    Row("accounts:invitation", "post", _invitation_path, allowed=EVERYONE),
    # API
    Row("api:me", "get", lambda cast: "/api/v1/me/", allowed=EVERYONE, api=True),
    Row("api:me_tokens", "get", lambda cast: "/api/v1/me/tokens", allowed=EVERYONE, api=True),
    Row(
        "api:me_tokens_create",
        "post",
        lambda cast: "/api/v1/me/tokens",
        allowed=EVERYONE,
        api=True,
        payload=lambda cast: {"name": "Koppeling"},
    ),
    Row(
        "api:me_tokens_revoke",
        "delete",
        lambda cast: f"/api/v1/me/tokens/{_token_of_manager(cast).pk}",
        allowed={"manager_a"},
        not_found=EVERYONE - {"manager_a"},
        api=True,
    ),
]

PUBLIC_ROUTES = {"accounts:invitation"}
