"""What a person sees when a per-person rate limit (``buurtkracht.lib.ratelimit``) refuses a request: a friendly
429 page, or the message of the API's JSON 429."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, ngettext


def too_many_message(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    wait = ngettext(
        "You can go on in about %(minutes)s minute.", "You can go on in about %(minutes)s minutes.", minutes
    ) % {"minutes": minutes}
    return gettext("You did this very often in a short time. Please wait a moment and try again.") + " " + wait


def refused_page(request, seconds: int) -> HttpResponse:
    """The 429 page. An htmx request (a search result that updates in place) gets no swap but a redirect to the
    page itself, so the person sees the whole explanation instead of a result list that silently stops."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=429)
        response["HX-Redirect"] = request.get_full_path()
    else:
        response = render(request, "core/429.html", {"message": too_many_message(seconds)}, status=429)
    response["Retry-After"] = str(seconds)
    return response
