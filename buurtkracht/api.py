"""The JSON API: one NinjaAPI under /api/v1/, a router per app, errors as JSON with a message."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from buurtkracht.accounts.api_auth import API_AUTH

api = NinjaAPI(
    title="Buurtkracht API",
    version="1",
    description="Networks, areas, community centres and rooms. Read endpoints are public; writes need a "
    "session or a personal API token (Authorization: Bearer bk_…).",
    urls_namespace="api",
    auth=API_AUTH,
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"message": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"message": _("You are not allowed to do this.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(request, {"message": _("Log in or send a valid API token.")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"message": " ".join(m for ms in errors.values() for m in ms), "errors": errors}, status=422
    )


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc):
    return api.create_response(request, {"message": _("The request is not valid."), "errors": exc.errors}, status=422)


def _mount_routers() -> None:
    from buurtkracht.accounts.api import router as accounts_router
    from buurtkracht.billing.api import router as billing_router
    from buurtkracht.bookings.api import router as bookings_router
    from buurtkracht.houses.api import router as houses_router
    from buurtkracht.matching.api import router as matching_router
    from buurtkracht.networks.api import router as networks_router
    from buurtkracht.organisations.api import router as organisations_router

    api.add_router("/networks/", networks_router)
    api.add_router("/houses/", houses_router)
    api.add_router("/organisations/", organisations_router)
    api.add_router("/bookings/", bookings_router)
    api.add_router("/billing/", billing_router)
    api.add_router("/matching/", matching_router)
    api.add_router("/me/", accounts_router)


_mount_routers()
