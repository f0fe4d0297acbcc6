"""The pages the browser tests visit, who visits them, and who owns their templates.

A page whose URL name does not exist (yet) is skipped, so the suite grows with the project. Known problems
in templates the browser-test owner may not edit are listed in ``KNOWN_ISSUES``: that single check is an
expected failure (``xfail(strict=False)``) with the reason, so it shows up in the report for its owner.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, reverse

from buurtkracht.demo.data.people import DEMO_PASSWORD, email_for

ROLES = ["admin", "coordinator", "officer", "manager", "volunteer", "contact", "referrer", "provider", "resident"]
STAFF_OF_HAARD = ["manager", "coordinator", "officer", "admin"]

HAARD = "wijkhuis-de-haard"
BONGERD = "de-bongerd"
OSS = "gemeente-oss"
UMBRELLA = "dorpshuizen-noord-brabant"
HEIST = "vrije-tijd-heist-op-den-berg"
HEIST_HOUSE = "gemeenschapscentrum-heist-centrum"
RESIDENTS = "Bewonersinitiatief Samen Ruwaard"


@dataclass(frozen=True)
class Page:
    key: str
    url_name: str
    args: object = ()  # a tuple, or a function returning one
    roles: tuple = ("anonymous",)
    owner: str = ""
    query: object = ""  # a string, or a function returning one
    screenshot: str = ""  # base name of the screenshot file, empty for none

    def path(self) -> str | None:
        """The URL path, or ``None`` when the page does not exist in this version of the project.
        ``args`` may be a function that looks the arguments up in the demo (for ids)."""
        try:
            args = self.args() if callable(self.args) else self.args
            return reverse(self.url_name, args=args) + (self.query() if callable(self.query) else self.query)
        except NoReverseMatch:
            return None


def _next_week(extra: str = ""):
    """The demo's bookings start next Monday: show that week."""

    def query() -> str:
        from datetime import timedelta

        from django.utils import timezone

        today = timezone.localdate()
        return f"?{extra}datum={today + timedelta(days=7 - today.weekday())}"

    return query


def _series(title: str):
    def lookup() -> tuple:
        from buurtkracht.bookings.models import BookingSeries

        return (BookingSeries.objects.get(title=title).pk,)

    return lookup


def _organisation(name: str):
    def lookup() -> tuple:
        from buurtkracht.organisations.models import Organisation

        return (Organisation.objects.get(name=name).pk,)

    return lookup


def _room(house_slug: str, name: str):
    def lookup() -> tuple:
        from buurtkracht.houses.models import Room

        return (Room.objects.get(house__slug=house_slug, name=name).pk,)

    return lookup


PAGES = [
    Page("home", "core:home", roles=("anonymous", "resident", "coordinator"), owner="core/templates/core/home.html",
         screenshot="home"),
    Page("login", "account_login", owner="accounts (allauth account/login.html)", screenshot="login"),
    Page("accessibility", "core:accessibility", roles=("anonymous",), owner="core/templates/core/accessibility.html",
         screenshot="accessibility"),
    Page("network_overview", "networks:overview", (OSS,), roles=("anonymous", "officer"),
         owner="networks/templates/networks/overview.html", screenshot="network-overview"),
    Page("umbrella_overview", "networks:overview", (UMBRELLA,), owner="networks/templates/networks/overview.html",
         screenshot="network-umbrella"),
    Page("leisure_overview", "networks:overview", (HEIST,), owner="networks/templates/networks/overview.html"),
    Page("network_overview_filtered", "networks:overview", (OSS,), query="?capaciteit=50",
         owner="networks/templates/networks/overview.html"),
    Page("house", "houses:public_detail", (HAARD,), roles=("anonymous", "manager"),
         owner="houses/templates/houses/public_detail.html", screenshot="house"),
    Page("house_heist", "houses:public_detail", (HEIST_HOUSE,), owner="houses/templates/houses/public_detail.html"),
    Page("dashboard", "core:dashboard", roles=tuple(ROLES), owner="core/templates/core/dashboard.html",
         screenshot="dashboard"),
    Page("house_manage", "houses:manage", (HAARD,), roles=tuple(STAFF_OF_HAARD),
         owner="houses/templates/houses/manage.html", screenshot="house-manage"),
    Page("house_manage_volunteer", "houses:manage", (BONGERD,), roles=("volunteer",),
         owner="houses/templates/houses/manage.html"),
    Page("house_edit", "houses:edit", (HAARD,), roles=("manager",), owner="houses/templates/houses/house_form.html",
         screenshot="house-edit"),
    Page("room_create", "houses:room_create", (HAARD,), roles=("manager",),
         owner="houses/templates/houses/room_form.html"),
    Page("opening_hours", "houses:opening_hours", (HAARD,), roles=("manager",),
         owner="houses/templates/houses/opening_hours_form.html"),
    Page("closures", "houses:closures", (HAARD,), roles=("manager",), owner="houses/templates/houses/closures.html"),
    Page("house_history", "houses:history", (HAARD,), roles=("manager",),
         owner="houses/templates/houses/history.html"),
    Page("network_manage", "networks:manage", (OSS,), roles=("coordinator", "officer"),
         owner="networks/templates/networks/manage.html", screenshot="network-manage"),
    Page("import_upload", "imports:upload", (UMBRELLA,), roles=("coordinator",),
         owner="imports/templates/imports/upload.html", screenshot="import"),
    Page("organisations", "organisations:list", roles=("contact", "coordinator"),
         owner="organisations/templates/organisations/", screenshot="organisations"),
    Page("organisation", "organisations:detail", _organisation(RESIDENTS), roles=("contact",),
         owner="organisations/templates/organisations/detail.html", screenshot="organisation"),
    Page("booking_week", "bookings:house_week", (HAARD,), roles=("manager", "contact"), query=_next_week(),
         owner="bookings/templates/bookings/ (week view)", screenshot="bookings-week"),
    Page("booking_week_list", "bookings:house_week", (HAARD,), roles=("manager",), query=_next_week("weergave=lijst&"),
         owner="bookings/templates/bookings/ (week view as list)"),
    Page("room_week", "bookings:room_week", _room(HAARD, "Grote zaal"), roles=("volunteer",), query=_next_week(),
         owner="bookings/templates/bookings/ (room week)"),
    Page("booking_request", "bookings:request", (HAARD,), roles=("contact", "resident"),
         owner="bookings/templates/bookings/ (request, first step)", screenshot="booking-request"),
    Page("booking_approvals", "bookings:approvals", roles=("manager",),
         owner="bookings/templates/bookings/ (approvals)", screenshot="booking-approvals"),
    Page("booking_series", "bookings:series_detail", _series("Taalcafé"), roles=("contact", "manager"),
         owner="bookings/templates/bookings/ (series detail)", screenshot="booking-series"),
    Page("organisation_bookings", "bookings:organisation_bookings", _organisation(RESIDENTS), roles=("contact",),
         owner="bookings/templates/bookings/ (organisation bookings)"),
    Page("account", "accounts:profile", roles=("resident", "manager"), owner="accounts/templates/accounts/profile.html",
         screenshot="account"),
]  # fmt: skip

PAGES_BY_KEY = {page.key: page for page in PAGES}

# (check, page key) → reason. check is "axe", "basics", "keyboard" or "reflow". Keep the reasons specific:
# the lead routes them to the owner named in the page's ``owner``.
KNOWN_ISSUES: dict[tuple[str, str], str] = {
    ("reflow", "accessibility"): "the h1 'Toegankelijkheidsverklaring' is one word wider than 360 px; "
    "h1 needs overflow-wrap: break-word (and hyphens: auto) in buurtkracht.css",
}


def marks_for(check: str, page: Page) -> list:
    reason = KNOWN_ISSUES.get((check, page.key))
    return [pytest.mark.xfail(reason=f"{page.owner}: {reason}", strict=False)] if reason else []


def role_cases(check: str) -> list:
    """One case per (role, page) for every role that may see the page."""
    return [
        pytest.param(role, page, id=f"{page.key}-{role}", marks=marks_for(check, page))
        for page in PAGES
        for role in page.roles
    ]


def page_cases(check: str) -> list:
    """One case per page, visited as the first role that may see it."""
    return [pytest.param(page.roles[0], page, id=page.key, marks=marks_for(check, page)) for page in PAGES]


def open_page(new_page, role: str, page: Page, **viewport):
    """Open ``page`` as ``role``; skip when the page does not exist yet; fail on a non-200 answer."""
    path = page.path()
    if path is None:
        pytest.skip(f"{page.url_name} does not exist yet")
    browser_page = new_page(role, **viewport)
    response = browser_page.goto(path)
    assert response is not None and response.status == 200, f"{path} as {role}: HTTP {response and response.status}"
    return browser_page


def log_in(page, role: str) -> None:
    """Log in through the real login form and wait for the page after it."""
    page.goto(reverse("account_login"))
    form = page.locator("form").filter(has=page.locator("input[type=password]"))
    form.locator("input[name=login]").fill(email_for(role))
    form.locator("input[type=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("input[type=password]").press("Enter")
    assert "/account/login" not in page.url, f"login as {role} failed: still on {page.url}"
