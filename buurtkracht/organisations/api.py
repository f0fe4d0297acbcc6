"""/api/v1/organisations/: list, read, create and change organisations (authenticated)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from pydantic import Field

from buurtkracht.accounts.permissions import require
from buurtkracht.networks.models import Network
from buurtkracht.organisations import services
from buurtkracht.organisations.getters import get_organisation_for_user
from buurtkracht.organisations.models import Organisation
from buurtkracht.organisations.schemas import (
    InputSchema,
    Kind,
    OrganisationDetailOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
)

router = Router(tags=["organisations"])


class OrganisationFilter(InputSchema):
    q: str | None = Field(None, max_length=100, description="Part of the name")
    kind: Kind | None = None
    network: int | None = Field(None, ge=1, le=2**63 - 1, description="Network id")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31)


@router.get("/", response=list[OrganisationOut], operation_id="organisations_list", url_name="organisations_list")
def list_organisations(request, filters: Query[OrganisationFilter]):
    """Organisations you can see: those you speak for, and those in the networks you work in."""
    qs = Organisation.objects.visible_to(request.user).order_by("name", "id")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q.strip())
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.network:
        qs = qs.filter(network_id=filters.network)
    return qs[filters.offset : filters.offset + filters.limit]


@router.get(
    "/{int:organisation_id}",
    response=OrganisationDetailOut,
    operation_id="organisations_detail",
    url_name="organisations_detail",
)
def get_organisation(request, organisation_id: int = Path(..., ge=1, le=2**63 - 1)):
    organisation = get_organisation_for_user(request.user, organisation_id, perm="organisations.organisation:view")
    return organisation


@router.post(
    "/", response={201: OrganisationDetailOut}, operation_id="organisations_create", url_name="organisations_create"
)
def create_organisation(request, payload: OrganisationIn):
    network = Network.objects.visible_to(request.user).filter(pk=payload.network_id).first()
    if network is None:
        raise Http404
    require(request.user, "organisations.organisation:create", network)
    data = payload.dict(exclude={"network_id"})
    organisation = services.create_organisation(actor=request.user, network=network, **data)
    return Status(201, organisation)


@router.patch(
    "/{int:organisation_id}",
    response=OrganisationDetailOut,
    operation_id="organisations_update",
    url_name="organisations_update",
)
def update_organisation(request, payload: OrganisationPatch, organisation_id: int = Path(..., ge=1, le=2**63 - 1)):
    organisation = get_organisation_for_user(request.user, organisation_id, perm="organisations.organisation:change")
    changes = payload.dict(exclude_unset=True)
    if any(v is None for v in changes.values()):
        raise ValidationError(_("Leave a field out to keep it; null is not a value here."))
    services.update_organisation(organisation, actor=request.user, **changes)
    return organisation
