"""Deciding on requests and options, the trust list, and the expiry of options.

Requests and options occupy the room while they wait (bookings.md §7), so approving one never pushes
another out. Declining frees the dates. Options (``provisional``) hold the room until ``expires_at``: the
write path releases lapsed options it runs into (``conflicts.release_lapsed_options``) and
:func:`expire_options` (management command ``expire_options``) sweeps the rest; running it twice changes
nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.bookings.events import occurrences_cancelled, occurrences_confirmed, send_after_commit
from buurtkracht.bookings.models import BookingSeries, Occurrence, TrustedOrganisation
from buurtkracht.bookings.services import conflicts, mail
from buurtkracht.bookings.services.describe import moment_words
from buurtkracht.bookings.services.series import refresh_series_status
from buurtkracht.core.audit import log_action

S = Occurrence.Status
PENDING = (S.REQUESTED, S.PROVISIONAL)


def _group(occurrences) -> dict[int, list[Occurrence]]:
    grouped: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        grouped[occurrence.series_id].append(occurrence)
    return grouped


def _pending(occurrences) -> list[Occurrence]:
    ids = [o.pk for o in occurrences]
    return list(
        Occurrence.objects.select_for_update()
        .filter(pk__in=ids, status__in=PENDING)
        .select_related("series__house", "room")
        .order_by("start")
    )


@transaction.atomic
def approve(occurrences, *, actor, reason: str = "") -> int:
    """Confirm the waiting dates among ``occurrences``. Returns how many were confirmed."""
    rows = _pending(occurrences)
    if not rows:
        raise ValidationError(_("There is nothing waiting for a decision here."))
    now = timezone.now()
    Occurrence.objects.filter(pk__in=[o.pk for o in rows]).update(
        status=S.CONFIRMED, status_reason=reason, decided_by=actor, decided_at=now, expires_at=None, updated_at=now
    )
    for items in _group(rows).values():
        series = items[0].series
        series.sequence += 1
        BookingSeries.objects.filter(pk=series.pk).update(sequence=series.sequence)
        refresh_series_status(series)
        log_action(actor, "bookings.occurrence.approved", series, house_id=series.house_id,
                   organisation_id=series.organisation_id,
                   data={"dates": [o.slot_date.isoformat() for o in items], "reason": reason})  # fmt: skip
        mail.after_decision(series, decision=S.CONFIRMED, reason=reason, dates=_words(items))
    send_after_commit(occurrences_confirmed, [o.pk for o in rows], actor=actor)
    return len(rows)


@transaction.atomic
def decline(occurrences, *, actor, reason: str) -> int:
    """Decline the waiting dates among ``occurrences`` with a reason; frees the room at once."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Tell the renter why you decline.")]})
    rows = _pending(occurrences)
    if not rows:
        raise ValidationError(_("There is nothing waiting for a decision here."))
    now = timezone.now()
    conflicts.release(o.pk for o in rows)
    Occurrence.objects.filter(pk__in=[o.pk for o in rows]).update(
        status=S.DECLINED, status_reason=reason.strip(), decided_by=actor, decided_at=now, updated_at=now
    )
    for items in _group(rows).values():
        series = items[0].series
        series.sequence += 1
        BookingSeries.objects.filter(pk=series.pk).update(sequence=series.sequence)
        refresh_series_status(series)
        log_action(actor, "bookings.occurrence.declined", series, house_id=series.house_id,
                   organisation_id=series.organisation_id,
                   data={"dates": [o.slot_date.isoformat() for o in items], "reason": reason})  # fmt: skip
        mail.after_decision(series, decision=S.DECLINED, reason=reason.strip(), dates=_words(items))
    # A waiting date is not charged, unless it was confirmed before a change sent it back for approval.
    send_after_commit(occurrences_cancelled, [o.pk for o in rows], actor=actor)
    return len(rows)


def _words(items: list[Occurrence]) -> list[str]:
    return [moment_words(o.start, o.end, o.series.time_zone) for o in items]


def approve_series(series: BookingSeries, *, actor, reason: str = "") -> int:
    return approve(list(series.occurrences.filter(status__in=PENDING)), actor=actor, reason=reason)


def decline_series(series: BookingSeries, *, actor, reason: str) -> int:
    return decline(list(series.occurrences.filter(status__in=PENDING)), actor=actor, reason=reason)


@transaction.atomic
def expire_options(*, now: datetime | None = None, actor=None) -> int:
    """Let every option past its expiry go. Idempotent. Returns how many dates expired.

    Sends no bookings event: an option was never confirmed, so there is nothing to charge or cancel."""
    now = now or timezone.now()
    rows = list(
        Occurrence.objects.select_for_update().filter(status=S.PROVISIONAL, expires_at__lt=now).select_related("series")
    )
    if not rows:
        return 0
    conflicts.release(o.pk for o in rows)
    Occurrence.objects.filter(pk__in=[o.pk for o in rows]).update(
        status=S.EXPIRED, status_reason=_("The option was not confirmed in time."), updated_at=now
    )
    for items in _group(rows).values():
        series = items[0].series
        refresh_series_status(series)
        log_action(actor, "bookings.occurrence.expired", series, house_id=series.house_id,
                   organisation_id=series.organisation_id, data={"dates": len(items)})  # fmt: skip
    return len(rows)


def waiting_for(user, *, soon: timedelta = timedelta(hours=48)):
    """What waits for this person: requests, and options that lapse soon, in houses they run."""
    from buurtkracht.accounts.roles import HOUSE_STAFF
    from buurtkracht.houses.models import House

    houses = House.objects.manageable_by(user, HOUSE_STAFF)
    now = timezone.now()
    return (
        Occurrence.objects.filter(house__in=houses, end__gt=now)
        .filter(Q(status=S.REQUESTED) | Q(status=S.PROVISIONAL, expires_at__lt=now + soon))
        .select_related("series", "room", "house", "organisation")
        .order_by("house__name", "series_id", "start")
    )


@transaction.atomic
def trust(*, house, organisation, actor) -> TrustedOrganisation:
    entry, created = TrustedOrganisation.objects.get_or_create(
        house=house, organisation=organisation, defaults={"added_by": actor}
    )
    if created:
        log_action(actor, "bookings.trust.added", organisation, house_id=house.pk, organisation_id=organisation.pk)
    return entry


@transaction.atomic
def distrust(*, house, organisation, actor) -> None:
    deleted, _detail = TrustedOrganisation.objects.filter(house=house, organisation=organisation).delete()
    if deleted:
        log_action(actor, "bookings.trust.removed", organisation, house_id=house.pk, organisation_id=organisation.pk)
