"""API shapes for bookings. Input schemas are explicit and bounded; unknown fields are refused.
Times go out as ISO 8601 with the house's offset; dates in a series are house-local dates."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime, time
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, StringConstraints(max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Minutes = Annotated[int, Field(ge=0, le=1440)]
Weekday = Annotated[int, Field(ge=0, le=6)]
Kind = Literal["one_off", "weekly", "monthly", "dates"]


def _local(value: time) -> time:
    if value.tzinfo is not None:  # times are the house's local wall-clock times
        raise ValueError("Give a local time without a time zone, for example 19:30.")
    return value


LocalTime = Annotated[time, AfterValidator(_local)]


def _within_calendar(value: datetime) -> datetime:
    if not 1900 <= value.year <= 9000:  # near year 1 or 9999 the conversion to UTC leaves the calendar
        raise ValueError("Give a moment between the years 1900 and 9000.")
    return value


Moment = Annotated[datetime, AfterValidator(_within_calendar)]


class InputSchema(Schema):
    """Base of the input schemas (bodies and query filters). Text with a NUL character is refused for every
    operation by the API's parser (``buurtkracht/core/api_errors.py``), before any schema sees it."""


class Message(Schema):
    message: str


class _Strict(InputSchema):
    model_config = ConfigDict(extra="forbid")


class SeriesIn(_Strict):
    house: Slug
    room: Id
    title: Title
    kind: Kind = "one_off"
    first_date: Date
    start_time: LocalTime
    end_time: LocalTime | None = Field(None, description="Local end time; before the start means the next day")
    duration_minutes: Annotated[int, Field(ge=1, le=1440)] | None = None
    interval: Annotated[int, Field(ge=1, le=52)] = 1
    weekdays: Annotated[list[Weekday], Field(max_length=7)] = []
    month_week: Literal[1, 2, 3, 4, -1] | None = None
    dates: Annotated[list[Date], Field(max_length=10_000)] = []
    until_date: Date | None = None
    count: Annotated[int, Field(ge=1, le=100_000)] | None = None
    rrule: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        None, description="RFC 5545 RRULE instead of kind/interval/weekdays/month_week/until_date/count"
    )
    organisation: Id | None = None
    description: Annotated[str, StringConstraints(max_length=5000)] = ""
    renter_name: Annotated[str, StringConstraints(max_length=150)] = ""
    renter_email: Annotated[str, StringConstraints(max_length=254)] = ""
    renter_phone: Annotated[str, StringConstraints(max_length=30)] = ""
    setup_minutes: Minutes | None = None
    cleanup_minutes: Minutes | None = None
    skip_public_holidays: bool = False
    skip_school_holidays: bool = False
    skip_closures: bool = True
    option: bool = Field(False, description="Hold as an option (provisional) for 14 days")
    free_only: bool = Field(False, description="Book the free dates and skip the others instead of refusing")
    drop: Annotated[list[Date], Field(max_length=1000)] = Field([], description="Dates to leave out")

    @model_validator(mode="after")
    def _one_length(self):
        if self.end_time is None and self.duration_minutes is None:
            raise ValueError("Give end_time or duration_minutes.")
        return self


class SeriesPatch(_Strict):
    title: Title | None = None
    description: Annotated[str, StringConstraints(max_length=5000)] | None = None
    renter_name: Annotated[str, StringConstraints(max_length=150)] | None = None
    renter_email: Annotated[str, StringConstraints(max_length=254)] | None = None
    renter_phone: Annotated[str, StringConstraints(max_length=30)] | None = None


class MoveIn(_Strict):
    date: Date
    start_time: LocalTime
    end_time: LocalTime
    room: Id | None = None


class SplitIn(_Strict):
    at: Date
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    room: Id | None = None
    weekdays: Annotated[list[Weekday], Field(min_length=1, max_length=7)] | None = None
    until_date: Date | None = None
    title: Title | None = None
    free_only: bool = False


class DecisionIn(_Strict):
    occurrences: Annotated[list[Id], Field(max_length=1000)] = Field(
        [], description="Dates to decide on; empty means every waiting date of the series"
    )
    reason: Reason = ""


class ReasonIn(_Strict):
    reason: Reason = ""


class FeedIn(_Strict):
    scope: Literal["room", "house", "organisation"]
    id: Id
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    show_details: bool = False


class TrustIn(_Strict):
    organisation: Id


class DateCheckOut(Schema):
    date: Date
    start: datetime
    end: datetime
    state: str = Field(description="free, conflict, closed, public_holiday, school_holiday or past")
    bookable: bool
    reason: str
    conflicts: list[str]


class OccurrenceOut(Schema):
    id: int
    series: int
    room: int
    house: int
    organisation: int | None
    date: Date = Field(description="The date in the series (stays the same when the date is moved)")
    original_start: datetime
    start: datetime
    end: datetime
    status: str
    status_reason: str
    moved: bool
    is_exception: bool


class ExceptionOut(Schema):
    date: Date
    kind: str
    reason: str


class SeriesOut(Schema):
    id: int
    uid: str
    house: str
    room: int
    organisation: int | None
    title: str
    status: str
    kind: str
    interval: int
    weekdays: list[int]
    month_week: int | None
    first_date: Date
    until_date: Date | None
    count: int | None
    start_time: time
    duration_minutes: int
    time_zone: str
    setup_minutes: int
    cleanup_minutes: int
    provisional_until: Date | None
    rrule: str
    split_from: int | None


class SeriesDetailOut(SeriesOut):
    occurrences: list[OccurrenceOut]
    exceptions: list[ExceptionOut]


class SeriesFilters(InputSchema):
    house: Slug | None = None
    room: Id | None = None
    organisation: Id | None = None
    start: Moment | None = Field(None, description="Only series with a date ending after this moment")
    end: Moment | None = Field(None, description="Only series with a date starting before this moment")
    limit: Annotated[int, Field(ge=1, le=500)] = 100
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0


class FeedOut(Schema):
    id: int
    name: str
    scope: str
    scope_id: int
    show_details: bool
    hint: str
    created_at: datetime
    revoked_at: datetime | None


class FeedCreatedOut(FeedOut):
    url: str = Field(description="The subscription URL. Shown once: only a hash of its secret is kept.")


class ImportIn(_Strict):
    ics: Annotated[str, StringConstraints(min_length=1, max_length=1_048_576)] = Field(
        description="The text of an .ics file"
    )
    dry_run: bool = Field(True, description="Only show what would be booked")


class ImportGroupOut(Schema):
    uid: str
    title: str
    start_time: time
    duration_minutes: int
    already_imported: bool
    dates: list[DateCheckOut]


class ImportPreviewOut(Schema):
    notes: list[str]
    groups: list[ImportGroupOut]
    created: list[int] = []
