"""Middleware of the whole site: security headers for every answer, and the idle limit of a session.

* ``SecurityHeadersMiddleware`` sets the Content-Security-Policy (Django 5.2 has none of its own; 6.0 brings
  ``SECURE_CSP`` in the same dictionary form, so moving over is a change of one line in ``MIDDLEWARE``) and the
  Permissions-Policy. Django's ``SecurityMiddleware`` already sets ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy`` and ``Cross-Origin-Opener-Policy``; ``XFrameOptionsMiddleware`` sets ``X-Frame-Options``.
* ``SessionTimeoutMiddleware`` ends a logged-in session after ``SESSION_IDLE_MINUTES`` without a request, and
  after ``SESSION_COOKIE_AGE`` seconds since login whatever happens (ASVS 5.0 v5.0.0-7.3.1, 7.3.2). It writes
  the session at most once a minute, not on every request like ``SESSION_SAVE_EVERY_REQUEST`` would.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponse
from django.utils.translation import gettext as _


def content_security_policy(directives: dict[str, list[str] | str]) -> str:
    """``{"default-src": ["'self'"], "upgrade-insecure-requests": True}`` → ``default-src 'self'; upgrade-…``."""
    parts = []
    for name, sources in directives.items():
        if sources is True:
            parts.append(name)
        elif sources:
            values = [sources] if isinstance(sources, str) else sources
            parts.append(f"{name} {' '.join(values)}")
    return "; ".join(parts)


class SecurityHeadersMiddleware:
    """Adds ``Content-Security-Policy`` (or ``…-Report-Only``) and ``Permissions-Policy`` to every answer that
    has none yet. The policy is built once, from ``SECURE_CSP`` / ``SECURE_CSP_REPORT_ONLY`` and
    ``PERMISSIONS_POLICY`` in the settings."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {}
        enforced = getattr(settings, "SECURE_CSP", None)
        report_only = getattr(settings, "SECURE_CSP_REPORT_ONLY", None)
        if enforced:
            self.headers["Content-Security-Policy"] = content_security_policy(enforced)
        if report_only:
            self.headers["Content-Security-Policy-Report-Only"] = content_security_policy(report_only)
        permissions = getattr(settings, "PERMISSIONS_POLICY", None)
        if permissions:
            self.headers["Permissions-Policy"] = ", ".join(
                f"{feature}=({' '.join(allow)})" for feature, allow in permissions.items()
            )

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if name not in response:
                response[name] = value
        return response


# --- Session lifetime --------------------------------------------------------------------------------------------

LAST_SEEN = "_bk_last_seen"
"""Session key: when this session last made a request (epoch seconds), refreshed at most every ``REFRESH``."""
STARTED = "_bk_started"
"""Session key: when the person logged in (epoch seconds)."""
REFRESH = 60


def _stamp_login(sender, request, user, **kwargs):
    """A login starts the clock afresh (login keeps the data of a session of the same person)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[STARTED] = now
        session[LAST_SEEN] = now


user_logged_in.connect(_stamp_login, dispatch_uid="buurtkracht.core.middleware.stamp_login")


class SessionTimeoutMiddleware:
    """Logs a session out after ``SESSION_IDLE_MINUTES`` without a request (0: no idle limit) and after
    ``SESSION_COOKIE_AGE`` seconds since login. Only sessions with a logged-in person are looked at; bearer
    tokens of the API have no session. Goes after the authentication and message middleware.

    The request that finds the session expired goes on as an anonymous one (a page that needs a login sends
    the person to the login page, with a message why); an htmx request is answered ``HX-Refresh`` instead, so
    the whole page reloads rather than a login form landing inside a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            expired = self._expired(session)
            if expired:
                logout(request)
                messages.info(request, expired)
                if request.headers.get("HX-Request") == "true":
                    response = HttpResponse(status=204)
                    response["HX-Refresh"] = "true"
                    return response
        return self.get_response(request)

    @staticmethod
    def _expired(session) -> str | None:
        """The reason the session has ended, or None (after stamping the last request when it is due)."""
        now = int(time.time())
        last_seen = session.get(LAST_SEEN)
        started = session.get(STARTED)
        idle_minutes = getattr(settings, "SESSION_IDLE_MINUTES", 0)
        if idle_minutes and last_seen is not None and now - last_seen > idle_minutes * 60:
            return _("You were logged out because you did nothing for %(minutes)s minutes. Log in again to go on.") % {
                "minutes": idle_minutes
            }
        if started is not None and now - started > settings.SESSION_COOKIE_AGE:
            return _("You were logged out because you logged in %(hours)s hours ago. Log in again to go on.") % {
                "hours": round(settings.SESSION_COOKIE_AGE / 3600)
            }
        if started is None:
            session[STARTED] = now  # a session from before this middleware: count from now
        if last_seen is None or now - last_seen >= REFRESH:
            session[LAST_SEEN] = now
        return None
