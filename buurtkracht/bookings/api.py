"""/api/v1/bookings/: series and their dates, the per-date check, exceptions, decisions, feeds, trust
list and .ics import. Every operation goes through the permission layer and the same services as the
pages. Times are ISO 8601 with the house's offset."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from buurtkracht.accounts.permissions import has_perm, require
from buurtkracht.bookings.forms import minutes_between
from buurtkracht.bookings.getters import (
    get_feed_for_user,
    get_occurrence_for_series,
    get_organisation_for_user,
    get_series_for_user,
    organisations_to_book_for,
)
from buurtkracht.bookings.models import BookingSeries, ICalFeed, Occurrence, TrustedOrganisation
from buurtkracht.bookings.recurrence import fields_from_rrule
from buurtkracht.bookings.schemas import (
    DateCheckOut,
    DecisionIn,
    FeedCreatedOut,
    FeedIn,
    FeedOut,
    ImportIn,
    ImportPreviewOut,
    Message,
    MoveIn,
    OccurrenceOut,
    ReasonIn,
    SeriesDetailOut,
    SeriesFilters,
    SeriesIn,
    SeriesOut,
    SeriesPatch,
    SplitIn,
    TrustIn,
)
from buurtkracht.bookings.services import approval, exceptions, feeds, ics_import
from buurtkracht.bookings.services.series import build_rule, check_dates, create_series, update_series_details
from buurtkracht.houses.getters import get_house_for_user, get_room_for_user
from buurtkracht.houses.models import House

router = Router(tags=["bookings"])

ERRORS = {401: Message, 403: Message, 404: Message, 422: Message}
IdPath = Path(..., ge=1, le=2**63 - 1)
SlugPath = Path(..., max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")


# --- Output builders ---------------------------------------------------------------------------------


def _occurrence(o: Occurrence, tz: ZoneInfo) -> dict:
    return {
        "id": o.pk,
        "series": o.series_id,
        "room": o.room_id,
        "house": o.house_id,
        "organisation": o.organisation_id,
        "date": o.slot_date,
        "original_start": o.original_start.astimezone(tz),
        "start": o.start.astimezone(tz),
        "end": o.end.astimezone(tz),
        "status": o.status,
        "status_reason": o.status_reason,
        "moved": o.moved,
        "is_exception": o.is_exception,
    }


def _series(s: BookingSeries, *, detail: bool = False) -> dict:
    out = {
        "id": s.pk,
        "uid": str(s.uid),
        "house": s.house.slug,
        "room": s.room_id,
        "organisation": s.organisation_id,
        "title": s.title,
        "status": s.status,
        "kind": s.kind,
        "interval": s.interval,
        "weekdays": s.weekdays or [],
        "month_week": s.month_week,
        "first_date": s.first_date,
        "until_date": s.until_date,
        "count": s.count,
        "start_time": s.start_time,
        "duration_minutes": s.duration_minutes,
        "time_zone": s.time_zone,
        "setup_minutes": s.setup_minutes,
        "cleanup_minutes": s.cleanup_minutes,
        "provisional_until": s.provisional_until,
        "rrule": s.rrule,
        "split_from": s.split_from_id,
    }
    if detail:
        tz = ZoneInfo(s.time_zone)
        out["occurrences"] = [_occurrence(o, tz) for o in s.occurrences.order_by("slot_date")]
        out["exceptions"] = [
            {"date": e.slot_date, "kind": e.kind, "reason": e.reason} for e in s.exceptions.order_by("slot_date")
        ]
    return out


def _check(c) -> dict:
    return {
        "date": c.slot_date,
        "start": c.start,
        "end": c.end,
        "state": c.state,
        "bookable": c.bookable,
        "reason": c.reason(),
        "conflicts": c.conflicts,
    }


def _feed(feed: ICalFeed) -> dict:
    scope = "room" if feed.room_id else "house" if feed.house_id else "organisation"
    return {
        "id": feed.pk,
        "name": feed.name,
        "scope": scope,
        "scope_id": feed.room_id or feed.house_id or feed.organisation_id,
        "show_details": feed.show_details,
        "hint": feed.hint,
        "created_at": feed.created_at,
        "revoked_at": feed.revoked_at,
    }


# --- Requesting --------------------------------------------------------------------------------------


def _request_args(request, payload: SeriesIn) -> dict:
    """Check the person may request here, resolve house, room and organisation, build series fields."""
    house = get_house_for_user(request.user, payload.house, perm="bookings.booking:request")
    room = get_room_for_user(request.user, payload.room, house=house)
    organisation = None
    if payload.organisation:
        organisation = organisations_to_book_for(request.user, house).filter(pk=payload.organisation).first()
        if organisation is None:
            raise ValidationError({"organisation": [_("You cannot book on behalf of this organisation.")]})
    fields = {
        "kind": payload.kind,
        "interval": payload.interval,
        "weekdays": payload.weekdays,
        "month_week": payload.month_week,
        "dates": payload.dates,
        "until_date": payload.until_date,
        "count": payload.count,
    }
    if payload.rrule:
        fields.update(fields_from_rrule(payload.rrule, payload.first_date))
        fields["until_date"] = fields.get("until_date")
        fields["count"] = fields.get("count")
    if (
        fields["kind"] != "one_off"
        and organisation is None
        and not has_perm(request.user, "bookings.booking:approve", house)
    ):
        raise ValidationError(
            {
                "organisation": [
                    _("A repeating booking is made on behalf of an organisation. Choose your organisation first.")
                ]
            }
        )
    duration = payload.duration_minutes or _minutes(payload.start_time, payload.end_time)
    return {"house": house, "room": room, "organisation": organisation, "duration_minutes": duration, **fields}


def _minutes(start, end) -> int:
    if end <= start:
        raise ValidationError(
            {
                "end_time": [
                    _("The end time must be after the start time. For a booking past midnight, give duration_minutes.")
                ]
            }
        )
    return minutes_between(start, end)


@router.post("/series/check", response={200: list[DateCheckOut], **ERRORS}, operation_id="bookings_series_check",
             url_name="bookings_series_check")  # fmt: skip
def check_series(request, payload: SeriesIn):
    """The per-date answer for a series you are about to request: free, conflict, closed or holiday."""
    args = _request_args(request, payload)
    house, room = args["house"], args["room"]
    rule = build_rule(
        house=house, kind=args["kind"], first_date=payload.first_date, start_time=payload.start_time,
        duration_minutes=args["duration_minutes"], interval=args["interval"], weekdays=args["weekdays"],
        month_week=args["month_week"], dates=args["dates"], until_date=args["until_date"], count=args["count"],
    )  # fmt: skip
    checks = check_dates(
        house=house, room=room, rule=rule,
        setup_minutes=room.setup_minutes if payload.setup_minutes is None else payload.setup_minutes,
        cleanup_minutes=room.cleanup_minutes if payload.cleanup_minutes is None else payload.cleanup_minutes,
        skip_public_holidays=payload.skip_public_holidays, skip_school_holidays=payload.skip_school_holidays,
        viewer=request.user,
    )  # fmt: skip
    return [_check(c) for c in checks]


@router.post("/series", response={201: SeriesDetailOut, **ERRORS}, operation_id="bookings_series_create",
             url_name="bookings_series_create")  # fmt: skip
def create(request, payload: SeriesIn):
    """Request (or, as house staff, book) a one-off or repeating series. Refused with the list of dates
    that are not free, unless ``free_only`` is set."""
    args = _request_args(request, payload)
    series = create_series(
        actor=request.user, house=args["house"], room=args["room"], title=payload.title, kind=args["kind"],
        first_date=payload.first_date, start_time=payload.start_time, duration_minutes=args["duration_minutes"],
        organisation=args["organisation"], interval=args["interval"], weekdays=args["weekdays"],
        month_week=args["month_week"], dates=args["dates"], until_date=args["until_date"], count=args["count"],
        description=payload.description, renter_name=payload.renter_name, renter_email=payload.renter_email,
        renter_phone=payload.renter_phone, setup_minutes=payload.setup_minutes,
        cleanup_minutes=payload.cleanup_minutes, skip_public_holidays=payload.skip_public_holidays,
        skip_school_holidays=payload.skip_school_holidays, skip_closures=payload.skip_closures,
        option=payload.option, free_only=payload.free_only, drop=payload.drop,
    )  # fmt: skip
    return Status(201, _series(series, detail=True))


# --- Reading -----------------------------------------------------------------------------------------


def _filtered(request, filters: SeriesFilters, model):
    base = BookingSeries.objects.visible_to(request.user) if model is BookingSeries else None
    if model is Occurrence:
        base = Occurrence.objects.filter(series__in=BookingSeries.objects.visible_to(request.user))
    prefix = "" if model is Occurrence else "occurrences__"
    if filters.house:
        base = base.filter(house__slug=filters.house)
    if filters.room:
        base = base.filter(Q(**{f"{prefix}room_id": filters.room}))
    if filters.organisation:
        base = base.filter(organisation_id=filters.organisation)
    if filters.start:
        base = base.filter(**{f"{prefix}end__gt": filters.start})
    if filters.end:
        base = base.filter(**{f"{prefix}start__lt": filters.end})
    return base.distinct() if model is BookingSeries else base


@router.get("/series", response={200: list[SeriesOut], **ERRORS}, operation_id="bookings_series_list",
            url_name="bookings_series_list")  # fmt: skip
def list_series(request, filters: Query[SeriesFilters]):
    """Series you may see (your own, your organisation's, and those of houses you work for)."""
    rows = _filtered(request, filters, BookingSeries).select_related("house").order_by("first_date", "pk")
    return [_series(s) for s in rows[filters.offset : filters.offset + filters.limit]]


@router.get("/series/{int:series_id}", response={200: SeriesDetailOut, **ERRORS}, operation_id="bookings_series_get",
            url_name="bookings_series_get")  # fmt: skip
def get_series(request, series_id: int = IdPath):
    return _series(get_series_for_user(request.user, series_id), detail=True)


@router.patch("/series/{int:series_id}", response={200: SeriesOut, **ERRORS}, operation_id="bookings_series_update",
              url_name="bookings_series_update")  # fmt: skip
def update_series(request, payload: SeriesPatch, series_id: int = IdPath):
    """Change title, notes or renter details (dates stay)."""
    series = get_series_for_user(request.user, series_id, perm="bookings.series:change")
    changes = payload.dict(exclude_none=True)
    return _series(update_series_details(series, actor=request.user, **changes) if changes else series)


@router.get("/occurrences", response={200: list[OccurrenceOut], **ERRORS}, operation_id="bookings_occurrences_list",
            url_name="bookings_occurrences_list")  # fmt: skip
def list_occurrences(request, filters: Query[SeriesFilters]):
    """Dates you may see, filtered by house, room, organisation and time range."""
    rows = _filtered(request, filters, Occurrence).select_related("series").order_by("start", "pk")
    return [_occurrence(o, ZoneInfo(o.series.time_zone)) for o in rows[filters.offset : filters.offset + filters.limit]]


# --- Exceptions and edits ----------------------------------------------------------------------------


def _date(request, series_id: int, occurrence_id: int):
    series = get_series_for_user(request.user, series_id, perm="bookings.series:change")
    return series, get_occurrence_for_series(series, occurrence_id)


@router.post("/series/{int:series_id}/dates/{int:occurrence_id}/cancel", response={200: OccurrenceOut, **ERRORS},
             operation_id="bookings_date_cancel", url_name="bookings_date_cancel")  # fmt: skip
def cancel_date(request, payload: ReasonIn, series_id: int = IdPath, occurrence_id: int = IdPath):
    series, occurrence = _date(request, series_id, occurrence_id)
    occurrence = exceptions.cancel_date(occurrence, actor=request.user, reason=payload.reason)
    return _occurrence(occurrence, ZoneInfo(series.time_zone))


@router.post("/series/{int:series_id}/dates/{int:occurrence_id}/move", response={200: OccurrenceOut, **ERRORS},
             operation_id="bookings_date_move", url_name="bookings_date_move")  # fmt: skip
def move_date(request, payload: MoveIn, series_id: int = IdPath, occurrence_id: int = IdPath):
    series, occurrence = _date(request, series_id, occurrence_id)
    room = get_room_for_user(request.user, payload.room, house=series.house) if payload.room else None
    occurrence = exceptions.move_date(
        occurrence, actor=request.user, day=payload.date, start_time=payload.start_time,
        duration_minutes=_minutes(payload.start_time, payload.end_time), room=room,
    )  # fmt: skip
    return _occurrence(occurrence, ZoneInfo(series.time_zone))


@router.post("/series/{int:series_id}/dates/{int:occurrence_id}/readd", response={200: OccurrenceOut, **ERRORS},
             operation_id="bookings_date_readd", url_name="bookings_date_readd")  # fmt: skip
def readd_date(request, series_id: int = IdPath, occurrence_id: int = IdPath):
    series, occurrence = _date(request, series_id, occurrence_id)
    return _occurrence(exceptions.readd_date(occurrence, actor=request.user), ZoneInfo(series.time_zone))


@router.post("/series/{int:series_id}/split", response={200: SeriesDetailOut, **ERRORS},
             operation_id="bookings_series_split", url_name="bookings_series_split")  # fmt: skip
def split(request, payload: SplitIn, series_id: int = IdPath):
    """Change this date and all following; returns the new series that holds the later dates."""
    series = get_series_for_user(request.user, series_id, perm="bookings.series:change")
    changes: dict = {}
    if payload.room:
        changes["room"] = get_room_for_user(request.user, payload.room, house=series.house)
    start = payload.start_time or series.start_time
    if payload.start_time:
        changes["start_time"] = payload.start_time
    if payload.end_time:
        changes["duration_minutes"] = _minutes(start, payload.end_time)
    if payload.weekdays:
        changes["weekdays"] = payload.weekdays
    if payload.until_date:
        changes["until_date"] = payload.until_date
    if payload.title:
        changes["title"] = payload.title
    new = exceptions.split_series(series, at=payload.at, actor=request.user, free_only=payload.free_only, **changes)
    return _series(new, detail=True)


@router.post("/series/{int:series_id}/cancel", response={200: SeriesDetailOut, **ERRORS},
             operation_id="bookings_series_cancel", url_name="bookings_series_cancel")  # fmt: skip
def cancel_series(request, payload: ReasonIn, series_id: int = IdPath):
    series = get_series_for_user(request.user, series_id, perm="bookings.series:change")
    exceptions.cancel_series(series, actor=request.user, reason=payload.reason)
    return _series(series, detail=True)


# --- Decisions ---------------------------------------------------------------------------------------


def _targets(series, ids: list[int]):
    pending = list(series.occurrences.filter(status__in=approval.PENDING))
    if not ids:
        return pending
    chosen = [o for o in pending if o.pk in set(ids)]
    if len(chosen) != len(set(ids)):
        raise Http404("No such waiting date.")
    return chosen


@router.post("/series/{int:series_id}/approve", response={200: SeriesDetailOut, **ERRORS},
             operation_id="bookings_series_approve", url_name="bookings_series_approve")  # fmt: skip
def approve(request, payload: DecisionIn, series_id: int = IdPath):
    series = get_series_for_user(request.user, series_id, perm="bookings.booking:approve")
    approval.approve(_targets(series, payload.occurrences), actor=request.user, reason=payload.reason)
    return _series(series, detail=True)


@router.post("/series/{int:series_id}/decline", response={200: SeriesDetailOut, **ERRORS},
             operation_id="bookings_series_decline", url_name="bookings_series_decline")  # fmt: skip
def decline(request, payload: DecisionIn, series_id: int = IdPath):
    series = get_series_for_user(request.user, series_id, perm="bookings.booking:approve")
    approval.decline(_targets(series, payload.occurrences), actor=request.user, reason=payload.reason)
    return _series(series, detail=True)


@router.get("/waiting", response={200: list[OccurrenceOut], **ERRORS}, operation_id="bookings_waiting",
            url_name="bookings_waiting")  # fmt: skip
def waiting(request):
    """Requests and options that lapse soon, in the houses you run."""
    require(request.user, "bookings.approvals:view")
    return [_occurrence(o, ZoneInfo(o.house.time_zone)) for o in approval.waiting_for(request.user)[:500]]


# --- Trust list --------------------------------------------------------------------------------------


@router.get("/houses/{slug}/trusted", response={200: list[int], **ERRORS}, operation_id="bookings_trusted_list",
            url_name="bookings_trusted_list")  # fmt: skip
def trusted(request, slug: str = SlugPath):
    house = get_house_for_user(request.user, slug, perm="bookings.trust:change")
    return list(TrustedOrganisation.objects.filter(house=house).values_list("organisation_id", flat=True))


@router.post("/houses/{slug}/trusted", response={201: list[int], **ERRORS}, operation_id="bookings_trusted_add",
             url_name="bookings_trusted_add")  # fmt: skip
def trust(request, payload: TrustIn, slug: str = SlugPath):
    house = get_house_for_user(request.user, slug, perm="bookings.trust:change")
    organisation = get_organisation_for_user(request.user, payload.organisation)
    approval.trust(house=house, organisation=organisation, actor=request.user)
    return Status(201, list(TrustedOrganisation.objects.filter(house=house).values_list("organisation_id", flat=True)))


@router.delete("/houses/{slug}/trusted/{int:organisation_id}", response={200: list[int], **ERRORS},
               operation_id="bookings_trusted_remove", url_name="bookings_trusted_remove")  # fmt: skip
def distrust(request, slug: str = SlugPath, organisation_id: int = IdPath):
    house = get_house_for_user(request.user, slug, perm="bookings.trust:change")
    organisation = get_organisation_for_user(request.user, organisation_id)
    approval.distrust(house=house, organisation=organisation, actor=request.user)
    return list(TrustedOrganisation.objects.filter(house=house).values_list("organisation_id", flat=True))


# --- Feeds -------------------------------------------------------------------------------------------


@router.get("/feeds", response={200: list[FeedOut], **ERRORS}, operation_id="bookings_feeds_list",
            url_name="bookings_feeds_list")  # fmt: skip
def list_feeds(request):
    """Calendar feeds you manage (never their secrets)."""
    rows = ICalFeed.objects.select_related("room__house", "house", "organisation")[:1000]
    return [_feed(f) for f in rows if has_perm(request.user, "bookings.feed:manage", f.scope)]


@router.post("/feeds", response={201: FeedCreatedOut, **ERRORS}, operation_id="bookings_feeds_create",
             url_name="bookings_feeds_create")  # fmt: skip
def create_feed(request, payload: FeedIn):
    """Make a feed; the answer holds its URL, the only time you see it."""
    if payload.scope == "room":
        scope = get_room_for_user(request.user, payload.id)
    elif payload.scope == "house":
        scope = House.objects.visible_to(request.user).filter(pk=payload.id).first()
        if scope is None:
            raise Http404("No such house.")
    else:
        scope = get_organisation_for_user(request.user, payload.id)
    require(request.user, "bookings.feed:manage", scope)
    feed, raw = feeds.create_feed(actor=request.user, scope=scope, name=payload.name, show_details=payload.show_details)
    return Status(201, {**_feed(feed), "url": request.build_absolute_uri(reverse("bookings:ical_feed", args=[raw]))})


@router.delete("/feeds/{int:feed_id}", response={200: FeedOut, **ERRORS}, operation_id="bookings_feeds_revoke",
               url_name="bookings_feeds_revoke")  # fmt: skip
def revoke_feed(request, feed_id: int = IdPath):
    """Switch a feed off: its URL stops working at once."""
    return _feed(feeds.revoke_feed(get_feed_for_user(request.user, feed_id), actor=request.user))


# --- Import ------------------------------------------------------------------------------------------


@router.post("/rooms/{int:room_id}/import", response={200: ImportPreviewOut, 201: ImportPreviewOut, **ERRORS},
             operation_id="bookings_import", url_name="bookings_import")  # fmt: skip
def import_ics(request, payload: ImportIn, room_id: int = IdPath):
    """Import an .ics file into a room. With ``dry_run`` (the default) only the preview; else the free
    dates of every new event are booked (confirmed)."""
    room = get_room_for_user(request.user, room_id, perm="bookings.booking:import")
    data = payload.ics.encode()
    dry_run = payload.dry_run
    preview = ics_import.preview(data=data, room=room, viewer=request.user)
    created = [] if dry_run else ics_import.import_file(data=data, room=room, actor=request.user)
    out = {
        "notes": preview.notes,
        "groups": [
            {
                "uid": g.uid,
                "title": g.title,
                "start_time": g.start_time,
                "duration_minutes": g.duration_minutes,
                "already_imported": g.already_imported,
                "dates": [_check(c) for c in g.checks],
            }
            for g in preview.groups
        ],
        "created": [s.pk for s in created],
    }
    return Status(200 if dry_run else 201, out)


def _mount_search() -> None:
    from buurtkracht.bookings.search_api import router as search_router

    router.add_router("", search_router)


_mount_search()
