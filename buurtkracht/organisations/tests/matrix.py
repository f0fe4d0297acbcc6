"""Allow/deny rows for the pages and endpoints of organisations (see buurtkracht/lib/testing.py)."""

from django.urls import reverse

from buurtkracht.lib.testing import CAST_ROLES, Row
from buurtkracht.organisations.models import Contact

EVERYONE = set(CAST_ROLES) - {"anonymous"}
SEES_ORG_A = {"contact", "provider", "coordinator", "officer", "manager_a", "volunteer_a"}
HIDDEN = {"manager_b", "referrer", "stranger"}
EDITORS = {"contact", "coordinator"}


def _contact(cast) -> Contact:
    return Contact.objects.create(organisation=cast.organisation_a, name="Jan Jansen", email="jan@example.org")


ORG_PAYLOAD = {"name": "Vereniging A", "kind": "club", "description": "Biljart op dinsdag"}

MATRIX = [
    Row("organisations:list", "get", lambda cast: reverse("organisations:list"), allowed=EVERYONE),
    Row(
        "organisations:detail",
        "get",
        lambda cast: reverse("organisations:detail", args=[cast.organisation_a.pk]),
        allowed=SEES_ORG_A,
        not_found=HIDDEN,
    ),
    Row(
        "organisations:create",
        "get",
        lambda cast: reverse("organisations:create"),
        allowed={"coordinator", "manager_a", "manager_b"},
    ),
    Row(
        "organisations:edit",
        "get",
        lambda cast: reverse("organisations:edit", args=[cast.organisation_a.pk]),
        allowed=EDITORS,
        not_found=HIDDEN,
    ),
    Row(
        "organisations:edit",
        "post",
        lambda cast: reverse("organisations:edit", args=[cast.organisation_a.pk]),
        allowed=EDITORS,
        not_found=HIDDEN,
        payload=lambda cast: ORG_PAYLOAD,
    ),
    Row(
        "organisations:contacts",
        "get",
        lambda cast: reverse("organisations:contacts", args=[cast.organisation_a.pk]),
        allowed=EDITORS,
        not_found=HIDDEN,
    ),
    Row(
        "organisations:contacts",
        "post",
        lambda cast: reverse("organisations:contacts", args=[cast.organisation_a.pk]),
        allowed=EDITORS,
        not_found=HIDDEN,
        payload=lambda cast: {"name": "Piet de Vries", "email": "piet@example.org"},
    ),
    Row(
        "organisations:contact_edit",
        "post",
        lambda cast: reverse("organisations:contact_edit", args=[cast.organisation_a.pk, _contact(cast).pk]),
        allowed=EDITORS,
        not_found=HIDDEN,
        payload=lambda cast: {"name": "Jan Jansen", "function": "secretaris"},
    ),
    Row(
        "organisations:contact_delete",
        "post",
        lambda cast: reverse("organisations:contact_delete", args=[cast.organisation_a.pk, _contact(cast).pk]),
        allowed=EDITORS,
        not_found=HIDDEN,
    ),
    # API
    Row("api:organisations_list", "get", lambda cast: "/api/v1/organisations/", allowed=EVERYONE, api=True),
    Row(
        "api:organisations_detail",
        "get",
        lambda cast: f"/api/v1/organisations/{cast.organisation_a.pk}",
        allowed=SEES_ORG_A,
        not_found=HIDDEN,
        api=True,
    ),
    Row(
        "api:organisations_create",
        "post",
        lambda cast: "/api/v1/organisations/",
        allowed={"coordinator", "manager_a"},
        api=True,
        payload=lambda cast: {
            "network_id": cast.network_a.pk,
            "name": "Buurtpreventie Noord",
            "kind": "resident_initiative",
        },
    ),
    Row(
        "api:organisations_update",
        "patch",
        lambda cast: f"/api/v1/organisations/{cast.organisation_a.pk}",
        allowed=EDITORS,
        not_found=HIDDEN,
        api=True,
        payload=lambda cast: {"description": "Biljart op dinsdag"},
    ),
]

PUBLIC_ROUTES: set[str] = set()
