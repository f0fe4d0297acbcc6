from datetime import datetime

from ninja import Schema
from pydantic import Field


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters). Text with a NUL character is refused for every
    operation by the API's parser (``buurtkracht/core/api_errors.py``), before any schema sees it."""


class MembershipOut(Schema):
    id: int
    role: str
    role_label: str
    scope_type: str
    scope_id: int
    scope_name: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    language: str
    memberships: list[MembershipOut]


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(..., description="Shown only in this answer; store it safely.")


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)
