"""Room bookings: series, their per-date occurrences, per-date exceptions, space claims, trust and feeds.

The data model (stable; other modules such as search and occupancy build on it)
-------------------------------------------------------------------------------
``BookingSeries``
    The rule that a renter asked for: house, room, optional organisation, title, booker, renter details,
    ``kind`` (one-off, weekly every ``interval`` weeks on ``weekdays``, monthly on the ``month_week``-th
    weekday, or explicit ``dates``), local ``start_time`` + ``duration_minutes`` (wall-clock minutes, so
    21:00 + 360 min ends at 03:00 local even across a DST change), ``first_date`` and ``until_date`` or
    ``count``, buffers, skip flags, ``provisional_until`` for options, the house ``time_zone`` and ``rrule``:
    the RFC 5545 text, generated from the fields (never parsed back). A one-off is a series of one date.

``Occurrence``
    One row per date the rule produces (``slot_date``, the local date of the rule instance, immutable;
    unique per series, the basis of the iCalendar ``RECURRENCE-ID`` = ``original_start``). Denormalised for
    fast range queries: ``room_id`` (the room actually used, a moved date may use another room),
    ``house_id``, ``organisation_id``, ``start``/``end`` (UTC), ``blocked_start``/``blocked_end`` (UTC,
    set-up and clean-up buffers included), ``local_date`` (the house-local date of ``start``) and ``status``.
    Indexes: (room, start), (house, start), (organisation, start), (status, expires_at).
    Occupying statuses: :data:`OCCUPYING` = requested, provisional, confirmed (requests occupy, so approving
    one never silently rejects another, bookings.md §7). Not occupying: declined, cancelled, expired.
    Free/busy of a room = no occupying occurrence whose [blocked_start, blocked_end) overlaps, in any room
    sharing a space unit (see ``SpaceClaim``). An option whose ``expires_at`` has passed no longer holds the
    room, even before the ``expire_options`` job has run: readers ignore it, writers release it first.

``SeriesException``
    Per-date exceptions, the source of truth that survives any change to the series: ``skipped`` (a date
    dropped when booking: holiday, closure, conflict or the requester's choice), ``cancelled`` and ``moved``
    (new room/start/end). Unique per (series, slot_date). Occurrences == expansion of the stored rule minus
    skipped/cancelled exceptions, with moves applied (tests prove it).

``SpaceClaim``
    The no-double-booking guard. One row per (occupying occurrence, atomic space unit). A room without parts
    is its own unit; a divisible hall (rooms with ``parent`` pointing at it) is the set of its parts, so
    booking the hall claims every part and booking a half claims that half. Rows exist only while the
    occurrence occupies. PostgreSQL: exclusion constraint ``bookings_spaceclaim_no_overlap`` (btree_gist,
    ``unit WITH =, tstzrange(blocked_start, blocked_end, '[)') WITH &&``). SQLite: BEFORE INSERT/UPDATE
    triggers that abort with ``bookings_space_overlap`` (writes are serialised by IMMEDIATE transactions).
    Both are created by vendor-guarded migration operations.

    Helpers for search and occupancy: ``services.conflicts.unit_map(room_ids)`` ({room: [unit ids]}, one
    query), ``unit_ids(room)``, ``related_room_ids(room)`` and ``find_conflicts(room, intervals)``.

``TrustedOrganisation``
    A house's list of organisations whose requests are approved at once.

``ICalFeed``
    A revocable calendar subscription for a room, a house or an organisation. Only the SHA-256 of the
    secret token is stored; the URL is shown once.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MAX_OCCURRENCES = 500
"""The most dates one series may have."""


class BookingSeriesQuerySet(models.QuerySet):
    def visible_to(self, user) -> BookingSeriesQuerySet:
        """Series a person may see in full: their own, their organisation's, and those of houses they read."""
        from buurtkracht.accounts.permissions import access_for
        from buurtkracht.accounts.roles import HOUSE_READERS

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        access = access_for(user)
        from buurtkracht.houses.models import House

        houses = House.objects.filter(access.house_q(HOUSE_READERS)).values("pk")
        return self.filter(
            Q(booker=user) | Q(organisation_id__in=list(access.organisation.keys())) | Q(house__in=houses)
        )


class BookingSeries(models.Model):
    """A booking: the rule (one-off or recurring) and who asked for it."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("once")
        WEEKLY = "weekly", _("every week or every few weeks")
        MONTHLY = "monthly", _("every month on a weekday")
        DATES = "dates", _("on chosen dates")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        PROVISIONAL = "provisional", _("option")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("option expired")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    house = models.ForeignKey("houses.House", on_delete=models.PROTECT, related_name="booking_series")
    room = models.ForeignKey(
        "houses.Room", on_delete=models.PROTECT, related_name="booking_series", verbose_name=_("room")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booking_series",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("what is it for"), max_length=150)
    description = models.TextField(_("notes"), blank=True)
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking_series",
        verbose_name=_("contact person"),
    )
    renter_name = models.CharField(_("renter name"), max_length=150, blank=True)
    renter_email = models.EmailField(_("renter e-mail address"), blank=True)
    renter_phone = models.CharField(_("renter phone number"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    status_reason = models.TextField(_("reason"), blank=True)

    kind = models.CharField(_("repeat"), max_length=10, choices=Kind.choices, default=Kind.ONE_OFF)
    interval = models.PositiveSmallIntegerField(_("every how many weeks"), default=1)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True, help_text="0 = Monday … 6 = Sunday")
    month_week = models.SmallIntegerField(_("which week of the month"), null=True, blank=True)
    dates = models.JSONField(_("dates"), default=list, blank=True, help_text="ISO dates for kind 'dates'")
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    first_date = models.DateField(_("first date"))
    until_date = models.DateField(_("up to and including"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("number of times"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=40)
    setup_minutes = models.PositiveSmallIntegerField(_("set-up time (minutes)"), default=0)
    cleanup_minutes = models.PositiveSmallIntegerField(_("clean-up time (minutes)"), default=0)
    skip_public_holidays = models.BooleanField(_("skip public holidays"), default=False)
    skip_school_holidays = models.BooleanField(_("skip school holidays"), default=False)
    skip_closures = models.BooleanField(_("skip days the house is closed"), default=True)
    provisional_until = models.DateField(_("option valid up to and including"), null=True, blank=True)
    rrule = models.TextField(_("iCalendar rule"), blank=True, editable=False)

    split_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="split_into")
    import_uid = models.CharField(max_length=255, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["first_date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["house", "status"], name="bookings_series_house_status"),
            models.Index(fields=["organisation", "first_date"], name="bookings_series_org_first"),
        ]
        constraints = [
            models.CheckConstraint(name="bookings_series_interval_positive", condition=Q(interval__gte=1)),
            models.CheckConstraint(name="bookings_series_duration_positive", condition=Q(duration_minutes__gte=1)),
            models.CheckConstraint(
                name="bookings_series_until_after_first",
                condition=Q(until_date__isnull=True) | Q(until_date__gte=F("first_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("bookings:series_detail", kwargs={"pk": self.pk})

    @property
    def is_recurring(self) -> bool:
        return self.kind != self.Kind.ONE_OFF


OCCUPYING = ("requested", "provisional", "confirmed")
"""Occurrence statuses that hold the room (and carry space claims)."""


class OccurrenceQuerySet(models.QuerySet):
    def occupying(self) -> OccurrenceQuerySet:
        return self.filter(status__in=OCCUPYING)

    def overlapping(self, start, end) -> OccurrenceQuerySet:
        """Occurrences whose booked time (without buffers) overlaps [start, end)."""
        return self.filter(start__lt=end, end__gt=start)

    def visible_to(self, user) -> OccurrenceQuerySet:
        return self.filter(series__in=BookingSeries.objects.visible_to(user))


class Occurrence(models.Model):
    """One date of a series, in UTC, with its own status."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        PROVISIONAL = "provisional", _("option")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("option expired")

    series = models.ForeignKey(BookingSeries, on_delete=models.CASCADE, related_name="occurrences")
    room = models.ForeignKey("houses.Room", on_delete=models.PROTECT, related_name="occurrences")
    house = models.ForeignKey("houses.House", on_delete=models.PROTECT, related_name="occurrences")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="occurrences"
    )
    slot_date = models.DateField(_("date in the series"))
    original_start = models.DateTimeField(_("start according to the series"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_start = models.DateTimeField()
    blocked_end = models.DateTimeField()
    local_date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    status_reason = models.TextField(_("reason"), blank=True)
    is_exception = models.BooleanField(default=False)
    moved = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("booked date")
        verbose_name_plural = _("booked dates")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["room", "start"], name="bookings_occ_room_start"),
            models.Index(fields=["house", "start"], name="bookings_occ_house_start"),
            models.Index(fields=["organisation", "start"], name="bookings_occ_org_start"),
            models.Index(fields=["status", "expires_at"], name="bookings_occ_status_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "slot_date"], name="bookings_occurrence_unique_slot"),
            models.CheckConstraint(name="bookings_occurrence_end_after_start", condition=Q(end__gt=F("start"))),
            models.CheckConstraint(
                name="bookings_occurrence_blocked_covers",
                condition=Q(blocked_start__lte=F("start"), blocked_end__gte=F("end")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series.title} {self.local_date}"

    @property
    def occupies(self) -> bool:
        return self.status in OCCUPYING


class SeriesException(models.Model):
    """A per-date change of a series that must survive edits: a skipped, cancelled or moved date."""

    class Kind(models.TextChoices):
        SKIPPED = "skipped", _("skipped")
        CANCELLED = "cancelled", _("cancelled")
        MOVED = "moved", _("moved")

    series = models.ForeignKey(BookingSeries, on_delete=models.CASCADE, related_name="exceptions")
    slot_date = models.DateField(_("date in the series"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    room = models.ForeignKey("houses.Room", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")
        ordering = ["series", "slot_date"]
        constraints = [
            models.UniqueConstraint(fields=["series", "slot_date"], name="bookings_exception_unique_slot"),
            models.CheckConstraint(
                name="bookings_exception_move_has_times",
                condition=~Q(kind="moved") | Q(start__isnull=False, end__isnull=False, room__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.slot_date} {self.kind}"


class SpaceClaim(models.Model):
    """An occupying occurrence's hold on one atomic space unit. The database refuses overlaps per unit."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="claims")
    unit = models.ForeignKey("houses.Room", on_delete=models.CASCADE, related_name="space_claims")
    blocked_start = models.DateTimeField()
    blocked_end = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["unit", "blocked_start"], name="bookings_claim_unit_start")]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "unit"], name="bookings_claim_unique_unit"),
            models.CheckConstraint(
                name="bookings_claim_end_after_start", condition=Q(blocked_end__gt=F("blocked_start"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.blocked_start}–{self.blocked_end}"


class TrustedOrganisation(models.Model):
    """An organisation whose requests for this house are approved at once."""

    house = models.ForeignKey("houses.House", on_delete=models.CASCADE, related_name="trusted_organisations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="trusted_by",
        verbose_name=_("organisation"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trusted organisation")
        verbose_name_plural = _("trusted organisations")
        constraints = [
            models.UniqueConstraint(fields=["house", "organisation"], name="bookings_trusted_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.house}"


class ICalFeedQuerySet(models.QuerySet):
    def active(self) -> ICalFeedQuerySet:
        return self.filter(revoked_at__isnull=True)


class ICalFeed(models.Model):
    """A calendar subscription URL for a room, a house or an organisation. Revocable; token stored hashed."""

    name = models.CharField(_("name"), max_length=100)
    room = models.ForeignKey("houses.Room", null=True, blank=True, on_delete=models.CASCADE, related_name="feeds")
    house = models.ForeignKey("houses.House", null=True, blank=True, on_delete=models.CASCADE, related_name="feeds")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="feeds"
    )
    show_details = models.BooleanField(_("show titles"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=8)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ICalFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="bookings_feed_one_scope",
                condition=(
                    Q(room__isnull=False, house__isnull=True, organisation__isnull=True)
                    | Q(room__isnull=True, house__isnull=False, organisation__isnull=True)
                    | Q(room__isnull=True, house__isnull=True, organisation__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def scope(self):
        return self.room or self.house or self.organisation

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
