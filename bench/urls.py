"""The project's URLs, plus the search and occupancy routes when ``bookings/urls.py`` and
``bookings/api.py`` do not include them yet (so the benchmark measures the same code either way)."""

from django.urls import NoReverseMatch, include, path, reverse
from ninja import NinjaAPI

from buurtkracht import urls as project


def _mounted() -> bool:
    try:
        reverse("api:bookings_search")
        reverse("bookings:search")
    except NoReverseMatch:
        return False
    return True


def _patterns():
    if _mounted():
        return list(project.urlpatterns)
    from buurtkracht import api as project_api
    from buurtkracht.accounts.api_auth import API_AUTH
    from buurtkracht.bookings import search_urls
    from buurtkracht.bookings import urls as bookings_urls
    from buurtkracht.bookings.search_api import build_router

    extra = NinjaAPI(urls_namespace="bench_api", version="bench", auth=API_AUTH, docs_url=None, openapi_url=None)
    for error, handler in project_api.api._exception_handlers.items():
        extra.add_exception_handler(error, handler)
    extra.add_router("/bookings/", build_router())
    combined = include((list(bookings_urls.urlpatterns) + list(search_urls.urlpatterns), "bookings"))
    patterns = [path("api/v1/", extra.urls)]
    for entry in project.urlpatterns:
        if getattr(entry, "namespace", None) == "bookings":
            patterns.append(path(str(entry.pattern), combined))
        else:
            patterns.append(entry)
    return patterns


urlpatterns = _patterns()
