"""Pages of matching: public sign-up and confirmation, the initiative's own page (secret link), the
coordinator's board, needs with their ranked rooms, proposals, house profiles, weights and mail settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtkracht.accounts.permissions import has_perm, require
from buurtkracht.houses.models import Facility, House
from buurtkracht.lib import ratelimit
from buurtkracht.matching import vocab
from buurtkracht.matching.forms import (
    SIGNUP_SCOPE,
    AnswerForm,
    FollowUpForm,
    MailForm,
    OfferForm,
    ProposeForm,
    SignupForm,
    WeightsForm,
    signup_limited,
    too_many_signups_message,
)
from buurtkracht.matching.getters import (
    contact_visible,
    get_initiative_by_token,
    get_need_for_user,
    get_proposal_for_user,
    needs_visible_to,
    visible_network_ids,
)
from buurtkracht.matching.models import HouseOffer, MailPreference, Proposal
from buurtkracht.matching.services import board as board_figures
from buurtkracht.matching.services import brokering, profiles, signup, stats
from buurtkracht.matching.services.capacity import spare_capacity
from buurtkracht.matching.services.engine import match_need, weights_for
from buurtkracht.networks.models import Network


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Public: sign-up, confirmation, the initiative's own page -------------------------------------------------


def signup_page(request):
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and signup_limited(request):
        form.add_error(None, too_many_signups_message())
        return render(request, "matching/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            ratelimit.count(SIGNUP_SCOPE, request)
            return redirect("matching:signup_sent")  # a robot filled the honeypot: pretend, save nothing
        try:
            signup.submit_signup(area=form.cleaned_data["area"], need=form.need_data(),
                                 language=request.LANGUAGE_CODE, **form.initiative_data())  # fmt: skip
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            ratelimit.count(SIGNUP_SCOPE, request)
            return redirect("matching:signup_sent")
    return render(request, "matching/signup.html", {"form": form}, status=422 if form.errors else 200)


def signup_sent(request):
    return render(request, "matching/signup_sent.html")


def confirm(request, token: str):
    if request.method == "POST":
        try:
            signup.confirm_signup(token=token)
        except ValidationError as exc:
            return render(request, "matching/confirm.html", {"error": exc.messages[0]}, status=404)
        messages.success(request, _("Thank you. Your initiative is signed up; the coordinator will contact you."))
        return redirect("matching:initiative_home", token=token)
    return render(request, "matching/confirm.html", {"token": token})


def _need_labels(need):
    """The need with its days and parts of the day as words (for ``_need_facts.html``)."""
    need.weekday_labels = vocab.labels(vocab.WEEKDAYS, need.weekdays)
    need.day_part_labels = vocab.labels(vocab.DAY_PARTS, need.day_parts)
    return need


def _proposal_words(proposal):
    """The proposal with its day, end time and reasons as words (for ``_proposal_facts.html``)."""
    start = datetime.combine(date.min, proposal.start_time)
    proposal.weekday_label = dict(vocab.WEEKDAYS).get(proposal.weekday, "")
    proposal.end_time = (start + timedelta(minutes=proposal.duration_minutes)).time()
    proposal.reasons = [part for part in proposal.explanation_text.split("; ") if part]
    return proposal


def initiative_home(request, token: str):
    initiative = get_initiative_by_token(token)
    proposals = list(
        Proposal.objects.filter(need__initiative=initiative)
        .exclude(status=Proposal.Status.DECLINED, initiative_answer="pending")
        .select_related("need", "house", "room", "series")
        .order_by("-proposed_at")
    )
    for proposal in proposals:
        _proposal_words(proposal)
        proposal.answer_form = AnswerForm(auto_id=f"id_p{proposal.pk}_%s")  # ids unique with several proposals
    needs = [_need_labels(need) for need in initiative.needs.order_by("-created_at")]
    context = {"initiative": initiative, "needs": needs, "proposals": proposals, "token": token}
    return render(request, "matching/initiative_home.html", context)


@require_POST
def initiative_answer(request, token: str, pk: int):
    initiative = get_initiative_by_token(token)
    proposal = get_object_or_404(Proposal.objects.select_related("need"), pk=pk, need__initiative=initiative)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            brokering.answer(actor=None, proposal=proposal, side=brokering.INITIATIVE,
                             decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you for your answer."))
    else:
        messages.error(request, _("Choose accept, decline or meet first."))
    return redirect("matching:initiative_home", token=token)


# --- Staff pages --------------------------------------------------------------------------------------------


def _coordinated(user):
    networks = Network.objects.filter(pk__in=visible_network_ids(user)).order_by("name")
    return [n for n in networks if has_perm(user, "matching.network:view", n)]


@login_required
def board(request):
    networks = _coordinated(request.user)
    needs_only = not networks
    if needs_only and not needs_visible_to(request.user).exists() and not visible_network_ids(request.user):
        raise PermissionDenied("matching.network:view")
    ids = [n.pk for n in networks]
    numbers = stats.numbers(ids) if ids else []
    table = [(total, [row for row in numbers if row["network"] == total["network"]])
             for total in (board_figures.network_totals(ids) if ids else [])]  # fmt: skip
    context = {
        "networks": networks,
        "board": stats.board(ids) if ids else None,
        "table": table,
        "needs": list(needs_visible_to(request.user).filter(status="open")
                      .select_related("initiative__area").order_by("created_at")[:200]),
        "may_enter": [n for n in networks if has_perm(request.user, "matching.network:coordinate", n)],
    }  # fmt: skip
    return render(request, "matching/board.html", context)


@login_required
def need_detail(request, pk: int):
    need = get_need_for_user(request.user, pk)
    initiative = need.initiative
    may_propose = has_perm(request.user, "matching.need:propose", need)
    candidates = match_need(need) if may_propose and need.status == "open" else []
    if may_propose and not has_perm(request.user, "matching.network:coordinate", initiative.network):
        own = {h for h in House.objects.filter(pk__in=[c.house_id for c in candidates])
               if has_perm(request.user, "matching.house:offer", h)}  # fmt: skip
        candidates = [c for c in candidates if c.house_id in {h.pk for h in own}]
    names = {f.code: f.name for f in Facility.objects.filter(code__in=[*need.facilities, *need.wished_facilities])}
    context = {
        "need": _need_labels(need), "initiative": initiative, "may_propose": may_propose,
        "ranked": [{"candidate": c, "reasons": [r for r in c.explanation.split("; ") if r]} for c in candidates],
        "show_contact": contact_visible(request.user, initiative),
        "facility_names": [names.get(code, code) for code in need.facilities],
        "wished_names": [names.get(code, code) for code in need.wished_facilities],
        "themes": vocab.labels(vocab.THEMES, initiative.themes),
        "groups": vocab.labels(vocab.TARGET_GROUPS, initiative.target_groups),
        "support": vocab.labels(vocab.SUPPORT, initiative.support),
        "proposals": need.proposals.select_related("house", "room").order_by("-proposed_at"),
    }  # fmt: skip
    return render(request, "matching/need_detail.html", context)


@login_required
@require_POST
def propose(request, pk: int):
    need = get_need_for_user(request.user, pk, perm="matching.need:propose")
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a room and a slot from the list."))
        return redirect("matching:need", pk=need.pk)
    data = form.cleaned_data
    coordinator = has_perm(request.user, "matching.network:coordinate", need.initiative.network)
    house = House.objects.filter(rooms__pk=data["room"]).first()
    if not coordinator and (house is None or not has_perm(request.user, "matching.house:offer", house)):
        raise PermissionDenied("matching.need:propose")
    try:
        proposal = brokering.propose(actor=request.user, need=need, room_id=data["room"], weekday=data["weekday"],
                                     day_part=data["day_part"], message=data["message"], by_house=not coordinator)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("matching:need", pk=need.pk)
    messages.success(request, _("The proposal has been sent to both sides."))
    return redirect("matching:proposal", pk=proposal.pk)


@login_required
def proposal_detail(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk)
    initiative = proposal.need.initiative
    context = {
        "proposal": _proposal_words(proposal), "initiative": initiative,
        "show_contact": contact_visible(request.user, initiative),
        "may_answer": has_perm(request.user, "matching.proposal:answer", proposal)
        and proposal.status in ("proposed", "meeting"),
        "may_follow_up": has_perm(request.user, "matching.proposal:follow_up", proposal) and proposal.status == "accepted",
        "answer_form": AnswerForm(), "follow_up_form": FollowUpForm(),
    }  # fmt: skip
    return render(request, "matching/proposal_detail.html", context)


@login_required
@require_POST
def proposal_answer(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk, perm="matching.proposal:answer")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            brokering.answer(actor=request.user, proposal=proposal, side=brokering.HOUSE,
                             decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your answer has been saved."))
    else:
        messages.error(request, _("Choose accept, decline or meet first."))
    return redirect("matching:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_follow_up(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk, perm="matching.proposal:follow_up")
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            brokering.follow_up(actor=request.user, proposal=proposal, working=form.cleaned_data["working"],
                                note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The check has been saved."))
    return redirect("matching:proposal", pk=proposal.pk)


def _network_for(user, slug: str, perm: str) -> Network:
    network = Network.objects.visible_to(user).filter(slug=slug).first()
    if network is None:
        raise Http404
    require(user, perm, network)
    return network


@login_required
def weights(request, slug: str):
    network = _network_for(request.user, slug, "matching.network:coordinate")
    current = {k: str(v) for k, v in weights_for(network.pk).items()}
    form = WeightsForm(request.POST if request.method == "POST" else None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.save_weights(actor=request.user, network=network, **form.values())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The weights have been saved."))
            return redirect("matching:weights", slug=network.slug)
    return render(request, "matching/weights.html", {"form": form, "network": network},
                  status=422 if form.errors else 200)  # fmt: skip


@login_required
def enter_initiative(request, slug: str):
    network = _network_for(request.user, slug, "matching.network:coordinate")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = signup.create_initiative(actor=request.user, network=network, area=form.cleaned_data["area"],
                                                  need=form.need_data(), **form.initiative_data())  # fmt: skip
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The initiative has been added."))
            return redirect("matching:need", pk=initiative.needs.first().pk)
    return render(request, "matching/enter_initiative.html", {"form": form, "network": network},
                  status=422 if form.errors else 200)  # fmt: skip


@login_required
def house_offer(request, slug: str):
    house = House.objects.visible_to(request.user).filter(slug=slug).first()
    if house is None:
        raise Http404
    require(request.user, "matching.house:offer", house)
    offer = HouseOffer.objects.filter(house=house).first()
    initial = {"hidden": offer.hidden, "themes": offer.themes, "target_groups": offer.target_groups,
               "offers": offer.offers, "note": offer.note} if offer else {}  # fmt: skip
    form = OfferForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.save_offer(actor=request.user, house=house, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The matching profile has been saved."))
            return redirect("matching:house_offer", slug=house.slug)
    network = house.networks.order_by("pk").first()
    capacity = spare_capacity(network_id=network.pk, house_ids={house.pk}) if network else {}
    context = {"house": house, "form": form, "capacity": capacity, "weekdays": vocab.WEEKDAYS,
               "day_parts": vocab.DAY_PARTS}  # fmt: skip
    return render(request, "matching/house_offer.html", context, status=422 if form.errors else 200)


@login_required
def mail_settings(request):
    current = MailPreference.objects.filter(user=request.user).first()
    form = MailForm(
        request.POST if request.method == "POST" else None,
        initial={"weekly_digest": bool(current and current.weekly_digest)},
    )
    if request.method == "POST" and form.is_valid():
        MailPreference.objects.update_or_create(
            user=request.user, defaults={"weekly_digest": form.cleaned_data["weekly_digest"]}
        )
        messages.success(request, _("Your e-mail setting has been saved."))
        return redirect("matching:mail")
    return render(request, "matching/mail.html", {"form": form})
