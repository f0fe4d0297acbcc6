"""Every route the project serves is either in an app's permission matrix or declared public.

Walks the URL resolver (pages and the ninja API alike) and fails on any route that no matrix row reaches
and no app lists in PUBLIC_ROUTES, so a new page or endpoint cannot ship without its allow/deny tests.
"""

import importlib
import pkgutil

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve

import buurtkracht

# Routes that belong to frameworks and are guarded by them: Django's admin (staff only), allauth's
# account pages (login, signup, password reset, MFA: allauth's own tests cover them), language switch,
# static/media serving in debug.
FRAMEWORK_PREFIXES = ("admin/", "account/", "i18n/", "media/", "static/")
API_DOCS = {"api/v1/", "api/v1/openapi.json", "api/v1/docs"}  # ninja: root, schema, docs


class _RollBack(Exception):
    pass


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def _matrices():
    for module in pkgutil.iter_modules(buurtkracht.__path__):
        for name in ("matrix", "search_matrix"):
            try:
                yield importlib.import_module(f"buurtkracht.{module.name}.tests.{name}")
            except ModuleNotFoundError:
                continue


@pytest.mark.django_db
def test_every_route_is_in_a_matrix_or_public(cast):
    covered, public = set(), set()
    for matrix in _matrices():
        public |= set(getattr(matrix, "PUBLIC_ROUTES", ()))
        for row in getattr(matrix, "MATRIX", []):
            # each row builds its own objects (as in the matrix test, where every row gets a fresh database)
            known = set(vars(cast))
            try:
                with transaction.atomic():
                    covered.add(resolve(row.path(cast).split("?")[0]).route)
                    raise _RollBack
            except _RollBack:
                for name in set(vars(cast)) - known:  # objects a row cached on the cast are rolled back too
                    delattr(cast, name)
    missing = []
    for route, name in _walk(get_resolver().url_patterns):
        route = route.lstrip("^").rstrip("$")
        if route.startswith(FRAMEWORK_PREFIXES) or route in API_DOCS:
            continue
        if route in covered or route in public or name in public or _qualified(route, name) & public:
            continue
        missing.append(f"{route}  (name: {name})")
    assert not missing, "Routes without a matrix row or PUBLIC_ROUTES entry:\n" + "\n".join(sorted(missing))


def _qualified(route: str, name: str | None) -> set[str]:
    """``houses:public_detail`` style names for a route, found by resolving a sample of its path."""
    if not name:
        return set()
    try:
        match = resolve("/" + _sample(route))
    except Exception:
        return {name}
    return {match.view_name, name}


def _sample(route: str) -> str:
    import re

    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", route)
