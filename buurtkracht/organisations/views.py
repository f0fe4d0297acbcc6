"""Pages for organisations: list, detail, create, edit, contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtkracht.accounts.links import invite_url
from buurtkracht.accounts.permissions import has_perm
from buurtkracht.networks.models import Network
from buurtkracht.organisations import services
from buurtkracht.organisations.forms import TEXT_FIELDS, ContactForm, FilterForm, OrganisationForm
from buurtkracht.organisations.getters import get_contact_for_user, get_organisation_for_user, networks_for_create
from buurtkracht.organisations.models import Organisation

PAGE_SIZE = 50


@login_required
def organisation_list(request):
    visible = Organisation.objects.visible_to(request.user)
    networks = Network.objects.filter(pk__in=visible.values("network_id")).order_by("name")
    form = FilterForm(request.GET or None, networks=networks)
    organisations = visible.select_related("network").order_by("name")
    if form.is_valid():
        if form.cleaned_data["q"]:
            organisations = organisations.filter(name__icontains=form.cleaned_data["q"].strip())
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["network"]:
            organisations = organisations.filter(network=form.cleaned_data["network"])
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "filter_form": form,
        "page": page,
        "query": query.urlencode(),
        "may_create": networks_for_create(request.user).exists(),
    }
    return render(request, "organisations/list.html", context)


@login_required
def detail(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk, perm="organisations.organisation:view")
    user = request.user
    show_contacts = has_perm(user, "organisations.contact:view", organisation)
    context = {
        "organisation": organisation,
        "contacts": organisation.contacts.all() if show_contacts else None,
        "may_change": has_perm(user, "organisations.organisation:change", organisation),
        "invite_url": invite_url(organisation)
        if has_perm(user, "organisations.organisation:invite", organisation)
        else None,
    }
    return render(request, "organisations/detail.html", context)


@login_required
def create(request):
    networks = networks_for_create(request.user).order_by("name")
    if not networks.exists():
        raise PermissionDenied("organisations.organisation:create")
    form = OrganisationForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = services.create_organisation(
                actor=request.user,
                network=data["network"],
                name=data["name"],
                kind=data["kind"],
                renter_category=data.get("renter_category") or None,
                **{f: data[f] for f in TEXT_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The organisation %(name)s has been added.") % {"name": organisation.name})
            return redirect("organisations:detail", organisation.pk)
    return render(request, "organisations/form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
def edit(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk, perm="organisations.organisation:change")
    may_set_category = has_perm(request.user, "organisations.organisation:set_category", organisation)
    initial = {f: getattr(organisation, f) for f in ["name", "kind", "renter_category", *TEXT_FIELDS]}
    form = OrganisationForm(request.POST or None, initial=initial, may_set_category=may_set_category)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if "renter_category" in changes and not changes["renter_category"]:  # "usual category for its kind"
            changes["renter_category"] = Organisation.DEFAULT_CATEGORY[changes["kind"]]
        try:
            services.update_organisation(organisation, actor=request.user, **changes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The details have been saved."))
            return redirect("organisations:detail", organisation.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "organisations/form.html", context, status=422 if form.errors else 200)


@login_required
def contacts(request, pk: int):
    organisation = get_organisation_for_user(request.user, pk, perm="organisations.contact:change")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.add_contact(organisation, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s has been added as a contact.") % {"name": contact.name})
            return redirect("organisations:contacts", organisation.pk)
    context = {"organisation": organisation, "contacts": organisation.contacts.all(), "form": form}
    return render(request, "organisations/contacts.html", context, status=422 if form.errors else 200)


@login_required
def contact_edit(request, pk: int, contact_pk: int):
    organisation = get_organisation_for_user(request.user, pk, perm="organisations.contact:change")
    contact = get_contact_for_user(request.user, organisation, contact_pk)
    initial = {f: getattr(contact, f) for f in ["name", "function", "email", "phone", "is_primary"]}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(contact, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contact has been saved."))
            return redirect("organisations:contacts", organisation.pk)
    context = {"organisation": organisation, "contact": contact, "form": form}
    return render(request, "organisations/contact_form.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def contact_delete(request, pk: int, contact_pk: int):
    organisation = get_organisation_for_user(request.user, pk, perm="organisations.contact:change")
    contact = get_contact_for_user(request.user, organisation, contact_pk)
    services.remove_contact(contact, actor=request.user)
    messages.success(request, _("%(name)s is no longer a contact.") % {"name": contact.name})
    return redirect("organisations:contacts", organisation.pk)
