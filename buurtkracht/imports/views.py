"""Pages of the spreadsheet import: upload → preview → confirm → result. Only people with
``networks.network:import_houses`` on the network (its coordinators) may use them."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buurtkracht.accounts.permissions import require
from buurtkracht.core.models import LogEntry
from buurtkracht.houses.models import Facility, House
from buurtkracht.imports import uploads
from buurtkracht.imports.columns import COLUMNS
from buurtkracht.imports.forms import ImportUploadForm
from buurtkracht.imports.services import IMPORTED, run_import
from buurtkracht.imports.spreadsheet import SpreadsheetError, read_spreadsheet
from buurtkracht.imports.template_files import template_csv, template_xlsx
from buurtkracht.imports.validation import build_plan, file_problems
from buurtkracht.networks.models import Network

PERMISSION = "networks.network:import_houses"
MAX_ID = 2**63 - 1
MAX_ERRORS_SHOWN = 200


def get_network_for_import(user, slug: str) -> Network:
    """404 when the person cannot see the network at all, 403 when they may not import into it."""
    network = Network.objects.visible_to(user).filter(slug=slug).first()
    if network is None:
        raise Http404("No such network.")
    require(user, PERMISSION, network)
    return network


def _page_context(network, **extra) -> dict:
    return {
        "network": network,
        "columns": COLUMNS,
        "facilities": Facility.objects.order_by("sort_order", "code"),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, network_slug: str):
    network = get_network_for_import(request.user, network_slug)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            for problem in file_problems(form.table, network=network):
                form.add_error("file", problem.message)
        if form.is_valid():
            previous = request.session.get(uploads.session_key(network))
            if previous:
                uploads.delete_upload(previous)
            token = uploads.store_upload(
                form.content, user=request.user, network=network, filename=form.cleaned_data["file"].name
            )
            request.session[uploads.session_key(network)] = token
            return redirect("imports:preview", network_slug=network.slug)
        return render(request, "imports/upload.html", _page_context(network, form=form), status=400)
    return render(request, "imports/upload.html", _page_context(network, form=ImportUploadForm()))


def _render_preview(request, network, stored, *, import_errors=(), status=200):
    try:
        table = read_spreadsheet(stored.data)
    except SpreadsheetError as error:
        messages.error(request, str(error))
        return redirect("imports:upload", network_slug=network.slug)
    plan = build_plan(table, network=network)
    return _preview_response(request, network, stored, plan, import_errors=import_errors, status=status)


def _preview_response(request, network, stored, plan, *, import_errors=(), status=200):
    # Each error links to the house it belongs to in the preview table (row numbers of room rows included).
    anchors = {number: house.row for house in plan.houses for number in house.rows}
    errors = [{"message": str(message), "anchor": None} for message in import_errors] + [
        {"message": problem.message, "anchor": anchors.get(problem.row)} for problem in plan.errors
    ]
    context = _page_context(
        network,
        plan=plan,
        token=stored.token,
        filename=stored.filename,
        errors=errors[:MAX_ERRORS_SHOWN],
        error_count=len(errors),
        errors_hidden=max(0, len(errors) - MAX_ERRORS_SHOWN),
        upload_form=ImportUploadForm(),
    )
    return render(request, "imports/preview.html", context, status=status)


@login_required
@require_GET
def preview(request, network_slug: str):
    network = get_network_for_import(request.user, network_slug)
    token = request.session.get(uploads.session_key(network), "")
    stored = uploads.load_upload(token, user=request.user, network=network)
    if stored is None:
        messages.info(request, _("Choose a file first. Uploaded files are kept for two hours."))
        return redirect("imports:upload", network_slug=network.slug)
    return _render_preview(request, network, stored)


@login_required
@require_POST
def confirm(request, network_slug: str):
    network = get_network_for_import(request.user, network_slug)
    token = request.session.get(uploads.session_key(network), "")
    if not token or request.POST.get("token") != token:
        messages.warning(
            request, _("You chose another file in the meantime. Check the preview of that file before importing.")
        )
        return redirect("imports:preview", network_slug=network.slug)
    stored = uploads.claim_upload(token, user=request.user, network=network)
    if stored is None:
        messages.info(request, _("This file has already been imported or is no longer available. Upload it again."))
        return redirect("imports:upload", network_slug=network.slug)
    imported = False
    try:
        table = read_spreadsheet(stored.data)
        plan = build_plan(table, network=network)
        if plan.errors:
            return _preview_response(request, network, stored, plan, status=400)
        if not plan.new_houses:
            messages.info(
                request, _("Every house in this file is already in the network, so there is nothing to import.")
            )
            return redirect("imports:preview", network_slug=network.slug)
        try:
            result = run_import(plan, network=network, actor=request.user, filename=stored.filename)
        except ValidationError as error:
            return _preview_response(request, network, stored, plan, import_errors=error.messages, status=400)
        imported = True
    except SpreadsheetError as error:
        messages.error(request, str(error))
        return redirect("imports:upload", network_slug=network.slug)
    finally:
        if imported:
            uploads.delete_upload(token)
            request.session.pop(uploads.session_key(network), None)
        else:
            uploads.release_upload(token)
    return redirect("imports:result", network_slug=network.slug, entry_id=result.entry.pk)


def _link(house: House) -> dict:
    """Links to a house's public and management pages, when those pages exist in this version."""
    links = {"house": house, "url": None, "manage_url": None}
    with contextlib.suppress(NoReverseMatch):
        links["url"] = house.get_absolute_url()
    with contextlib.suppress(NoReverseMatch):
        links["manage_url"] = reverse("houses:manage", kwargs={"slug": house.slug})
    return links


@login_required
@require_GET
def result(request, network_slug: str, entry_id: int):
    network = get_network_for_import(request.user, network_slug)
    if not 0 < entry_id <= MAX_ID:
        raise Http404("No such import.")
    entry = LogEntry.objects.filter(pk=entry_id, action=IMPORTED, network_id=network.pk).first()
    if entry is None:
        raise Http404("No such import.")
    ids = [pk for pk in entry.data.get("house_ids", []) if isinstance(pk, int)]
    houses = House.objects.visible_to(request.user).filter(pk__in=ids).order_by("name")
    context = {
        "network": network,
        "entry": entry,
        "house_count": entry.data.get("houses", 0),
        "room_count": entry.data.get("rooms", 0),
        "skipped_count": entry.data.get("skipped", 0),
        "links": [_link(house) for house in houses],
    }
    return render(request, "imports/result.html", context)


@login_required
@require_GET
def template_download(request, network_slug: str, extension: str):
    get_network_for_import(request.user, network_slug)
    if extension == "xlsx":
        content = template_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif extension == "csv":
        content = template_csv()
        content_type = "text/csv; charset=utf-8"
    else:
        raise Http404("No such template.")
    response = HttpResponse(content, content_type=content_type)
    name = _("houses-template")
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response
