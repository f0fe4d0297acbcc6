from datetime import datetime

from ninja import Schema
from pydantic import Field, field_validator


def _refuse_nul(value):
    """PostgreSQL cannot store NUL in text (it answered 500); the HTML forms refuse it too. Nested input included."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Text cannot contain the NUL character (\\u0000).")
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_nul(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    return value


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters): no NUL character in any text."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        return _refuse_nul(value)


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
