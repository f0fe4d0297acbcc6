"""Error answers of the JSON API (``buurtkracht/api.py`` wires them to the one ``NinjaAPI``).

Kept in an app so that ``makemessages`` finds the messages: the API answers in the request's language, Dutch
first, like the pages.

* ``NulRefusingParser`` refuses a JSON body, query string or form value that holds U+0000 (PostgreSQL cannot
  store it in text and answered 500; SQLite stored it; the HTML forms refuse it with Django's
  ``ProhibitNullCharactersValidator``). One check for every operation instead of a validator per schema.
* ``server_error`` answers an unhandled exception with JSON and an error id; the traceback goes only to the log
  (ASVS 5.0 v5.0.0-16.5.1).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.parser import Parser

logger = logging.getLogger("buurtkracht.api")

NOT_FOUND = _("Not found.")
FORBIDDEN = _("You are not allowed to do this.")
UNAUTHORISED = _("Log in or send a valid API token.")
INVALID = _("The request is not valid.")
NUL_REFUSED = _("Text cannot contain the NUL character (U+0000).")
SERVER_ERROR = _(
    "Something went wrong on our side. Please try again later; if it keeps happening, send us the error "
    "number %(error_id)s."
)

NUL = "\x00"


class NulCharacterError(ValueError):
    """Input holds U+0000. ``loc`` names where, as in pydantic's errors: ``("body", "items", 0, "name")``."""

    def __init__(self, loc: tuple) -> None:
        super().__init__("NUL character in the request")
        self.loc = loc

    def errors(self) -> list[dict[str, Any]]:
        return [{"type": "nul_character", "loc": list(self.loc), "msg": str(NUL_REFUSED)}]


def find_nul(data: Any) -> tuple | None:
    """The path to the first string (value or key) holding U+0000 in decoded JSON, or None.

    Walks with its own stack, so a deeply nested body cannot exhaust Python's recursion limit."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and NUL in key:
                    return (*path, key)
                stack.append(((*path, key), item))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
    return None


class NulRefusingParser(Parser):
    """Ninja's JSON and query-dict parser, refusing any text with U+0000 (answered 422 by ``api.py``)."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        where = find_nul(data)
        if where is not None:
            # Ninja turns any exception of the body parser into HttpError(400) *from* this one; api.py's
            # HttpError handler looks at the cause and answers 422.
            raise NulCharacterError(("body", *where))
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest):
        if data is request.GET:
            source = "query"
        elif data is request.POST:
            source = "form"
        else:
            source = "file"
        for key, values in data.lists():
            if NUL in key:
                raise NulCharacterError((source, key))
            for value in values:
                if isinstance(value, str) and NUL in value:
                    raise NulCharacterError((source, key))
        return super().parse_querydict(data, list_fields, request)


def nul_refused(api, request: HttpRequest, exc: NulCharacterError):
    return api.create_response(request, {"message": str(NUL_REFUSED), "errors": exc.errors()}, status=422)


def server_error(api, request: HttpRequest, exc: Exception):
    """JSON with an error id for an exception no other handler took; the same id and the traceback in the log."""
    error_id = str(uuid.uuid4())
    logger.error(
        "Unhandled error %s in API %s %s",
        error_id,
        request.method,
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"error_id": error_id, "status_code": 500},
    )
    detail = str(SERVER_ERROR) % {"error_id": error_id}
    return api.create_response(request, {"message": detail, "detail": detail, "error_id": error_id}, status=500)
