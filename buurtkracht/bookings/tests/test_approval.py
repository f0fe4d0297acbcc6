"""Requests, decisions, trusted organisations, options that lapse, and mail only after commit."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from buurtkracht.bookings.models import Occurrence, SpaceClaim
from buurtkracht.bookings.services import approval
from buurtkracht.bookings.services.conflicts import SlotTaken
from buurtkracht.bookings.services.series import create_series
from buurtkracht.bookings.tests.factories import book, future_monday
from buurtkracht.core.models import LogEntry

pytestmark = pytest.mark.django_db


def request_by_contact(cast, **extra):
    fields = {"kind": "weekly", "weekdays": [1], "count": 3, "organisation": cast.organisation_a,
              "first_date": future_monday() + timedelta(days=1)}  # fmt: skip
    fields.update({k: v for k, v in extra.items() if v is not None})
    return create_series(actor=cast.contact, house=cast.house_a, room=cast.room_a, title="Koor",
                         start_time=time(19, 30), duration_minutes=120, **fields)  # fmt: skip


def test_a_contact_requests_and_a_manager_approves_one_date_and_declines_the_rest(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        series = request_by_contact(cast)
    assert series.status == "requested"
    assert [m.to for m in mail.outbox] == [["manager_a@example.org"], ["contact@example.org"]]
    assert "Nieuwe aanvraag" in mail.outbox[0].subject
    assert [o.pk for o in approval.waiting_for(cast.manager_a)] == list(
        series.occurrences.order_by("start").values_list("pk", flat=True)
    )
    assert list(approval.waiting_for(cast.manager_b)) == []
    first, *rest = series.occurrences.order_by("slot_date")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approval.approve([first], actor=cast.manager_a)
        approval.decline(rest, actor=cast.volunteer_a, reason="De zaal wordt geverfd.")
    statuses = dict(series.occurrences.values_list("pk", "status"))
    assert statuses[first.pk] == "confirmed" and {statuses[o.pk] for o in rest} == {"declined"}
    assert SpaceClaim.objects.filter(occurrence__in=rest).count() == 0
    assert "geverfd" in mail.outbox[1].body and "afgewezen" in mail.outbox[1].subject
    assert LogEntry.objects.filter(action="bookings.occurrence.declined").exists()
    series.refresh_from_db()
    assert series.status == "confirmed"


def test_declining_needs_a_reason_and_deciding_twice_is_refused(cast):
    series = request_by_contact(cast)
    with pytest.raises(ValidationError):
        approval.decline(list(series.occurrences.all()), actor=cast.manager_a, reason=" ")
    approval.approve_series(series, actor=cast.manager_a)
    with pytest.raises(ValidationError):
        approval.approve_series(series, actor=cast.manager_a)


def test_a_request_holds_the_room_until_it_is_declined(cast):
    series = request_by_contact(cast, count=1, kind="one_off")
    with pytest.raises(SlotTaken):
        book(cast.room_a, title="Later", first_date=series.first_date)
    approval.decline_series(series, actor=cast.manager_a, reason="Dicht")
    book(cast.room_a, title="Later", first_date=series.first_date)


def test_trusted_organisations_are_approved_at_once(cast):
    approval.trust(house=cast.house_a, organisation=cast.organisation_a, actor=cast.manager_a)
    series = request_by_contact(cast)
    assert set(series.occurrences.values_list("status", flat=True)) == {"confirmed"}
    approval.distrust(house=cast.house_a, organisation=cast.organisation_a, actor=cast.manager_a)
    assert request_by_contact(cast, first_date=future_monday() + timedelta(days=3), weekdays=[3]).status == "requested"


def test_a_rolled_back_booking_sends_no_mail(cast, django_capture_on_commit_callbacks):
    book(cast.room_a, first_date=future_monday() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SlotTaken):
        request_by_contact(cast)
    assert mail.outbox == []


def test_options_lapse_and_the_expiry_command_is_idempotent(cast):
    series = request_by_contact(cast, option=True)
    assert series.status == "provisional" and series.provisional_until
    Occurrence.objects.filter(series=series).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_options")
    assert set(series.occurrences.values_list("status", flat=True)) == {"expired"}
    assert SpaceClaim.objects.count() == 0
    assert approval.expire_options() == 0


def test_a_lapsed_option_frees_its_slot_before_the_job_runs(cast):
    series = request_by_contact(cast, option=True, kind="one_off")
    Occurrence.objects.filter(series=series).update(expires_at=timezone.now() - timedelta(minutes=1))
    book(cast.room_a, first_date=series.first_date, title="Nieuw")
    assert series.occurrences.get().status == "expired"


def test_mail_goes_out_in_the_recipients_language(cast, django_capture_on_commit_callbacks):
    cast.contact.language = "en"
    cast.contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        request_by_contact(cast)
    to_contact = next(m for m in mail.outbox if m.to == ["contact@example.org"])
    assert to_contact.subject.startswith("We received your booking request")
