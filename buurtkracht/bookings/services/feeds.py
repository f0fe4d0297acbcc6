"""Calendar feeds: make one (the secret is returned once) and switch one off."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.bookings.models import ICalFeed
from buurtkracht.core.audit import log_action
from buurtkracht.houses.models import House, Room
from buurtkracht.organisations.models import Organisation


@transaction.atomic
def create_feed(*, actor, scope, name: str = "", show_details: bool = False) -> tuple[ICalFeed, str]:
    """Returns the feed and its secret token (only now; we keep only its hash)."""
    feed = ICalFeed(name=(name or "").strip() or str(scope), show_details=show_details, created_by=actor)
    if isinstance(scope, Room):
        feed.room, house_id, organisation_id = scope, scope.house_id, None
    elif isinstance(scope, House):
        feed.house, house_id, organisation_id = scope, scope.pk, None
    elif isinstance(scope, Organisation):
        feed.organisation, house_id, organisation_id = scope, None, scope.pk
    else:
        raise ValidationError(_("Choose a room, a house or an organisation for the calendar."))
    raw = ICalFeed.new_token()
    feed.token_hash = ICalFeed.hash(raw)
    feed.hint = raw[:6]
    feed.full_clean(exclude=["created_by"])
    feed.save()
    log_action(actor, "bookings.feed.created", feed, house_id=house_id, organisation_id=organisation_id,
               data={"show_details": show_details})  # fmt: skip
    return feed, raw


@transaction.atomic
def revoke_feed(feed: ICalFeed, *, actor) -> ICalFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        house_id = feed.house_id or (feed.room.house_id if feed.room_id else None)
        log_action(actor, "bookings.feed.revoked", feed, house_id=house_id, organisation_id=feed.organisation_id)
    return feed


def feed_for_token(raw: str) -> ICalFeed | None:
    if not raw or len(raw) > 100:
        return None
    return (
        ICalFeed.objects.active()
        .select_related("room", "house", "organisation")
        .filter(token_hash=ICalFeed.hash(raw))
        .first()
    )
