"""API shapes for organisations. Inputs list their fields explicitly; contacts' personal data is a
separate output that only some people get."""

from typing import Literal

from ninja import Schema
from pydantic import Field

from buurtkracht.organisations.models import Organisation

Kind = Literal[tuple(Organisation.Kind.values)]
RenterCategory = Literal[tuple(Organisation.RenterCategory.values)]
Id = Field(..., ge=1, le=2**63 - 1)


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters). Text with a NUL character is refused for every
    operation by the API's parser (``buurtkracht/core/api_errors.py``), before any schema sees it."""


class ContactOut(Schema):
    id: int
    name: str
    function: str
    email: str
    phone: str
    is_primary: bool


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    renter_category: str
    network_id: int
    area_id: int | None
    description: str
    email: str
    phone: str
    website: str
    street: str
    postcode: str
    city: str
    registration_number: str
    is_active: bool


class OrganisationDetailOut(OrganisationOut):
    contacts: list[ContactOut] | None = Field(
        None, description="Only for those who may change the organisation or work in a house of its network."
    )

    @staticmethod
    def resolve_contacts(obj, context):
        from buurtkracht.accounts.permissions import has_perm

        if has_perm(context["request"].user, "organisations.contact:view", obj):
            return list(obj.contacts.all())
        return None


class OrganisationIn(InputSchema):
    network_id: int = Id
    name: str = Field(..., min_length=1, max_length=150)
    kind: Kind
    renter_category: RenterCategory | None = None
    description: str = Field("", max_length=5000)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    website: str = Field("", max_length=200)
    street: str = Field("", max_length=150)
    postcode: str = Field("", max_length=10)
    city: str = Field("", max_length=100)
    registration_number: str = Field("", max_length=20)


class OrganisationPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=150)
    kind: Kind | None = None
    renter_category: RenterCategory | None = None
    description: str | None = Field(None, max_length=5000)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30)
    website: str | None = Field(None, max_length=200)
    street: str | None = Field(None, max_length=150)
    postcode: str | None = Field(None, max_length=10)
    city: str | None = Field(None, max_length=100)
    registration_number: str | None = Field(None, max_length=20)
    is_active: bool | None = None
