"""Who may use which booking page and API endpoint (crossed with the whole cast by
tests/test_permission_matrix.py). The sample booking is a weekly request by the contact of organisation A
for room A (house A, network A): three dates, starting in two weeks."""

from __future__ import annotations

from datetime import time, timedelta

from django.urls import reverse

from buurtkracht.lib.testing import Row

LOGGED_IN = {"coordinator", "officer", "manager_a", "manager_b", "volunteer_a", "contact", "referrer", "provider",
             "stranger"}  # fmt: skip
STAFF_A = {"manager_a", "volunteer_a", "coordinator"}
EDITORS_A = {"manager_a", "coordinator"}
SERIES_VIEWERS = STAFF_A | {"officer", "contact", "provider"}
SERIES_CHANGERS = STAFF_A | {"contact"}
SERIES_HIDDEN = {"manager_b", "referrer", "stranger"}
ORG_VIEWERS = {"contact", "provider", "coordinator", "officer", "manager_a", "volunteer_a"}


def _series(cast):
    """The sample booking, made once per test through the real service."""
    if "series" not in cast.__dict__:
        from buurtkracht.bookings.services.series import create_series
        from buurtkracht.bookings.tests.factories import future_monday

        cast.__dict__["series"] = create_series(
            actor=cast.contact, house=cast.house_a, room=cast.room_a, title="Koorrepetitie", kind="weekly",
            weekdays=[1], first_date=future_monday() + timedelta(days=1), count=3, start_time=time(19, 30),
            duration_minutes=120, organisation=cast.organisation_a,
        )  # fmt: skip
    return cast.__dict__["series"]


def _date(cast, index: int = 0):
    return _series(cast).occurrences.order_by("slot_date")[index]


def _cancelled_date(cast):
    from buurtkracht.bookings.services.exceptions import cancel_date

    occurrence = _date(cast, 2)
    if occurrence.status != "cancelled":
        cancel_date(occurrence, actor=cast.admin)
    return occurrence.pk


def _feed(cast):
    if "feed" not in cast.__dict__:
        from buurtkracht.bookings.services.feeds import create_feed

        cast.__dict__["feed"] = create_feed(actor=cast.admin, scope=cast.room_a, name="Grote zaal")[0]
    return cast.__dict__["feed"]


def _one_off(cast, hour: int = 10) -> dict:
    from buurtkracht.bookings.tests.factories import future_monday

    return {"house": cast.house_a.slug, "room": cast.room_a.pk, "title": "Verjaardag",
            "first_date": (future_monday() + timedelta(days=5)).isoformat(), "start_time": f"{hour}:00",
            "end_time": f"{hour + 2}:00"}  # fmt: skip


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:club-1\r\nSUMMARY:Biljart\r\n"
    "DTSTART;TZID=Europe/Amsterdam:{day}T140000\r\nDTEND;TZID=Europe/Amsterdam:{day}T160000\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _ics(cast) -> str:
    from buurtkracht.bookings.tests.factories import future_monday

    return ICS.format(day=(future_monday() + timedelta(days=3)).strftime("%Y%m%d"))


def _series_url(name: str, *extra):
    return lambda cast: reverse(name, args=[_series(cast).pk, *[e(cast) for e in extra]])


def _api(name: str, **kwargs):
    return lambda cast: reverse(f"api:{name}", kwargs={k: v(cast) for k, v in kwargs.items()})


MATRIX = [
    # --- pages ---
    Row("bookings:house_week", "get", lambda c: reverse("bookings:house_week", args=[c.house_a.slug]), LOGGED_IN),
    Row("bookings:room_week", "get", lambda c: reverse("bookings:room_week", args=[c.room_a.pk]), LOGGED_IN),
    Row("bookings:request", "get", lambda c: reverse("bookings:request", args=[c.house_a.slug]), LOGGED_IN),
    Row("bookings:approvals", "get", lambda c: reverse("bookings:approvals"), STAFF_A | {"manager_b"}),
    Row("bookings:trust", "get", lambda c: reverse("bookings:trust", args=[c.house_a.slug]), EDITORS_A),
    Row("bookings:import", "get", lambda c: reverse("bookings:import", args=[c.house_a.slug]), STAFF_A),
    Row("bookings:feeds", "get", lambda c: reverse("bookings:feeds"), STAFF_A | {"manager_b", "contact"}),
    Row(
        "bookings:feed_revoke",
        "post",
        lambda c: reverse("bookings:feed_revoke", args=[_feed(c).pk]),
        STAFF_A,
        not_found=LOGGED_IN - STAFF_A,
    ),  # fmt: skip
    Row(
        "bookings:organisation_bookings",
        "get",
        lambda c: reverse("bookings:organisation_bookings", args=[c.organisation_a.pk]),
        ORG_VIEWERS,
        not_found=LOGGED_IN - ORG_VIEWERS,
    ),  # fmt: skip
    Row(
        "bookings:series_detail", "get", _series_url("bookings:series_detail"), SERIES_VIEWERS, not_found=SERIES_HIDDEN
    ),
    Row("bookings:split", "get", _series_url("bookings:split"), SERIES_CHANGERS, not_found=SERIES_HIDDEN),
    Row(
        "bookings:series_cancel",
        "post",
        _series_url("bookings:series_cancel"),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
    ),  # fmt: skip
    Row(
        "bookings:decide",
        "post",
        _series_url("bookings:decide"),
        STAFF_A,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {"decision": "approve"},
    ),  # fmt: skip
    Row(
        "bookings:occurrence_move",
        "get",
        _series_url("bookings:occurrence_move", lambda c: _date(c).pk),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
    ),  # fmt: skip
    Row(
        "bookings:occurrence_cancel",
        "post",
        _series_url("bookings:occurrence_cancel", lambda c: _date(c).pk),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
    ),  # fmt: skip
    Row(
        "bookings:occurrence_readd",
        "post",
        _series_url("bookings:occurrence_readd", _cancelled_date),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
    ),  # fmt: skip
    # --- API ---
    Row("api:bookings_series_check", "post", _api("bookings_series_check"), LOGGED_IN, payload=_one_off, api=True),
    Row("api:bookings_series_create", "post", _api("bookings_series_create"), LOGGED_IN, payload=_one_off, api=True),
    Row("api:bookings_series_list", "get", _api("bookings_series_list"), LOGGED_IN, api=True),
    Row("api:bookings_occurrences_list", "get", _api("bookings_occurrences_list"), LOGGED_IN, api=True),
    Row(
        "api:bookings_series_get",
        "get",
        _api("bookings_series_get", series_id=lambda c: _series(c).pk),
        SERIES_VIEWERS,
        not_found=SERIES_HIDDEN,
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_series_update",
        "patch",
        _api("bookings_series_update", series_id=lambda c: _series(c).pk),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {"title": "Koor"},
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_date_cancel",
        "post",
        _api("bookings_date_cancel", series_id=lambda c: _series(c).pk, occurrence_id=lambda c: _date(c).pk),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {"reason": "ziek"},
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_date_move",
        "post",
        _api("bookings_date_move", series_id=lambda c: _series(c).pk, occurrence_id=lambda c: _date(c).pk),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {
            "date": (_date(c).slot_date + timedelta(days=1)).isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
        },
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_date_readd",
        "post",
        _api("bookings_date_readd", series_id=lambda c: _series(c).pk, occurrence_id=_cancelled_date),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_series_split",
        "post",
        _api("bookings_series_split", series_id=lambda c: _series(c).pk),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {"at": _date(c, 1).slot_date.isoformat(), "start_time": "20:00"},
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_series_cancel",
        "post",
        _api("bookings_series_cancel", series_id=lambda c: _series(c).pk),
        SERIES_CHANGERS,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {},
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_series_approve",
        "post",
        _api("bookings_series_approve", series_id=lambda c: _series(c).pk),
        STAFF_A,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {},
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_series_decline",
        "post",
        _api("bookings_series_decline", series_id=lambda c: _series(c).pk),
        STAFF_A,
        not_found=SERIES_HIDDEN,
        payload=lambda c: {"reason": "Dicht"},
        api=True,
    ),  # fmt: skip
    Row("api:bookings_waiting", "get", _api("bookings_waiting"), STAFF_A | {"manager_b"}, api=True),
    Row(
        "api:bookings_trusted_list",
        "get",
        _api("bookings_trusted_list", slug=lambda c: c.house_a.slug),
        EDITORS_A,
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_trusted_add",
        "post",
        _api("bookings_trusted_add", slug=lambda c: c.house_a.slug),
        EDITORS_A,
        payload=lambda c: {"organisation": c.organisation_a.pk},
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_trusted_remove",
        "delete",
        _api("bookings_trusted_remove", slug=lambda c: c.house_a.slug, organisation_id=lambda c: c.organisation_a.pk),
        EDITORS_A,
        api=True,
    ),  # fmt: skip
    Row("api:bookings_feeds_list", "get", _api("bookings_feeds_list"), LOGGED_IN, api=True),
    Row(
        "api:bookings_feeds_create",
        "post",
        _api("bookings_feeds_create"),
        STAFF_A,
        payload=lambda c: {"scope": "room", "id": c.room_a.pk},
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_feeds_revoke",
        "delete",
        _api("bookings_feeds_revoke", feed_id=lambda c: _feed(c).pk),
        STAFF_A,
        not_found=LOGGED_IN - STAFF_A,
        api=True,
    ),  # fmt: skip
    Row(
        "api:bookings_import",
        "post",
        _api("bookings_import", room_id=lambda c: c.room_a.pk),
        STAFF_A,
        payload=lambda c: {"ics": _ics(c)},
        api=True,
    ),  # fmt: skip
]

PUBLIC_ROUTES = {"bookings:ical_feed"}
