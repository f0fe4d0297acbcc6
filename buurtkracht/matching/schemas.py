"""API schemas of matching. Contact data travels only in ``InitiativeContactOut``, used only for viewers
allowed by ``matching.initiative:contact``."""

from datetime import date, time
from typing import Literal

from ninja import Schema
from pydantic import Field

Part = Literal["morning", "afternoon", "evening"]


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters). Text with a NUL character is refused for every
    operation by the API's parser (``buurtkracht/core/api_errors.py``), before any schema sees it."""


class NeedIn(InputSchema):
    activity: str = Field(..., max_length=150)
    group_size: int = Field(..., ge=1, le=1000)
    hours_per_week: str = Field(..., max_length=8)
    weekdays: list[int] = Field(default_factory=list, max_length=7)
    day_parts: list[Part] = Field(default_factory=list, max_length=3)
    start_date: date
    weeks: int = Field(..., ge=1, le=52)
    budget: str = Field(..., max_length=16, description="Euro, e.g. 250 or 250.50")
    max_distance_km: int = Field(15, ge=1, le=100)
    facilities: list[str] = Field(default_factory=list, max_length=20)
    wished_facilities: list[str] = Field(default_factory=list, max_length=20)
    step_free: bool = False


class SignupIn(InputSchema):
    name: str = Field(..., max_length=150)
    goal: str = Field(..., max_length=5000)
    themes: list[str] = Field(default_factory=list, max_length=20)
    target_groups: list[str] = Field(default_factory=list, max_length=20)
    support: list[str] = Field(default_factory=list, max_length=10)
    area: str = Field(..., max_length=16, description="Postcode or area code")
    contact_name: str = Field(..., max_length=150)
    email: str = Field(..., max_length=254)
    phone: str = Field("", max_length=30)
    language: Literal["nl", "en"] = "nl"
    weekly_digest: bool = False
    website: str = Field("", max_length=200, description="Leave empty (a trap for robots)")
    need: NeedIn


class ConfirmIn(InputSchema):
    token: str = Field(..., max_length=500)


class MessageOut(Schema):
    message: str


class InitiativeOut(Schema):
    id: int
    name: str
    goal: str
    themes: list[str]
    target_groups: list[str]
    support: list[str]
    area: str
    network_id: int


class InitiativeContactOut(InitiativeOut):
    contact_name: str
    email: str
    phone: str


class NeedOut(Schema):
    id: int
    activity: str
    group_size: int
    hours_per_week: str
    weekdays: list[int]
    day_parts: list[str]
    start_date: date
    weeks: int
    budget: str
    facilities: list[str]
    wished_facilities: list[str]
    step_free: bool
    status: str


class NeedDetailOut(NeedOut):
    initiative: InitiativeOut


class NeedWithContactOut(NeedOut):
    initiative: InitiativeContactOut


class CandidateOut(Schema):
    room_id: int
    room: str
    house_id: int
    house: str
    weekday: int
    day_part: str
    start_time: time
    duration_minutes: int
    score: float
    components: dict[str, float]
    explanation: str


class ProposeIn(InputSchema):
    room_id: int = Field(..., ge=1, le=2**63 - 1)
    weekday: int = Field(..., ge=0, le=6)
    day_part: Part
    message: str = Field("", max_length=1000)


class AnswerIn(InputSchema):
    decision: Literal["accepted", "declined", "meeting"]
    reason: str = Field("", max_length=1000)


class ProposalOut(Schema):
    id: int
    need_id: int
    house_id: int
    room_id: int
    weekday: int
    day_part: str
    start_time: time
    duration_minutes: int
    score: float
    explanation: str
    status: str
    house_answer: str
    initiative_answer: str
    reason: str
    series_id: int | None
    follow_up_on: date | None


class NumbersOut(Schema):
    network: str
    area: str
    received: int
    matched: int
    median_days: float | None
