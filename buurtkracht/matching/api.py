"""/api/v1/matching/: public sign-up and confirmation; needs, candidates, proposals and numbers for staff."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Path, Router, Status

from buurtkracht.accounts.permissions import has_perm, require
from buurtkracht.houses.models import House
from buurtkracht.lib import ratelimit
from buurtkracht.matching.forms import SIGNUP_SCOPE, signup_limited, too_many_signups_message
from buurtkracht.matching.getters import contact_visible, get_need_for_user, get_proposal_for_user, needs_visible_to
from buurtkracht.matching.schemas import (
    AnswerIn,
    CandidateOut,
    ConfirmIn,
    MessageOut,
    NeedDetailOut,
    NeedOut,
    NeedWithContactOut,
    NumbersOut,
    ProposalOut,
    ProposeIn,
    SignupIn,
)
from buurtkracht.matching.services import brokering, scoring, signup, stats
from buurtkracht.matching.services.engine import match_need
from buurtkracht.networks.models import Network

router = Router(tags=["matching"])
ID = Path(..., ge=1, le=2**63 - 1)


def _need(need) -> dict:
    return {
        "id": need.pk, "activity": need.activity, "group_size": need.group_size,
        "hours_per_week": str(need.hours_per_week), "weekdays": need.weekdays, "day_parts": need.day_parts,
        "start_date": need.start_date, "weeks": need.weeks, "budget": str(need.budget),
        "facilities": need.facilities, "wished_facilities": need.wished_facilities, "step_free": need.step_free,
        "status": need.status,
    }  # fmt: skip


def _initiative(initiative, contact: bool) -> dict:
    data = {
        "id": initiative.pk, "name": initiative.name, "goal": initiative.goal, "themes": initiative.themes,
        "target_groups": initiative.target_groups, "support": initiative.support, "area": initiative.area.name,
        "network_id": initiative.network_id,
    }  # fmt: skip
    if contact:
        data.update(contact_name=initiative.contact_name, email=initiative.email, phone=initiative.phone)
    return data


def _proposal(p) -> dict:
    return {
        "id": p.pk, "need_id": p.need_id, "house_id": p.house_id, "room_id": p.room_id, "weekday": p.weekday,
        "day_part": p.day_part, "start_time": p.start_time, "duration_minutes": p.duration_minutes,
        "score": float(p.score), "explanation": scoring.explanation(p.inputs), "status": p.status,
        "house_answer": p.house_answer, "initiative_answer": p.initiative_answer, "reason": p.reason,
        "series_id": p.series_id, "follow_up_on": p.follow_up_on,
    }  # fmt: skip


@router.post("/signup", auth=None, response={201: MessageOut, 429: MessageOut}, operation_id="matching_signup",
             url_name="matching_signup")  # fmt: skip
def signup_initiative(request, payload: SignupIn):
    """Sign up an initiative; it stays invisible until the e-mail address is confirmed (link by e-mail).
    At most ``MATCHING_SIGNUPS_PER_HOUR`` sign-ups per address per hour, counted with the HTML form (429)."""
    if signup_limited(request):
        return Status(429, {"message": too_many_signups_message()})
    data = payload.dict()
    need = data.pop("need")
    if data.pop("website"):
        ratelimit.count(SIGNUP_SCOPE, request)
        return Status(201, {"message": "ok"})  # honeypot: pretend, save nothing
    signup.submit_signup(area=data.pop("area"), need=need, **data)
    ratelimit.count(SIGNUP_SCOPE, request)
    return Status(201, {"message": "ok"})


@router.post("/confirm", auth=None, response=MessageOut, operation_id="matching_confirm", url_name="matching_confirm")
def confirm_initiative(request, payload: ConfirmIn):
    try:
        signup.confirm_signup(token=payload.token)
    except ValidationError:
        raise Http404 from None
    return {"message": "ok"}


@router.get("/needs", response=list[NeedOut], operation_id="matching_needs", url_name="matching_needs")
def list_needs(request):
    """Open needs in the networks you work in (without contact data)."""
    return [_need(n) for n in needs_visible_to(request.user).filter(status="open").order_by("created_at", "pk")[:500]]


@router.get("/needs/{int:need_id}", response={200: NeedWithContactOut | NeedDetailOut},
            operation_id="matching_need", url_name="matching_need")  # fmt: skip
def get_need(request, need_id: int = ID):
    need = get_need_for_user(request.user, need_id)
    contact = contact_visible(request.user, need.initiative)
    data = {**_need(need), "initiative": _initiative(need.initiative, contact)}
    return (NeedWithContactOut if contact else NeedDetailOut).model_validate(data)


@router.get("/needs/{int:need_id}/candidates", response=list[CandidateOut], operation_id="matching_candidates",
            url_name="matching_candidates")  # fmt: skip
def candidates(request, need_id: int = ID):
    need = get_need_for_user(request.user, need_id, perm="matching.need:propose")
    return [
        {"room_id": c.room_id, "room": c.room_name, "house_id": c.house_id, "house": c.house_name,
         "weekday": c.weekday, "day_part": c.day_part, "start_time": c.start_time,
         "duration_minutes": c.duration_minutes, "score": round(c.score, 3), "components": c.components,
         "explanation": c.explanation}
        for c in match_need(need)
    ]  # fmt: skip


@router.post("/needs/{int:need_id}/proposals", response={201: ProposalOut}, operation_id="matching_propose",
             url_name="matching_propose")  # fmt: skip
def propose(request, payload: ProposeIn, need_id: int = ID):
    need = get_need_for_user(request.user, need_id, perm="matching.need:propose")
    coordinator = has_perm(request.user, "matching.network:coordinate", need.initiative.network)
    house = House.objects.filter(rooms__pk=payload.room_id).first()
    if not coordinator and (house is None or not has_perm(request.user, "matching.house:offer", house)):
        raise PermissionDenied("matching.need:propose")
    proposal = brokering.propose(actor=request.user, need=need, room_id=payload.room_id, weekday=payload.weekday,
                                 day_part=payload.day_part, message=payload.message, by_house=not coordinator)  # fmt: skip
    return Status(201, _proposal(proposal))


@router.get("/proposals/{int:proposal_id}", response=ProposalOut, operation_id="matching_proposal",
            url_name="matching_proposal")  # fmt: skip
def get_proposal(request, proposal_id: int = ID):
    return _proposal(get_proposal_for_user(request.user, proposal_id))


@router.post("/proposals/{int:proposal_id}/answer", response=ProposalOut, operation_id="matching_answer",
             url_name="matching_answer")  # fmt: skip
def answer(request, payload: AnswerIn, proposal_id: int = ID):
    proposal = get_proposal_for_user(request.user, proposal_id, perm="matching.proposal:answer")
    proposal = brokering.answer(actor=request.user, proposal=proposal, side=brokering.HOUSE,
                                decision=payload.decision, reason=payload.reason)  # fmt: skip
    return _proposal(proposal)


@router.get("/networks/{int:network_id}/numbers", response=list[NumbersOut], operation_id="matching_numbers",
            url_name="matching_numbers")  # fmt: skip
def numbers(request, network_id: int = ID):
    network = Network.objects.visible_to(request.user).filter(pk=network_id).first()
    if network is None:
        raise Http404
    require(request.user, "matching.network:view", network)
    return stats.numbers([network.pk])
