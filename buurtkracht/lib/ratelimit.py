"""A small fixed-window rate limit on Django's cache, for public forms without an account (the sign-up of
initiatives). Counts are per client address and per hour-long window; a shared cache (Redis) makes the limit
hold across processes, the default local-memory cache per process.

    if ratelimit.exceeded("matching.signup", request, limit=10):
        ...  # refuse, with a friendly message
    ...  # do the work
    ratelimit.count("matching.signup", request)
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

HOUR = 3600


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


def _key(scope: str, request, window: int) -> str:
    return f"ratelimit:{scope}:{client_address(request)}:{int(time.time() // window)}"


def used(scope: str, request, *, window: int = HOUR) -> int:
    """How many times ``scope`` was counted for this visitor in the current window."""
    return int(cache.get(_key(scope, request, window), 0))


def exceeded(scope: str, request, *, limit: int, window: int = HOUR) -> bool:
    """True when the visitor already used ``limit`` in this window. A limit of 0 or less means no limit."""
    return limit > 0 and used(scope, request, window=window) >= limit


def count(scope: str, request, *, window: int = HOUR) -> int:
    """Count one use for this visitor; returns the new count in the window."""
    key = _key(scope, request, window)
    cache.add(key, 0, timeout=window + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 60)
        return 1
