"""Proposals between a need and a room: propose, answer (accept, decline with a reason, ask for a meeting),
turn an accepted proposal into a booking request, and follow it up after three months."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.core.audit import log_action
from buurtkracht.matching.models import Proposal, SpaceNeed
from buurtkracht.matching.services import notify
from buurtkracht.matching.services.engine import Batch, first_slot_date, match_need

FOLLOW_UP_AFTER = timedelta(days=91)
HOUSE, INITIATIVE = "house", "initiative"
A = Proposal.Answer


@transaction.atomic
def propose(*, actor, need: SpaceNeed, room_id: int, weekday: int, day_part: str, message: str = "",
            by_house: bool = False) -> Proposal:  # fmt: skip
    """Propose a room in a slot; the score and its inputs are computed now from the real bookings."""
    if need.status != SpaceNeed.Status.OPEN or need.initiative.status != "confirmed":
        raise ValidationError(_("This need is no longer open."))
    if weekday not in need.weekdays or day_part not in need.day_parts:
        raise ValidationError({"slot": [_("Choose one of the days and day parts the initiative asked for.")]})
    single = SpaceNeed(**{f.attname: getattr(need, f.attname) for f in SpaceNeed._meta.concrete_fields})
    single.weekdays, single.day_parts = [weekday], [day_part]
    single.initiative = need.initiative
    found = match_need(single, Batch.for_need(single), limit=1, room_id=room_id)
    if not found:
        raise ValidationError(
            {"room": [_("This room does not fit the need in this slot: it is too small, lacks a facility, is too "
                        "far away or is never free then.")]}
        )  # fmt: skip
    candidate = found[0]
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                need=need, house_id=candidate.house_id, room_id=room_id, weekday=weekday, day_part=day_part,
                start_time=candidate.start_time, duration_minutes=candidate.duration_minutes,
                score=Decimal(str(round(candidate.score, 3))), inputs=candidate.inputs, message=message.strip(),
                proposed_by=actor, house_answer=A.ACCEPTED if by_house else A.PENDING,
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("This room is already proposed for this slot.")) from None
    log_action(actor, "matching.proposal.created", proposal, house_id=proposal.house_id,
               network_id=need.initiative.network_id, data={"score": str(proposal.score), "by_house": by_house})  # fmt: skip
    notify.queue(proposal, "proposed")
    return proposal


@transaction.atomic
def answer(*, actor, proposal: Proposal, side: str, decision: str, reason: str = "") -> Proposal:
    """One side answers. Both accepting makes a booking request; a decline (with a reason) ends the proposal."""
    proposal = (
        Proposal.objects.select_for_update().select_related("need__initiative", "house", "room").get(pk=proposal.pk)
    )
    if proposal.status in (Proposal.Status.ACCEPTED, Proposal.Status.DECLINED):
        raise ValidationError(_("This proposal has already been decided."))
    if decision not in (A.ACCEPTED, A.DECLINED, A.MEETING):
        raise ValidationError({"decision": [_("Choose accept, decline or meet first.")]})
    reason = (reason or "").strip()
    if decision == A.DECLINED and not reason:
        raise ValidationError({"reason": [_("Tell the other side why you decline, in a sentence.")]})
    field = "house_answer" if side == HOUSE else "initiative_answer"
    setattr(proposal, field, decision)
    if reason:
        proposal.reason = reason
    if decision == A.DECLINED:
        proposal.status = Proposal.Status.DECLINED
        proposal.decided_at = timezone.now()
    elif decision == A.MEETING:
        proposal.status = Proposal.Status.MEETING
    proposal.save()
    initiative = proposal.need.initiative
    log_action(actor, "matching.proposal.answered", proposal, house_id=proposal.house_id,
               network_id=initiative.network_id, data={"side": side, "decision": decision, "reason": reason})  # fmt: skip
    if proposal.house_answer == A.ACCEPTED and proposal.initiative_answer == A.ACCEPTED:
        _accept(actor, proposal)
    notify.queue(proposal, "decided")
    return proposal


def _accept(actor, proposal: Proposal) -> None:
    """Book the slot as a request (series) for the initiative's organisation, so its renter category (and so
    the resident-initiative price) applies; then plan the follow-up."""
    from buurtkracht.bookings.models import BookingSeries
    from buurtkracht.bookings.services.series import create_series

    need = proposal.need
    initiative = need.initiative
    first = first_slot_date(need.start_date, proposal.weekday, timezone.localdate())
    series = create_series(
        actor=actor if getattr(actor, "is_authenticated", False) else None, house=proposal.house,
        room=proposal.room, title=need.activity[:150], kind=BookingSeries.Kind.WEEKLY, first_date=first,
        start_time=proposal.start_time, duration_minutes=proposal.duration_minutes, weekdays=[proposal.weekday],
        count=need.weeks, organisation=initiative.organisation, renter_name=initiative.contact_name,
        renter_email=initiative.email, renter_phone=initiative.phone, free_only=True,
        status=BookingSeries.Status.REQUESTED,
    )  # fmt: skip
    now = timezone.now()
    proposal.series = series
    proposal.status = Proposal.Status.ACCEPTED
    proposal.decided_at = now
    proposal.follow_up_on = timezone.localdate() + FOLLOW_UP_AFTER
    proposal.save()
    SpaceNeed.objects.filter(pk=need.pk).update(status=SpaceNeed.Status.MATCHED, matched_at=now)
    log_action(actor, "matching.proposal.accepted", proposal, house_id=proposal.house_id,
               network_id=initiative.network_id, organisation_id=initiative.organisation_id,
               data={"series": series.pk})  # fmt: skip


@transaction.atomic
def follow_up(*, actor, proposal: Proposal, working: bool, note: str = "") -> Proposal:
    if proposal.status != Proposal.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted match can be followed up."))
    proposal.follow_up_working = working
    proposal.follow_up_note = (note or "").strip()
    proposal.followed_up_at = timezone.now()
    proposal.follow_up_on = timezone.localdate() + FOLLOW_UP_AFTER if working else None
    proposal.save()
    log_action(actor, "matching.proposal.followed_up", proposal, house_id=proposal.house_id,
               network_id=proposal.need.initiative.network_id, data={"working": working})  # fmt: skip
    return proposal
