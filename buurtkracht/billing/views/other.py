"""Quotes, a booking's billing terms, an organisation's invoices and details, and the network pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.accounts.permissions import access_for, has_perm, require
from buurtkracht.accounts.roles import ORGANISATION_EDITORS
from buurtkracht.billing.categories import category_labels as labels_for
from buurtkracht.billing.forms import (
    CategoryLabelsForm,
    OrganisationProfileForm,
    QuoteForm,
    SeriesTermsForm,
    apply_service_errors,
)
from buurtkracht.billing.getters import get_house_for_user, get_network_for_user, get_organisation_for_user
from buurtkracht.billing.models import ChargeLine, Invoice, OrganisationBillingProfile, RateCard, SeriesTerms
from buurtkracht.billing.money import euro
from buurtkracht.billing.services import invoices as invoice_services
from buurtkracht.billing.services import profiles, tariffs
from buurtkracht.billing.services.quotes import quote as make_quote
from buurtkracht.billing.services.quotes import slots_on
from buurtkracht.billing.services.reports import revenue_forgone
from buurtkracht.billing.services.retry import retrying
from buurtkracht.billing.views.houses import period_from
from buurtkracht.billing.views.invoices import rows_for
from buurtkracht.organisations.models import Organisation


def quote_organisations(user, house):
    """Organisations ``user`` may ask a price for at ``house``: every organisation of the house's networks for the
    people who keep its books, otherwise the organisations the person speaks for."""
    visible = Organisation.objects.visible_to(user)
    if has_perm(user, "billing.house:view", house):
        return visible.filter(network__in=house.networks.all()).order_by("name")
    return visible.filter(pk__in=access_for(user).organisation_ids(ORGANISATION_EDITORS)).order_by("name")


def extra_choices(house, day: date) -> list[tuple[str, str]]:
    choices = {}
    for card in RateCard.objects.valid_on(day).filter(house=house).prefetch_related("surcharges"):
        for s in card.surcharges.all():
            if not s.always:
                choices.setdefault(s.code, f"{s.name} ({euro(s.price)})")
    return sorted(choices.items(), key=lambda item: item[1])


@login_required
def quote(request, slug: str):
    house = get_house_for_user(request.user, slug, perm="billing.quote:view")
    organisations = quote_organisations(request.user, house)
    extras = extra_choices(house, timezone.localdate())
    form = QuoteForm(request.GET or None, house=house, organisations=organisations, extras=extras)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = make_quote(house=house, room=data["room"], slots=slots_on(house, [data["first_date"] + timedelta(weeks=w) for w in range(data["weeks"])], data["start_time"], data["end_time"]),
                                organisation=data["organisation"], extras=data["extras"])  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
    context = {"house": house, "form": form, "quote": result}
    template = "billing/_quote.html" if request.htmx and form.is_bound else "billing/quote.html"
    return render(request, template, context, status=422 if form.errors else 200)


def _series_for(user, series_id: int):
    from buurtkracht.bookings.models import BookingSeries

    if not 0 < int(series_id) < 2**63:
        raise Http404
    series = (
        BookingSeries.objects.visible_to(user)
        .select_related("house", "room", "organisation")
        .filter(pk=series_id)
        .first()
    )
    if series is None:
        raise Http404("No such booking.")
    require(user, "billing.house:manage", series.house)
    return series


@login_required
def series_billing(request, series_id: int):
    series = _series_for(request.user, series_id)
    terms = SeriesTerms.objects.filter(series=series).first()
    extras = extra_choices(series.house, series.first_date)
    initial = {"extras": terms.extras, "category_override": terms.category_override,
               "override_reason": terms.override_reason, "buyer_reference": terms.buyer_reference} if terms else {}  # fmt: skip
    action = request.POST.get("action") if request.method == "POST" else None
    form = SeriesTermsForm(request.POST if action == "terms" else None, extras=extras, initial=initial)
    if action == "terms" and form.is_valid():
        try:
            tariffs.set_series_terms(series, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The billing terms are saved. They count for dates priced from now on."))
            return redirect("billing:series_billing", series_id=series.pk)
    elif action == "invoice":
        try:
            invoice = retrying(lambda: invoice_services.invoice_series(series, actor=request.user))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Invoice %(number)s is made.") % {"number": invoice.number})
            return redirect(invoice)
    charges = ChargeLine.objects.filter(series=series).select_related("invoice").order_by("local_date", "pk")
    context = {"series": series, "form": form, "charges": charges,
               "invoices": rows_for(Invoice.objects.filter(series=series).with_balance())}  # fmt: skip
    return render(request, "billing/series_billing.html", context, status=422 if form.errors else 200)


@login_required
def organisation_invoices(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk, perm="billing.organisation:view")
    invoices = Invoice.objects.issued().filter(organisation=organisation).select_related("house").with_balance()
    from buurtkracht.houses.models import House

    houses = House.objects.visible_to(request.user).filter(networks=organisation.network_id).order_by("name")[:200]
    context = {
        "organisation": organisation,
        "rows": rows_for(invoices.order_by("-issue_date", "-pk")[:200]),
        "houses": houses,
        "profile": OrganisationBillingProfile.objects.filter(organisation=organisation).first(),
    }
    return render(request, "billing/organisation_invoices.html", context)


@login_required
def organisation_profile(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk, perm="billing.organisation:change")
    instance = OrganisationBillingProfile.objects.filter(organisation=organisation).first()
    initial = {} if instance else {"legal_name": organisation.name, "street": organisation.street,
                                   "postcode": organisation.postcode, "city": organisation.city,
                                   "invoice_email": organisation.email,
                                   "company_id": organisation.registration_number}  # fmt: skip
    form = OrganisationProfileForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.save_organisation_profile(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The billing details are saved."))
            return redirect("billing:organisation_invoices", pk=organisation.pk)
    return render(request, "billing/organisation_profile.html", {"organisation": organisation, "form": form},
                  status=422 if form.errors else 200)  # fmt: skip


@login_required
def network_revenue(request, slug: str):
    network = get_network_for_user(request.user, slug, perm="billing.network:view_revenue")
    year = timezone.localdate().year
    start, end = period_from(request, date(year, 1, 1), date(year, 12, 31))
    houses = network.houses.all()
    by_category = revenue_forgone(start=start, end=end, houses=houses, network_id=network.pk)
    by_house = revenue_forgone(start=start, end=end, houses=houses, group_by=("house",), network_id=network.pk)
    names = dict(houses.values_list("pk", "name"))
    for row in by_house.rows:
        row.name = names.get(row.key["house"], "")
    by_house.rows.sort(key=lambda r: -r.forgone)
    context = {"network": network, "by_category": by_category, "by_house": by_house, "start": start, "end": end}
    return render(request, "billing/network_revenue.html", context)


@login_required
def category_labels(request, slug: str):
    network = get_network_for_user(request.user, slug, perm="billing.network:labels")
    from buurtkracht.billing.models import CategoryLabel

    own = dict(CategoryLabel.objects.filter(network=network).values_list("category", "label"))
    form = CategoryLabelsForm(request.POST or None, labels=own)
    if request.method == "POST" and form.is_valid():
        try:
            for category, label in form.cleaned_data.items():
                if (own.get(category) or "") != label:
                    profiles.set_category_label(actor=request.user, network=network, category=category, label=label)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The names are saved."))
            return redirect("billing:category_labels", slug=network.slug)
    return render(request, "billing/category_labels.html",
                  {"network": network, "form": form, "labels": labels_for(network.pk)},
                  status=422 if form.errors else 200)  # fmt: skip
