"""The JSON API: one NinjaAPI under /api/v1/, a router per app, errors as JSON with a message.

Every error answers JSON, an unhandled one included (500 with an error id; the traceback only in the log).
Text with a NUL character is refused for every operation by the parser (422), see ``core/api_errors.py``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from buurtkracht.accounts.api_auth import API_AUTH, ReadOnlyToken
from buurtkracht.core import api_errors
from buurtkracht.core.api_errors import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED, NulCharacterError

api = NinjaAPI(
    title="Buurtkracht API",
    version="1",
    description="Networks, areas, community centres and rooms. Read endpoints are public; writes need a "
    "session or a personal API token (Authorization: Bearer bk_…).",
    urls_namespace="api",
    auth=API_AUTH,
    parser=api_errors.NulRefusingParser(),
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"message": str(NOT_FOUND)}, status=404)


@api.exception_handler(ReadOnlyToken)
def read_only_token(request, exc):
    return api.create_response(request, {"message": str(exc)}, status=403)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"message": str(FORBIDDEN)}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return api.create_response(request, {"message": str(UNAUTHORISED)}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"message": " ".join(m for ms in errors.values() for m in ms), "errors": errors}, status=422
    )


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc):
    return api.create_response(request, {"message": str(INVALID), "errors": exc.errors}, status=422)


@api.exception_handler(NulCharacterError)
def nul_character(request, exc):
    """A query or form value with U+0000 (the parser raises this directly for those)."""
    return api_errors.nul_refused(api, request, exc)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """Ninja's own errors (``{"detail": …}``), except a JSON body with U+0000: ninja wraps every error of the
    body parser in HttpError(400), so the parser's NulCharacterError arrives as the cause and answers 422."""
    if isinstance(exc.__cause__, NulCharacterError):
        return api_errors.nul_refused(api, request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def unhandled(request, exc):
    """Anything no handler above took: 500 as JSON with an error id, never ninja's traceback or Django's HTML
    page; the same id with the traceback in the log (logger ``buurtkracht.api``)."""
    return api_errors.server_error(api, request, exc)


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
