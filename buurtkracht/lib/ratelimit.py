"""A small fixed-window rate limit on Django's cache, for public forms without an account (the sign-up of
initiatives). Counts are per client address and per hour-long window; a shared cache (Redis) makes the limit
hold across processes, the default local-memory cache per process.

    if ratelimit.exceeded("matching.signup", request, limit=10):
        ...  # refuse, with a friendly message
    ...  # do the work
    ratelimit.count("matching.signup", request)

Per person (a logged-in person by account, anyone else by address), for searches and exports, counting and
refusing in one step with ``hit``; ``limited`` wraps a page view (friendly 429 page) and ``api_refusal`` gives the
JSON API its 429 message:

    @ratelimit.limited("billing.export", setting="RATELIMIT_EXPORTS_PER_HOUR")
    def export(request, ...): ...
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

HOUR = 3600


def _now() -> float:
    """The clock of the windows (tests replace it)."""
    return time.time()


def client_address(request) -> str:
    """The visitor's address. Behind ``RATELIMIT_PROXY_COUNT`` trusted proxies it is that many entries from the
    right of X-Forwarded-For (what the outermost trusted proxy saw); otherwise REMOTE_ADDR. IPv6 addresses
    count per /64 network, since one household gets a whole /64."""
    proxies = getattr(settings, "RATELIMIT_PROXY_COUNT", 0)
    address = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return f"{ipaddress.ip_network(f'{parsed}/64', strict=False).network_address}/64"
    return str(parsed)


def who(request, user=None) -> str:
    """Whom a per-person limit counts: the logged-in person (``user`` when given, e.g. the owner of a bearer
    token, else ``request.user``) by account, anyone else by address."""
    if user is None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{client_address(request)}"


def _key(scope: str, request, window: int, subject: str | None = None) -> str:
    return f"ratelimit:{scope}:{subject or client_address(request)}:{int(_now() // window)}"


def used(scope: str, request, *, window: int = HOUR, subject: str | None = None) -> int:
    """How many times ``scope`` was counted for this visitor (or ``subject``, see ``who``) in the current
    window."""
    return int(cache.get(_key(scope, request, window, subject), 0))


def exceeded(scope: str, request, *, limit: int, window: int = HOUR, subject: str | None = None) -> bool:
    """True when the visitor already used ``limit`` in this window. A limit of 0 or less means no limit."""
    return limit > 0 and used(scope, request, window=window, subject=subject) >= limit


def count(scope: str, request, *, window: int = HOUR, subject: str | None = None) -> int:
    """Count one use for this visitor; returns the new count in the window."""
    key = _key(scope, request, window, subject)
    cache.add(key, 0, timeout=window + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 60)
        return 1


def retry_after(window: int) -> int:
    """Seconds until the current window ends."""
    return max(1, int(window - _now() % window))


def hit(scope: str, request, *, limit: int, window: int, user=None) -> bool:
    """Count one use of ``scope`` for this person (``who``) and say whether it goes over ``limit`` in this
    window; counting first keeps concurrent requests from slipping past together. A limit of 0 or less means
    no limit (and nothing is counted)."""
    if limit <= 0:
        return False
    return count(scope, request, window=window, subject=who(request, user)) > limit


def _limit_of(setting: str) -> int:
    return int(getattr(settings, setting, 0) or 0)


def refused_page(request, window: int):
    """The friendly 429 page (its text lives in ``core``, which has a catalogue)."""
    from buurtkracht.core.ratelimits import refused_page as page

    return page(request, retry_after(window))


def api_refusal(scope: str, request, *, setting: str, window: int, user=None) -> dict | None:
    """For an API operation: ``None`` when the request may go on (it is counted), else the JSON body of a
    429 answer: ``if (body := ratelimit.api_refusal(...)): return Status(429, body)``."""
    if hit(scope, request, limit=_limit_of(setting), window=window, user=user):
        from buurtkracht.core.ratelimits import too_many_message

        return {"message": too_many_message(retry_after(window))}
    return None


def limited(scope: str, *, setting: str, window: int = HOUR, methods: tuple[str, ...] | None = None):
    """Decorate a page view: at most ``settings.<setting>`` requests per person per ``window`` seconds (only
    the given ``methods`` count when named); beyond that the friendly 429 page."""
    from functools import wraps

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (methods is None or request.method in methods) and hit(
                scope, request, limit=_limit_of(setting), window=window
            ):
                return refused_page(request, window)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
