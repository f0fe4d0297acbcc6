"""JSON API for networks and areas, under /api/v1/networks/.

Everything here is public reading (``auth=None``). Networks respect ``visible_to``: anyone sees public
networks, a logged-in person (session or bearer token) also the networks they hold a role in. Areas and
their statistics are public reference data (CBS, Statbel, Onroerend Erfgoed) with their attribution."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from buurtkracht.accounts.api_auth import api_viewer as _viewer
from buurtkracht.houses.models import House
from buurtkracht.networks.getters import get_network_for_user
from buurtkracht.networks.models import Area, AreaStatistics, Network
from buurtkracht.networks.schemas import (
    AreaDetailOut,
    AreaFilters,
    AreaOut,
    Code,
    Country,
    Kind,
    Message,
    NetworkDetailOut,
    NetworkOut,
)

router = Router(tags=["networks"])

READ_ERRORS = {404: Message, 422: Message}
SlugPath = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
DECIMAL_FIELDS = [
    "area_km2", "share_0_14", "share_15_24", "share_25_44", "share_45_64", "share_65_plus", "share_low_income",
    "share_high_income",
]  # fmt: skip


class AreaPagination(PageNumberPagination):
    """Ninja's page numbers, bounded (a huge page number must not reach the database as an offset)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=200)


# --- Output builders -------------------------------------------------------------------------------


def _ref(area: Area | None) -> dict | None:
    if area is None:
        return None
    return {"country": area.country, "kind": area.kind, "code": area.code, "name": area.name}


def _area(area: Area) -> dict:
    return {
        **_ref(area),
        "parent": _ref(area.parent),
        "province": area.province,
        "region": area.region,
        "latitude": area.latitude,
        "longitude": area.longitude,
        "attribution": area.attribution,
    }


def _statistics(row: AreaStatistics, area: Area) -> dict:
    data = {
        "year": row.year,
        "source": row.source,
        "attribution": "© Statbel" if area.country == Area.Country.BE else "Bron: CBS",
        "population": row.population,
        "urbanity": row.urbanity,
        "dwellings": row.dwellings,
    }
    for name in DECIMAL_FIELDS:
        value = getattr(row, name)
        data[name] = None if value is None else float(value)
    return data


def _networks(user, networks: list[Network]) -> list[dict]:
    counts = dict(
        House.objects.visible_to(user)
        .filter(networks__in=[n.pk for n in networks])
        .values_list("networks")
        .annotate(n=Count("pk", distinct=True))
        .values_list("networks", "n")
    )
    return [
        {
            "slug": network.slug,
            "name": network.name,
            "kind": network.kind,
            "description": network.description,
            "website": network.website,
            "email": network.email,
            "is_public": network.is_public,
            "url": reverse("networks:overview", args=[network.slug]),
            "house_count": counts.get(network.pk, 0),
            "municipalities": [_ref(area) for area in network.areas.all()],
        }
        for network in networks
    ]


# --- Networks --------------------------------------------------------------------------------------


@router.get("/", auth=None, response=list[NetworkOut], url_name="networks_list", operation_id="networks_list")
def list_networks(request):
    """Networks you may see: the public ones, and those you hold a role in."""
    user = _viewer(request)
    networks = list(
        Network.objects.visible_to(user)
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("country", "name")))
        .order_by("name")
    )
    return _networks(user, networks)


# --- Areas (declared before /{slug} so that "areas/" is never read as a network) --------------------


@router.get("/areas/", auth=None, response=list[AreaOut], url_name="areas_list", operation_id="areas_list")
@paginate(AreaPagination, page_size=50)
def list_areas(request, filters: Query[AreaFilters]):
    """Municipalities, districts (wijken), deelgemeenten and postcodes; filter by country, kind, the code of
    the area they lie in, and part of the name."""
    areas = Area.objects.select_related("parent").order_by("country", "kind", "name", "code")
    if filters.country:
        areas = areas.filter(country=filters.country)
    if filters.kind:
        areas = areas.filter(kind=filters.kind)
    if filters.parent:
        areas = areas.filter(parent__code=filters.parent.upper())
    if filters.q:
        term = filters.q.strip()
        areas = areas.filter(Q(name__icontains=term) | Q(code__iexact=term))
    return areas  # the schema reads the model (parent, attribution); ninja slices the page in SQL


@router.get(
    "/areas/{country}/{kind}/{code}",
    auth=None,
    response={200: AreaDetailOut, **READ_ERRORS},
    url_name="areas_detail",
    operation_id="areas_detail",
)
def get_area(request, country: Country, kind: Kind, code: Code):
    """One area with all its statistics (newest first) and the attribution to show with them."""
    area = (
        Area.objects.select_related("parent")
        .prefetch_related(Prefetch("statistics", queryset=AreaStatistics.objects.order_by("-year", "source")))
        .filter(country=country, kind=kind, code__iexact=code)
        .first()
    )
    if area is None:
        raise Http404("No such area.")
    statistics = [_statistics(row, area) for row in area.statistics.all()]
    return {**_area(area), "latest_statistics": statistics[0] if statistics else None, "statistics": statistics}


@router.get(
    "/{slug}",
    auth=None,
    response={200: NetworkDetailOut, **READ_ERRORS},
    url_name="networks_detail",
    operation_id="networks_detail",
)
def get_network(request, slug: str = SlugPath):
    user = _viewer(request)
    network = get_network_for_user(user, slug)
    (data,) = _networks(user, [network])
    return {**data, "houses_api_url": f"{reverse('api:houses_list')}?network={network.slug}"}
