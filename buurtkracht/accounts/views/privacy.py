"""Privacy requests: download your data, delete your account. Both ask for the password again."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.accounts import services
from buurtkracht.accounts.forms import EraseForm, PasswordConfirmForm
from buurtkracht.accounts.privacy import privacy_handlers
from buurtkracht.lib import ratelimit


@login_required
@ratelimit.limited("accounts.export", setting="RATELIMIT_EXPORTS_PER_HOUR", methods=("POST",))
def export(request):
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = services.export_person(request.user, actor=request.user)
        filename = f"buurtkracht-gegevens-{timezone.localdate():%Y-%m-%d}.json"
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
    status = 422 if form.errors else 200
    return render(request, "accounts/export.html", {"form": form}, status=status)


@login_required
def erase(request):
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.erase_person(request.user, actor=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for your work in the neighbourhood."))
        return redirect("core:home")
    retention = [str(h.retention()) for h in privacy_handlers()]
    status = 422 if form.errors else 200
    return render(request, "accounts/erase.html", {"form": form, "retention": retention}, status=status)
