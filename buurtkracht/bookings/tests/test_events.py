"""Bookings tells others (billing) which dates became confirmed or stopped being confirmed: after commit only,
never for a rolled-back change, from every service that changes a confirmed date, and a failing listener never
undoes the booking."""

from datetime import time, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from buurtkracht.bookings import events
from buurtkracht.bookings.models import BookingSeries, Occurrence
from buurtkracht.bookings.services import approval, exceptions, ics_import
from buurtkracht.bookings.services.series import create_series
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.bookings.tests.test_import import event, ics

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every event sent, as (signal name, sorted ids, actor)."""
    got = []

    def confirmed(sender, occurrence_ids, actor, **kwargs):
        assert sender is Occurrence
        got.append(("confirmed", sorted(occurrence_ids), actor))

    def cancelled(sender, occurrence_ids, actor, **kwargs):
        assert sender is Occurrence
        got.append(("cancelled", sorted(occurrence_ids), actor))

    events.occurrences_confirmed.connect(confirmed, weak=False, dispatch_uid="test_heard_confirmed")
    events.occurrences_cancelled.connect(cancelled, weak=False, dispatch_uid="test_heard_cancelled")
    yield got
    events.occurrences_confirmed.disconnect(dispatch_uid="test_heard_confirmed")
    events.occurrences_cancelled.disconnect(dispatch_uid="test_heard_cancelled")


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """``with after_commit():`` runs the on-commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ids(queryset, **filters) -> list[int]:
    return sorted(queryset.filter(**filters).values_list("pk", flat=True))


def request_by_contact(cast, **extra):
    fields = {"kind": "weekly", "weekdays": [1], "count": 3, "organisation": cast.organisation_a,
              "first_date": future_monday() + timedelta(days=1)}  # fmt: skip
    fields.update(extra)
    return create_series(actor=cast.contact, house=cast.house_a, room=cast.room_a, title="Koor",
                         start_time=time(19, 30), duration_minutes=120, **fields)  # fmt: skip


def test_sent_only_after_commit_once_per_id_and_never_for_no_dates(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        events.send_after_commit(events.occurrences_confirmed, [], actor=None)
        events.send_after_commit(events.occurrences_cancelled, iter(()), actor=None)
        assert callbacks == []
        events.send_after_commit(events.occurrences_confirmed, [7, 3, 7], actor="someone")
    assert len(callbacks) == 1 and heard == []  # not before the commit
    callbacks[0]()
    assert heard == [("confirmed", [3, 7], "someone")]


def test_a_rolled_back_booking_sends_nothing(cast, heard, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        book(cast.room_a, actor=cast.manager_a)
        raise RuntimeError("the rest of the request failed")
    assert callbacks == [] and heard == []
    assert not BookingSeries.objects.exists()


def test_a_failing_listener_is_logged_and_never_undoes_the_booking(cast, heard, after_commit, caplog):
    def broken(sender, **kwargs):
        raise RuntimeError("listener down")

    events.occurrences_confirmed.connect(broken, weak=False, dispatch_uid="test_broken")
    try:
        with after_commit():
            series = book(cast.room_a, actor=cast.manager_a)
    finally:
        events.occurrences_confirmed.disconnect(dispatch_uid="test_broken")
    assert BookingSeries.objects.get(pk=series.pk).status == "confirmed"
    assert heard == [("confirmed", ids(series.occurrences), cast.manager_a)]  # the other listeners still heard it
    assert "A receiver of a bookings event failed" in caplog.text and "listener down" in caplog.text


def test_a_request_is_silent_until_approved_and_a_decline_tells_cancelled(cast, heard, after_commit):
    with after_commit():
        series = request_by_contact(cast)
    assert heard == []
    first, *rest = series.occurrences.order_by("start")
    with after_commit():
        approval.approve([first], actor=cast.manager_a)
        approval.decline(rest, actor=cast.manager_a, reason="De zaal is dan al bezet.")
    assert heard == [
        ("confirmed", [first.pk], cast.manager_a),
        ("cancelled", sorted(o.pk for o in rest), cast.manager_a),
    ]


def test_confirmed_at_once_staff_trusted_organisations_and_the_import(cast, heard, after_commit):
    with after_commit():
        by_staff = book(cast.room_a, actor=cast.manager_a, status=None, kind="weekly", weekdays=[0], count=2)
    approval.trust(house=cast.house_a, organisation=cast.organisation_a, actor=cast.manager_a)
    with after_commit():
        trusted = request_by_contact(cast)
    data = ics(event("club-1", future_monday(4), extra="RRULE:FREQ=WEEKLY;COUNT=2\r\n"))
    with after_commit():
        [imported] = ics_import.import_file(data=data, room=cast.room_a, actor=cast.manager_a)
    assert trusted.status == by_staff.status == imported.status == "confirmed"
    assert heard == [
        ("confirmed", ids(by_staff.occurrences), cast.manager_a),
        ("confirmed", ids(trusted.occurrences), cast.contact),
        ("confirmed", ids(imported.occurrences), cast.manager_a),
    ]


def test_an_option_tells_when_it_is_confirmed_and_not_when_it_lapses(cast, heard, after_commit):
    with after_commit():
        kept = book(cast.room_a, actor=cast.manager_a, status=None, option=True)
        lapsing = book(cast.room_a, actor=cast.manager_a, status=None, option=True, first_date=future_monday(3))
    assert heard == []
    with after_commit():
        approval.approve_series(kept, actor=cast.manager_a)
        assert approval.expire_options(now=timezone.now() + timedelta(days=60)) == 1
    assert lapsing.occurrences.get().status == "expired"
    assert heard == [("confirmed", ids(kept.occurrences), cast.manager_a)]


def test_per_date_changes_tell_what_the_date_is_now(cast, heard, after_commit):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=4, organisation=cast.organisation_a)
    first, second, third, fourth = series.occurrences.order_by("start")
    day = third.local_date + timedelta(days=1)
    with after_commit():
        exceptions.cancel_date(first, actor=cast.manager_a, reason="Ziek")
        exceptions.readd_date(first, actor=cast.manager_a)
        exceptions.move_date(second, actor=cast.manager_a, day=second.local_date, start_time=time(20),
                             duration_minutes=120)  # fmt: skip
        moved = exceptions.move_date(third, actor=cast.contact, day=day, start_time=time(19, 30),
                                     duration_minutes=120)  # fmt: skip
    assert moved.status == "requested"  # a change by the renter waits for the house again
    assert heard == [
        ("cancelled", [first.pk], cast.manager_a),
        ("confirmed", [first.pk], cast.manager_a),
        ("confirmed", [second.pk], cast.manager_a),
        ("cancelled", [third.pk], cast.contact),
    ]
    heard.clear()
    with after_commit():
        assert exceptions.cancel_series(series, actor=cast.manager_a, reason="Club opgeheven") == 4
    assert heard == [("cancelled", ids(series.occurrences), cast.manager_a)]
    assert fourth.pk in heard[0][1]


def test_a_changed_pattern_and_a_split_tell_the_confirmed_dates(cast, heard, after_commit):
    series = book(cast.room_a, kind="weekly", weekdays=[0], count=4)
    with after_commit():
        exceptions.reschedule(series, actor=cast.manager_a, start_time=time(18), count=3)
    assert heard == [("confirmed", ids(series.occurrences), cast.manager_a)]
    assert series.occurrences.count() == 3
    heard.clear()
    at = series.occurrences.order_by("start")[1].slot_date
    with after_commit():
        new = exceptions.split_series(series, at=at, actor=cast.manager_a, title="Koor (nieuw seizoen)")
    assert heard == [("confirmed", ids(new.occurrences), cast.manager_a)]
    assert new.occurrences.count() == 2


def test_billing_listens_in_the_running_app():
    from buurtkracht.billing import receivers

    assert receivers.CONNECTED is True
    confirmed, _async = events.occurrences_confirmed._live_receivers(Occurrence)
    cancelled, _async = events.occurrences_cancelled._live_receivers(Occurrence)
    assert receivers.on_confirmed in confirmed and receivers.on_cancelled in cancelled
