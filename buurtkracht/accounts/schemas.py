from datetime import datetime
from typing import Literal

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
    expires_at: datetime | None = Field(..., description="After this moment the token answers 401; empty: no end.")
    read_only: bool = Field(..., description="A read-only token gets 403 on every method but GET, HEAD, OPTIONS.")


class TokenCreatedOut(TokenOut):
    secret: str = Field(..., description="Shown only in this answer; store it safely.")


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=100)
    days: Literal[30, 90, 365] = Field(90, description="How many days the token works.")
    read_only: bool = Field(False, description="Only GET, HEAD and OPTIONS; anything else answers 403.")
