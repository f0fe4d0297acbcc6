"""Billing pages of one house: overview, billing details, rate cards, invoice runs, deposits, exports and the
revenue forgone."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtkracht.accounts.permissions import has_perm
from buurtkracht.billing.categories import category_labels
from buurtkracht.billing.documents import exports
from buurtkracht.billing.forms import (
    CategoryRatesForm,
    DepositForm,
    HouseProfileForm,
    InvoiceRunForm,
    NewVersionForm,
    RateCardForm,
    SurchargeForm,
    TierForm,
    apply_service_errors,
)
from buurtkracht.billing.getters import get_deposit, get_house_for_user, get_rate_card
from buurtkracht.billing.models import Deposit, HouseBillingProfile, Invoice, RateCard
from buurtkracht.billing.money import cents
from buurtkracht.billing.pricing import cost_covering_rate
from buurtkracht.billing.services import deposits as deposit_services
from buurtkracht.billing.services import invoices as invoice_services
from buurtkracht.billing.services import profiles, tariffs
from buurtkracht.billing.services.quotes import network_id_for
from buurtkracht.billing.services.reports import revenue_forgone as forgone_report
from buurtkracht.billing.services.retry import retrying
from buurtkracht.billing.views.invoices import rows_for
from buurtkracht.lib import ratelimit

VIEW, MANAGE = "billing.house:view", "billing.house:manage"


def card_facts(card: RateCard, rooms) -> dict:
    """The cost-covering rent of a card next to its list price, per room with a floor area."""
    rate = cost_covering_rate(
        yearly_costs=card.integral_yearly_costs, net_area_m2=card.net_lettable_area_m2,
        open_hours=card.open_hours_per_year, occupancy_percent=card.occupancy_target_percent,
    )  # fmt: skip
    per_room = []
    if rate is not None:
        for room in rooms:
            if room.floor_area_m2 and (card.room_id is None or card.room_id == room.pk):
                per_room.append({"room": room, "hourly": cents(rate * room.floor_area_m2)})
    return {"card": card, "rate_m2": rate, "per_room": per_room, "used": tariffs.is_used(card)}


@login_required
def house_overview(request, slug: str):
    house = get_house_for_user(request.user, slug, perm=VIEW)
    rooms = list(house.rooms.order_by("sort_order", "name"))
    today = timezone.localdate()
    cards = RateCard.objects.filter(house=house).select_related("room").order_by("-valid_from")
    invoices = Invoice.objects.filter(house=house).select_related("organisation").with_balance()
    context = {
        "house": house,
        "profile": HouseBillingProfile.objects.filter(house=house).first(),
        "cards": [card_facts(c, rooms) for c in cards],
        "current": [c for c in cards if c.valid_from <= today and (c.valid_until is None or c.valid_until >= today)],
        "drafts": rows_for(invoices.filter(status="draft").order_by("-pk")[:50]),
        "open": rows_for(invoices.still_to_pay().order_by("due_date")[:50]),
        "deposits": Deposit.objects.filter(house=house).exclude(status="settled").select_related("series")[:50],
        "can_manage": has_perm(request.user, MANAGE, house),
        "year": today.year,
    }
    return render(request, "billing/house_overview.html", context)


@login_required
def house_profile(request, slug: str):
    house = get_house_for_user(request.user, slug, perm=MANAGE)
    instance = HouseBillingProfile.objects.filter(house=house).first()
    initial = {} if instance else {
        "legal_name": house.name, "street": house.street, "postcode": house.postcode, "city": house.city,
        "country": house.country, "email": house.email, "phone": house.phone,
        "number_prefix": "".join(ch for ch in house.slug.upper() if ch.isalnum())[:4] or "F",
    }  # fmt: skip
    form = HouseProfileForm(request.POST or None, instance=instance, initial=initial, house=house)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.save_house_profile(actor=request.user, house=house, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The billing details are saved."))
            return redirect("billing:house_overview", slug=house.slug)
    return render(request, "billing/house_profile.html", {"house": house, "form": form},
                  status=422 if form.errors else 200)  # fmt: skip


@login_required
def rate_card_create(request, slug: str):
    house = get_house_for_user(request.user, slug, perm=MANAGE)
    form = RateCardForm(request.POST or None, house=house, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            card = tariffs.create_rate_card(actor=request.user, house=house, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The rate card is added. Now set the prices per renter category."))
            return redirect("billing:rate_card_detail", slug=house.slug, card_id=card.pk)
    return render(request, "billing/rate_card_form.html", {"house": house, "form": form},
                  status=422 if form.errors else 200)  # fmt: skip


def _card_forms(request, house, card, *, bound: str | None):
    labels = category_labels(network_id_for(house))
    rates = {r.category: r for r in card.category_rates.all()}
    data = request.POST if request.method == "POST" else None
    return {
        "card_form": RateCardForm(data if bound == "card" else None, instance=card, house=house),
        "categories_form": CategoryRatesForm(data if bound == "categories" else None, labels=labels, rates=rates),
        "tier_form": TierForm(data if bound == "tier" else None),
        "surcharge_form": SurchargeForm(data if bound == "surcharge" else None),
        "version_form": NewVersionForm(data if bound == "version" else None),
    }


@login_required
def rate_card_detail(request, slug: str, card_id: int):
    house = get_house_for_user(request.user, slug, perm=VIEW)
    card = get_rate_card(house, card_id)
    bound = request.POST.get("form") if request.method == "POST" else None
    if bound and not has_perm(request.user, MANAGE, house):
        raise PermissionDenied(MANAGE)
    forms = _card_forms(request, house, card, bound=bound)
    if bound:
        form = forms.get(f"{bound}_form")
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                target = _save_card_form(bound, form, card=card, actor=request.user)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The rate card is saved."))
                return redirect("billing:rate_card_detail", slug=house.slug, card_id=target.pk)
    rooms = list(house.rooms.order_by("sort_order", "name"))
    context = {
        "house": house, "card": card, "facts": card_facts(card, rooms), **forms,
        "labels": category_labels(network_id_for(house)), "can_manage": has_perm(request.user, MANAGE, house),
        "rates": card.category_rates.all(), "tiers": card.tiers.all(), "surcharges": card.surcharges.all(),
        "form": next((f for f in forms.values() if f.is_bound and f.errors), None),
    }  # fmt: skip
    has_errors = any(f.is_bound and f.errors for f in forms.values())
    return render(request, "billing/rate_card_detail.html", context, status=422 if has_errors else 200)


def _save_card_form(bound: str, form, *, card: RateCard, actor) -> RateCard:
    if bound == "card":
        changes = {k: v for k, v in form.cleaned_data.items() if getattr(card, k) != v}
        return tariffs.update_rate_card(card, actor=actor, **changes) if changes else card
    if bound == "categories":
        from django.db import transaction

        with transaction.atomic():
            for category, values in form.per_category().items():
                tariffs.set_category_rate(
                    card, category=category, actor=actor,
                    **{k: (v if v is not None else (None if k == "own_price" else 0)) for k, v in values.items()},
                )  # fmt: skip
        return card
    if bound == "tier":
        tariffs.add_tier(card, actor=actor, **form.cleaned_data)
        return card
    if bound == "surcharge":
        tariffs.add_surcharge(card, actor=actor, **form.cleaned_data)
        return card
    return tariffs.new_version(card, actor=actor, valid_from=form.cleaned_data["valid_from"])


@login_required
def invoice_run(request, slug: str):
    house = get_house_for_user(request.user, slug, perm=MANAGE)
    form = InvoiceRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = retrying(
                lambda: invoice_services.run_invoices(
                    actor=request.user, house=house, period_start=data["period_start"], period_end=data["period_end"],
                    issue_now=data["issue"],
                )
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s invoices are made.") % {"count": len(made)})
            return redirect("billing:house_overview", slug=house.slug)
    return render(request, "billing/invoice_run.html", {"house": house, "form": form},
                  status=422 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def deposit_update(request, slug: str, deposit_id: int):
    house = get_house_for_user(request.user, slug, perm=MANAGE)
    deposit = get_deposit(house, deposit_id)
    form = DepositForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "receive":
                deposit_services.receive_deposit(deposit, actor=request.user)
            else:
                deposit_services.settle_deposit(deposit, actor=request.user, retained=form.cleaned_data["retained"],
                                                reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The deposit is updated."))
    else:
        messages.error(request, _("Check the amount and the reason."))
    return redirect("billing:house_overview", slug=house.slug)


def period_from(request, default_start: date, default_end: date) -> tuple[date, date]:
    def parse(name, default):
        try:
            return date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return default

    start, end = parse("van", default_start), parse("tot", default_end)
    return (start, end) if start <= end else (default_start, default_end)


@login_required
def revenue_forgone(request, slug: str):
    house = get_house_for_user(request.user, slug, perm="billing.house:view_revenue")
    year = timezone.localdate().year
    start, end = period_from(request, date(year, 1, 1), date(year, 12, 31))
    network_id = network_id_for(house)
    report = forgone_report(start=start, end=end, houses=[house.pk], network_id=network_id)
    detail = has_perm(request.user, "billing.house:view", house)
    by_organisation = None
    if detail:
        by_organisation = forgone_report(start=start, end=end, houses=[house.pk], group_by=("organisation",),
                                         network_id=network_id)  # fmt: skip
        from buurtkracht.organisations.models import Organisation

        names = dict(Organisation.objects.filter(pk__in=[r.key["organisation"] for r in by_organisation.rows
                                                         if r.key["organisation"]]).values_list("pk", "name"))  # fmt: skip
        for row in by_organisation.rows:
            row.name = names.get(row.key["organisation"]) or _("Private renters")
    context = {"house": house, "report": report, "by_organisation": by_organisation, "start": start, "end": end}
    return render(request, "billing/revenue_forgone.html", context)


@login_required
@ratelimit.limited("billing.export", setting="RATELIMIT_EXPORTS_PER_HOUR")
def export(request, slug: str, kind: str, fmt: str):
    house = get_house_for_user(request.user, slug, perm=VIEW)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    invoices = exports.house_invoices(house)
    year = timezone.localdate().year
    start, end = period_from(request, date(year, 1, 1), date(year, 12, 31))
    invoices = invoices.filter(issue_date__range=(start, end))
    if kind == "facturen":
        header, rows = exports.invoice_rows(invoices)
    elif kind == "regels":
        header, rows = exports.line_rows(invoices)
    elif kind == "gederfde-huur":
        header, rows = exports.forgone_rows(forgone_report(start=start, end=end, houses=[house.pk]))
    else:
        raise Http404
    name = f"{house.slug}-{kind}-{start.isoformat()}-{end.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(header, rows, title=kind),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
