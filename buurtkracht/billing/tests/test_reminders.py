"""Payment reminders follow the house's schedule, are sent once per step and only after commit, and never for a
paid or credited invoice."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from buurtkracht.billing.models import Reminder
from buurtkracht.billing.services.invoices import create_credit_note, run_invoices
from buurtkracht.billing.services.payments import record_payment, send_invoice_reminders
from buurtkracht.billing.tests.factories import book

pytestmark = pytest.mark.django_db
MARCH = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}


@pytest.fixture
def invoice(billed):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    return run_invoices(actor=None, house=billed.house_a, **MARCH)[0]


def test_reminders_follow_the_schedule_once_per_step(invoice, django_capture_on_commit_callbacks):
    due = invoice.due_date
    with django_capture_on_commit_callbacks(execute=True):
        assert send_invoice_reminders(today=due + timedelta(days=6)) == 0
        assert send_invoice_reminders(today=due + timedelta(days=7)) == 1
        assert send_invoice_reminders(today=due + timedelta(days=8)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["facturen@vereniging.example"]
    assert message.subject == f"Herinnering: factuur {invoice.number} van Huis A"
    assert "Nog te betalen: € 32,00." in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_invoice_reminders(today=due + timedelta(days=30)) == 1
        assert send_invoice_reminders(today=due + timedelta(days=30)) == 0
    assert len(mail.outbox) == 2 and list(Reminder.objects.values_list("level", flat=True)) == [1, 2]


def test_the_mail_goes_only_after_commit(invoice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_invoice_reminders(today=invoice.due_date + timedelta(days=7))
    assert len(callbacks) == 1 and mail.outbox == []


def test_no_reminder_for_a_paid_or_credited_invoice(invoice, billed, django_capture_on_commit_callbacks):
    record_payment(invoice, actor=None, amount=invoice.gross_total, paid_on=invoice.issue_date)
    book(billed.room_a, date(2026, 3, 9), organisation=billed.organisation_a)
    second = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    create_credit_note(second, actor=None, reason="Vergissing", issue_now=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_invoice_reminders(today=invoice.due_date + timedelta(days=40)) == 0
    assert mail.outbox == []


def test_the_command_is_idempotent(invoice, capsys):
    day = (invoice.due_date + timedelta(days=7)).isoformat()
    call_command("send_invoice_reminders", today=date.fromisoformat(day))
    call_command("send_invoice_reminders", today=date.fromisoformat(day))
    assert Reminder.objects.count() == 1
    assert "1 reminder(s) sent." in capsys.readouterr().out
