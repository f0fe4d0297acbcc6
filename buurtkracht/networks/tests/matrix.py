"""Who may use which networks route (see buurtkracht/lib/testing.py for the format)."""

from django.urls import reverse

from buurtkracht.lib.testing import CAST_ROLES, Row

EVERYONE = set(CAST_ROLES)


def _area_detail(cast) -> str:
    from buurtkracht.networks.tests.factories import DistrictFactory

    district = DistrictFactory(code="WK082806", name="Ruwaard")
    return reverse("api:areas_detail", args=["NL", "district", district.code])


MATRIX = [
    Row("networks:overview", "get", lambda cast: reverse("networks:overview", args=[cast.network_a.slug]), EVERYONE),
    Row(
        "networks:manage",
        "get",
        lambda cast: reverse("networks:manage", args=[cast.network_a.slug]),
        allowed={"coordinator", "officer"},
    ),
    Row(
        "networks:edit",
        "get",
        lambda cast: reverse("networks:edit", args=[cast.network_a.slug]),
        allowed={"coordinator"},
    ),
    Row(
        "networks:edit",
        "post",
        lambda cast: reverse("networks:edit", args=[cast.network_a.slug]),
        allowed={"coordinator"},
        payload=lambda cast: {"name": "Netwerk A (nieuw)", "description": "", "is_public": "on", "municipalities": ""},
    ),
    Row("api:networks_list", "get", lambda cast: reverse("api:networks_list"), EVERYONE, api=True),
    Row(
        "api:networks_detail",
        "get",
        lambda cast: reverse("api:networks_detail", args=[cast.network_a.slug]),
        EVERYONE,
        api=True,
    ),
    Row("api:areas_list", "get", lambda cast: reverse("api:areas_list"), EVERYONE, api=True),
    Row("api:areas_detail", "get", _area_detail, EVERYONE, api=True),
]

PUBLIC_ROUTES = {
    "networks:overview",
    "api:networks_list",
    "api:networks_detail",
    "api:areas_list",
    "api:areas_detail",
}
