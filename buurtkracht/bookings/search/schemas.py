"""API shapes for the free-space search and occupancy. Inputs are explicit and bounded."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from buurtkracht.bookings.search.request import MAX_CAPACITY, MAX_RADIUS_KM, MAX_WEEKS, REASONS

Slug = Annotated[str, StringConstraints(max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")]
Code = Annotated[str, StringConstraints(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")]


class Message(Schema):
    message: str


class SearchFilters(Schema):
    network: Slug | None = Field(None, description="Search every house of this network (slug)")
    lat: Annotated[float, Field(ge=-90, le=90)] | None = Field(None, description="With lon and radius_km")
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    postcode: Annotated[str, StringConstraints(max_length=10)] | None = Field(
        None, description="Instead of lat/lon: a Dutch postcode (its centre)"
    )
    country: Literal["NL", "BE"] = "NL"
    radius_km: Annotated[float, Field(gt=0, le=MAX_RADIUS_KM)] | None = Field(None, description="At most 100 km")
    min_capacity: Annotated[int, Field(ge=1, le=MAX_CAPACITY)] = 1
    facility: list[Code] = Field(default_factory=list, max_length=10, description="Facility codes; all required")
    accessible: bool = Field(False, description="Only wheelchair-accessible rooms")
    first_date: dt.date = Field(description="The (first) date, local to the house")
    weekday: Annotated[int, Field(ge=0, le=6)] | None = Field(
        None, description="0 = Monday … 6 = Sunday: start on the first such day from first_date"
    )
    weeks: Annotated[int, Field(ge=1, le=MAX_WEEKS)] = Field(1, description="1 = one date; n = weekly for n weeks")
    until_date: dt.date | None = Field(None, description="Instead of weeks: the last date")
    start_time: dt.time = Field(description="Local start of the time window")
    end_time: dt.time = Field(description="Local end of the time window (same day)")
    duration_minutes: Annotated[int, Field(ge=15, le=1440)] | None = Field(
        None, description="Shorter than the window: find the best start time inside it (15-minute steps)"
    )
    skip_public_holidays: bool = False
    skip_school_holidays: bool = False
    page: Annotated[int, Field(ge=1, le=1000)] = 1
    page_size: Annotated[int, Field(ge=1, le=100)] = 25


class NotFreeOut(Schema):
    date: dt.date
    reason: Literal[REASONS] = Field(description="booked, closed, outside_hours, holiday or past")
    note: str = Field(description="The closure reason or the holiday's name, where known")


class SearchResultOut(Schema):
    room_id: int
    room_name: str
    capacity: int
    divisible_hall: bool
    part_of: int | None = Field(description="The hall this room is a part of")
    house: str = Field(description="House slug")
    house_name: str
    city: str
    distance_km: float | None
    start_time: dt.time = Field(description="The start time with the most free dates (local)")
    end_time: dt.time
    free: int = Field(description="Number of requested dates that are free")
    total: int
    fully_free: bool
    not_free: list[NotFreeOut]
    request_url: str = Field(description="The page to request this booking")


class SearchPage(Schema):
    count: int = Field(description="Rooms that match the filters")
    fully_free: int = Field(description="Rooms free on every date")
    dates: list[dt.date]
    page: int
    page_size: int
    items: list[SearchResultOut]


class OccupancyFilters(Schema):
    period: Literal["week", "month", "year"] = "week"
    date: dt.date | None = Field(
        None,
        ge=dt.date(2000, 1, 1),
        le=dt.date(2999, 12, 31),  # the period around 9999-12-31 ends past the last date Python knows
        description="A day in the period (default: today)",
    )


class CategoryOut(Schema):
    code: str
    label: str
    hours: float
    share: int = Field(description="Percent of the booked hours")


class RoomOccupancyOut(Schema):
    room_id: int
    name: str
    part_of: int | None
    open_hours: float | None = Field(description="None when no opening hours are set")
    booked_hours: float
    occupancy: float | None = Field(description="0..1")
    by_category: dict[str, float]


class OccupancyOut(Schema):
    house: str
    period: str
    start: dt.date
    end: dt.date = Field(description="First day after the period")
    label: str
    open_hours: float | None
    booked_hours: float
    occupancy: float | None = Field(description="Floor-weighted over the physical spaces, 0..1")
    categories: list[CategoryOut]
    rooms: list[RoomOccupancyOut]
