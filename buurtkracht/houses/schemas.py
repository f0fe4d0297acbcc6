"""API shapes for houses and rooms. Input schemas are explicit and bounded; unknown fields are refused."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints, model_validator

MAX_ID = 2**63 - 1

Slug = Annotated[str, StringConstraints(max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")]
Code = Annotated[str, StringConstraints(max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
RoomName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
Country = Literal["NL", "BE"]
OwnerType = Literal["municipality", "housing_corporation", "residents", "other"]
HolidayRegion = Literal["nl_north", "nl_middle", "nl_south", "be_flemish", "be_french", "be_german"]
TimeZone = Literal["Europe/Amsterdam", "Europe/Brussels"]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Capacity = Annotated[int, Field(ge=1, le=100_000)]
FloorArea = Annotated[Decimal, Field(gt=0, le=Decimal("999999.9"), max_digits=7, decimal_places=1)]
Minutes = Annotated[int, Field(ge=0, le=1440)]
SortOrder = Annotated[int, Field(ge=0, le=32767)]
RoomId = Annotated[int, Field(ge=1, le=MAX_ID)]


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters). Text with a NUL character is refused for every
    operation by the API's parser (``buurtkracht/core/api_errors.py``), before any schema sees it."""


class Message(Schema):
    message: str


# --- Output ------------------------------------------------------------------------------------------


class AreaRef(Schema):
    code: str
    name: str
    kind: str


class OpeningPeriodOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    opens: time
    closes: time


class RoomOut(Schema):
    id: int
    name: str
    parent_id: int | None = Field(description="The whole hall when this room is a part of a divisible hall")
    capacity: int
    floor_area_m2: float | None
    facilities: list[str] = Field(description="Facility codes")
    accessibility_notes: str
    description: str
    is_bookable: bool
    setup_minutes: int
    cleanup_minutes: int
    sort_order: int


class HouseOut(Schema):
    id: int
    slug: str
    name: str
    url: str = Field(description="The public page")
    street: str
    postcode: str
    city: str
    country: str
    latitude: float | None
    longitude: float | None
    position_from_postcode: bool
    area: AreaRef | None = Field(description="District (wijk, kern or deelgemeente)")
    municipality: AreaRef | None
    networks: list[str] = Field(description="Slugs of the networks the house belongs to")
    max_capacity: int | None = Field(description="Capacity of the largest room")
    facilities: list[str] = Field(description="Facility codes present in any room")
    distance_km: float | None = Field(None, description="Only when searching near a point")


class HouseDetailOut(HouseOut):
    description: str
    accessibility: str
    email: str
    phone: str
    website: str
    time_zone: str
    owner_type: str
    holiday_region: str
    is_public: bool
    opening_hours: list[OpeningPeriodOut]
    rooms: list[RoomOut]


class HousePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[HouseOut]


# --- Input -------------------------------------------------------------------------------------------


class HouseFilters(InputSchema):
    network: Slug | None = Field(None, description="Network slug")
    area: Code | None = Field(None, description="District code, e.g. WK082806")
    municipality: Code | None = Field(None, description="Municipality code, e.g. GM0828 or 12014")
    facility: list[Code] = Field(default_factory=list, max_length=20, description="Facility codes; all required")
    min_capacity: Capacity | None = Field(None, description="At least one room for this many people")
    lat: Latitude | None = None
    lon: Longitude | None = None
    radius_km: Annotated[float, Field(gt=0, le=250)] | None = Field(None, description="With lat and lon")
    page: Annotated[int, Field(ge=1, le=100_000)] = 1
    page_size: Annotated[int, Field(ge=1, le=100)] = 25

    @model_validator(mode="after")
    def _near_complete(self):
        given = [v is not None for v in (self.lat, self.lon, self.radius_km)]
        if any(given) and not all(given):
            raise ValueError("lat, lon and radius_km go together")
        return self


class _Strict(InputSchema):
    model_config = ConfigDict(extra="forbid")

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_nulls(self):
        nulls = sorted(f for f in self.model_fields_set if getattr(self, f) is None and f not in self.NULLABLE)
        if nulls:
            raise ValueError(f"these fields cannot be null: {', '.join(nulls)}")
        return self


class _HouseBase(_Strict):
    @model_validator(mode="after")
    def _both_or_neither(self):
        lat, lon = "latitude" in self.model_fields_set, "longitude" in self.model_fields_set
        if lat != lon or (self.latitude is None) != (self.longitude is None):
            raise ValueError("send latitude and longitude together")
        return self


class HouseIn(_HouseBase):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"latitude", "longitude", "holiday_region", "time_zone"})

    network: Slug = Field(description="Slug of the network the house joins")
    name: Name
    street: Annotated[str, StringConstraints(max_length=150)] = ""
    postcode: Annotated[str, StringConstraints(max_length=10)] = ""
    city: Annotated[str, StringConstraints(max_length=100)] = ""
    country: Country = "NL"
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    description: LongText = ""
    accessibility: LongText = ""
    email: Annotated[str, StringConstraints(max_length=254)] = ""
    phone: Annotated[str, StringConstraints(max_length=30)] = ""
    website: Annotated[str, StringConstraints(max_length=200)] = ""
    owner_type: OwnerType = "other"
    holiday_region: HolidayRegion | None = Field(None, description="Default: from the province")
    time_zone: TimeZone | None = Field(None, description="Default: from the country")
    is_public: bool = True


class HousePatch(_HouseBase):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"latitude", "longitude", "area"})

    name: Name | None = None
    street: Annotated[str, StringConstraints(max_length=150)] | None = None
    postcode: Annotated[str, StringConstraints(max_length=10)] | None = None
    city: Annotated[str, StringConstraints(max_length=100)] | None = None
    country: Country | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    area: Code | None = Field(None, description="District code; null to let the postcode decide")
    description: LongText | None = None
    accessibility: LongText | None = None
    email: Annotated[str, StringConstraints(max_length=254)] | None = None
    phone: Annotated[str, StringConstraints(max_length=30)] | None = None
    website: Annotated[str, StringConstraints(max_length=200)] | None = None
    owner_type: OwnerType | None = None
    holiday_region: HolidayRegion | None = None
    time_zone: TimeZone | None = None
    is_public: bool | None = None


class RoomIn(_Strict):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"parent_id", "floor_area_m2"})

    name: RoomName
    capacity: Capacity
    parent_id: RoomId | None = Field(None, description="The whole hall, when this room is a part of it")
    floor_area_m2: FloorArea | None = None
    facilities: list[Code] = Field(default_factory=list, max_length=100)
    accessibility_notes: LongText = ""
    description: LongText = ""
    is_bookable: bool = True
    setup_minutes: Minutes = 0
    cleanup_minutes: Minutes = 0
    sort_order: SortOrder = 0


class RoomPatch(_Strict):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"parent_id", "floor_area_m2"})

    name: RoomName | None = None
    capacity: Capacity | None = None
    parent_id: RoomId | None = None
    floor_area_m2: FloorArea | None = None
    facilities: list[Code] | None = Field(None, max_length=100, description="Replaces the facilities")
    accessibility_notes: LongText | None = None
    description: LongText | None = None
    is_bookable: bool | None = None
    setup_minutes: Minutes | None = None
    cleanup_minutes: Minutes | None = None
    sort_order: SortOrder | None = None
