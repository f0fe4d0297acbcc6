"""A booking with its dates, and the actions per date: cancel, move, book again, approve, decline, and
change from a date onwards."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from buurtkracht.accounts.permissions import has_perm
from buurtkracht.bookings.forms import (
    DecideForm,
    MoveForm,
    ReasonForm,
    SplitForm,
    apply_service_errors,
    minutes_between,
)
from buurtkracht.bookings.getters import get_occurrence_for_series, get_series_for_user
from buurtkracht.bookings.models import OCCUPYING
from buurtkracht.bookings.recurrence import Rule, describe
from buurtkracht.bookings.services import approval, exceptions
from buurtkracht.bookings.services.describe import moment_words
from buurtkracht.core.audit import display_for
from buurtkracht.core.models import LogEntry


def _pending(series):
    return list(
        series.occurrences.filter(status__in=approval.PENDING, end__gt=timezone.now())
        .select_related("house")
        .order_by("start")
    )


@login_required
def series_detail(request, pk: int):
    series = get_series_for_user(request.user, pk)
    tz = ZoneInfo(series.time_zone)
    occurrences = list(series.occurrences.select_related("room", "house").order_by("slot_date"))
    skipped = set(series.exceptions.filter(kind="skipped").values_list("slot_date", flat=True))
    now = timezone.now()
    rows = [
        {
            "occurrence": o,
            "words": moment_words(o.start, o.end, series.time_zone),
            "local_start": o.start.astimezone(tz),
            "is_past": o.end <= now,
            "occupies": o.status in OCCUPYING,
            "skipped": o.status == "cancelled" and o.slot_date in skipped,
        }
        for o in occurrences
    ]
    can_change = has_perm(request.user, "bookings.series:change", series)
    can_approve = has_perm(request.user, "bookings.booking:approve", series.house)
    pending = _pending(series) if can_approve else []
    context = {
        "series": series,
        "pattern": describe(Rule.from_series(series)),
        "rows": rows,
        "can_change": can_change,
        "can_approve": can_approve,
        "decide_form": DecideForm(pending=pending) if pending else None,
        "future_rows": [r for r in rows if not r["is_past"]],
        "split_from": series.split_from if series.split_from_id else None,
        "split_into": list(series.split_into.all()),
        "history": _history(series) if can_approve else [],
        **_billing(request.user, series),
    }
    return render(request, "bookings/series_detail.html", context)


def _billing(user, series) -> dict:
    """The price of the dates waiting for a decision and a link to the billing page, when billing is installed
    (bookings works without it; the billing templates check who may see a price)."""
    if not apps.is_installed("buurtkracht.billing"):
        return {"show_price": False, "billing_url": None}
    allowed = has_perm(user, "billing.house:manage", series.house)
    return {
        "show_price": True,
        "billing_url": reverse("billing:series_billing", args=[series.pk]) if allowed else None,
    }


def _history(series) -> list:
    entries = (
        LogEntry.objects.filter(content_type__model="bookingseries", object_id=str(series.pk))
        .select_related("actor")
        .order_by("-created_at")[:20]
    )
    return [(entry.created_at, display_for(entry)) for entry in entries]


@login_required
@require_POST
def occurrence_cancel(request, pk: int, occurrence_id: int):
    series = get_series_for_user(request.user, pk, perm="bookings.series:change")
    occurrence = get_occurrence_for_series(series, occurrence_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        exceptions.cancel_date(occurrence, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The date is cancelled. The room is free again then."))
    return redirect(series.get_absolute_url())


@login_required
@require_POST
def occurrence_readd(request, pk: int, occurrence_id: int):
    series = get_series_for_user(request.user, pk, perm="bookings.series:change")
    occurrence = get_occurrence_for_series(series, occurrence_id)
    try:
        exceptions.readd_date(occurrence, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The date is booked again."))
    return redirect(series.get_absolute_url())


@login_required
def occurrence_move(request, pk: int, occurrence_id: int):
    series = get_series_for_user(request.user, pk, perm="bookings.series:change")
    occurrence = get_occurrence_for_series(series, occurrence_id)
    tz = ZoneInfo(series.time_zone)
    rooms = series.house.rooms.bookable()
    initial = {
        "day": occurrence.start.astimezone(tz).date(),
        "start_time": occurrence.start.astimezone(tz).time(),
        "end_time": occurrence.end.astimezone(tz).time(),
        "next_day": occurrence.end.astimezone(tz).date() > occurrence.start.astimezone(tz).date(),
        "room": occurrence.room_id,
    }
    form = MoveForm(request.POST or None, initial=initial, rooms=rooms)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exceptions.move_date(
                occurrence,
                actor=request.user,
                day=data["day"],
                start_time=data["start_time"],
                duration_minutes=minutes_between(data["start_time"], data["end_time"]),
                room=data["room"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The date is moved."))
            return redirect(series.get_absolute_url())
    context = {
        "series": series,
        "occurrence": occurrence,
        "words": moment_words(occurrence.start, occurrence.end, series.time_zone),
        "form": form,
    }
    return render(request, "bookings/occurrence_move.html", context)


@login_required
@require_POST
def decide(request, pk: int):
    series = get_series_for_user(request.user, pk, perm="bookings.booking:approve")
    pending = _pending(series)
    form = DecideForm(request.POST, pending=pending)
    if not pending:
        messages.error(request, _("There is nothing waiting for a decision here."))
        return redirect(series.get_absolute_url())
    if form.is_valid():
        chosen = set(form.cleaned_data["occurrences"])
        targets = [o for o in pending if o.pk in chosen] if chosen else pending
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == "approve":
                count = approval.approve(targets, actor=request.user, reason=reason)
                text = ngettext("%(count)s date approved.", "%(count)s dates approved.", count)
            else:
                count = approval.decline(targets, actor=request.user, reason=reason)
                text = ngettext("%(count)s date declined.", "%(count)s dates declined.", count)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, text % {"count": count})
            return redirect(series.get_absolute_url())
    messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect(series.get_absolute_url())


@login_required
def split(request, pk: int):
    series = get_series_for_user(request.user, pk, perm="bookings.series:change")
    if not series.is_recurring:
        messages.error(request, _("A one-off booking has one date: move that date instead."))
        return redirect(series.get_absolute_url())
    now = timezone.now()
    dates = list(series.occurrences.filter(start__gt=now).order_by("slot_date").values_list("slot_date", flat=True))
    tz = ZoneInfo(series.time_zone)
    first = series.occurrences.order_by("slot_date").first()
    initial = {
        "start_time": series.start_time,
        "end_time": (first.end.astimezone(tz).time() if first else None),
        "next_day": bool(first and first.end.astimezone(tz).date() > first.start.astimezone(tz).date()),
        "room": series.room_id,
    }
    form = SplitForm(request.POST or None, initial=initial, rooms=series.house.rooms.bookable(), dates=dates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            "start_time": data["start_time"],
            "duration_minutes": minutes_between(data["start_time"], data["end_time"]),
            "room": data["room"],
        }
        try:
            new = exceptions.split_series(
                series, at=data["at"], actor=request.user, free_only=data["free_only"], **changes
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The booking is changed from %(date)s onwards.") % {"date": _words(data["at"])})
            return redirect(new.get_absolute_url())
    return render(request, "bookings/series_split.html", {"series": series, "form": form})


def _words(day: date) -> str:
    from buurtkracht.bookings.services.describe import day_words

    return day_words(day)


@login_required
@require_POST
def series_cancel(request, pk: int):
    series = get_series_for_user(request.user, pk, perm="bookings.series:change")
    form = ReasonForm(request.POST)
    form.is_valid()
    count = exceptions.cancel_series(series, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    messages.success(
        request,
        ngettext("%(count)s date cancelled.", "%(count)s dates cancelled.", count) % {"count": count},
    )
    return redirect(series.get_absolute_url())
