"""Schemas of the networks API: explicit output shapes and bounded filters."""

from typing import Annotated, Literal

from ninja import Field, Schema

Country = Literal["NL", "BE"]
Kind = Literal["municipality", "district", "submunicipality", "postcode"]
Code = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9]+$")]


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters). Text with a NUL character is refused for every
    operation by the API's parser (``buurtkracht/core/api_errors.py``), before any schema sees it."""


class Message(Schema):
    message: str


class AreaRef(Schema):
    country: Country
    kind: Kind
    code: str
    name: str


class AreaOut(AreaRef):
    parent: AreaRef | None = None
    province: str
    region: str
    latitude: float | None = None
    longitude: float | None = None
    attribution: str = Field(description="Who published the code and name; show it next to them.")


class AreaStatisticsOut(Schema):
    year: int
    source: str
    attribution: str = Field(description="Show this next to the figures, e.g. 'Bron: CBS'.")
    population: int | None = None
    area_km2: float | None = None
    urbanity: str = ""
    share_0_14: float | None = Field(None, description="Percentage of inhabitants aged 0–14")
    share_15_24: float | None = None
    share_25_44: float | None = None
    share_45_64: float | None = None
    share_65_plus: float | None = None
    share_low_income: float | None = Field(None, description="Percentage with an income in the national lowest 40%")
    share_high_income: float | None = None
    dwellings: int | None = None


class AreaDetailOut(AreaOut):
    latest_statistics: AreaStatisticsOut | None = Field(None, description="The figures of the most recent year")
    statistics: list[AreaStatisticsOut] = Field(description="All figures, newest first")


class AreaFilters(InputSchema):
    country: Country | None = None
    kind: Kind | None = None
    parent: Code | None = Field(None, description="Code of the area these areas lie in, e.g. GM0828 or 12014")
    q: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(None, description="Part of the name")


class NetworkOut(Schema):
    slug: str
    name: str
    kind: Literal["umbrella", "municipality", "leisure"]
    description: str
    website: str
    email: str
    is_public: bool
    url: str = Field(description="The public overview page")
    house_count: int = Field(description="Community centres of the network you may see")
    municipalities: list[AreaRef]


class NetworkDetailOut(NetworkOut):
    houses_api_url: str = Field(description="The houses of this network in the API")
