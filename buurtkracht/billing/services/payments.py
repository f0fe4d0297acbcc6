"""Payments, payment status and reminders.

What is owed = the invoice total + its issued credit notes (negative) − payments. Reminders follow the
house's schedule (days after the due date), one per step; a paid or fully credited invoice gets none. The
reminder row and the mail go together: the mail is sent only after the row is committed, and the unique
(invoice, step) row makes the command safe to run as often as you like.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.billing.models import HouseBillingProfile, Invoice, Payment, Reminder
from buurtkracht.billing.money import cents, euro, to_decimal
from buurtkracht.core.audit import log_action

ZERO = Decimal("0.00")

STATUS_LABELS = {
    "draft": gettext_lazy("draft"),
    "open": gettext_lazy("open"),
    "overdue": gettext_lazy("overdue"),
    "partly_paid": gettext_lazy("partly paid"),
    "paid": gettext_lazy("paid"),
    "credited": gettext_lazy("credited"),
    "credit_note": gettext_lazy("credit note"),
}


def balance(invoice: Invoice) -> tuple[Decimal, Decimal, Decimal]:
    """(paid, credited, outstanding) of one invoice."""
    if hasattr(invoice, "outstanding"):
        return cents(invoice.paid), cents(invoice.credited), cents(invoice.outstanding)
    row = Invoice.objects.filter(pk=invoice.pk).with_balance().values("paid", "credited", "outstanding").get()
    return cents(row["paid"]), cents(row["credited"]), cents(row["outstanding"])


def payment_status(invoice: Invoice, *, today: date | None = None) -> str:
    if invoice.status == Invoice.Status.DRAFT:
        return "draft"
    if invoice.is_credit_note:
        return "credit_note"
    paid, credited, outstanding = balance(invoice)
    if outstanding <= 0:
        return "credited" if credited and paid < invoice.gross_total else "paid"
    if paid > 0:
        return "partly_paid"
    if invoice.due_date and invoice.due_date < (today or timezone.localdate()):
        return "overdue"
    return "open"


@transaction.atomic
def record_payment(invoice: Invoice, *, actor, amount, paid_on: date, reference: str = "") -> Payment:
    """Record money received (or, negative, paid back). Refuses more than is open, and refunds of more than
    was paid."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    errors: dict[str, list[str]] = {}
    try:
        amount = to_decimal(amount).quantize(Decimal("0.01"))
    except Exception:
        raise ValidationError({"amount": [_("Enter an amount like 12,50.")]}) from None
    if not invoice.is_issued or invoice.is_credit_note:
        raise ValidationError(_("Payments can only be recorded for an issued invoice."))
    paid, _credited, outstanding = balance(invoice)
    if amount == 0:
        errors["amount"] = [_("Enter an amount other than zero.")]
    elif amount > outstanding:
        errors["amount"] = [_("This is more than is still open (%(open)s).") % {"open": euro(max(outstanding, ZERO))}]
    elif amount < 0 and -amount > paid:
        errors["amount"] = [_("You cannot pay back more than was paid (%(paid)s).") % {"paid": euro(paid)}]
    if paid_on is None:
        errors["paid_on"] = [_("Enter the date of the payment.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("The payment date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    payment = Payment.objects.create(
        invoice=invoice, amount=amount, paid_on=paid_on, reference=reference.strip()[:100], recorded_by=actor
    )
    log_action(actor, "billing.payment.recorded", invoice, house_id=invoice.house_id,
               organisation_id=invoice.organisation_id, data={"amount": amount, "paid_on": paid_on})  # fmt: skip
    return payment


# --- Reminders ----------------------------------------------------------------------------------------


def due_level(invoice: Invoice, schedule: list[int], today: date) -> int:
    """How many steps of the schedule have passed since the due date (0 = none yet)."""
    if not invoice.due_date or not schedule:
        return 0
    late = (today - invoice.due_date).days
    return sum(1 for days in schedule if late >= days)


def _send_reminder(invoice: Invoice, *, level: int, email: str, outstanding: Decimal) -> None:
    with translation.override(invoice.language or settings.LANGUAGE_CODE):
        context = {
            "invoice": invoice,
            "level": level,
            "outstanding": euro(outstanding),
            "url": settings.SITE_URL.rstrip("/") + invoice.get_absolute_url(),
        }
        subject = render_to_string("billing/email/reminder_subject.txt", context).strip()
        body = render_to_string("billing/email/reminder.txt", context)
    send_mail(subject, body, invoice.seller.get("email") or None, [email])


def send_invoice_reminders(*, today: date | None = None, actor=None) -> int:
    """Send the reminders that are due. Idempotent: each step of each invoice is sent at most once (a unique row
    per invoice and step, written before the mail). The mails go after the rows are committed. Returns how
    many reminders were sent."""
    today = today or timezone.localdate()
    profiles = {p.house_id: p.reminder_schedule for p in HouseBillingProfile.objects.all()}
    candidates = (
        Invoice.objects.still_to_pay()
        .filter(due_date__lt=today)
        .prefetch_related(Prefetch("reminders", queryset=Reminder.objects.order_by("level")))
    )
    sent = 0
    with transaction.atomic():
        for invoice in candidates:
            email = invoice.buyer.get("email", "")
            level = due_level(invoice, profiles.get(invoice.house_id, [7, 21]), today)
            done = max((r.level for r in invoice.reminders.all()), default=0)
            if not email or level <= done:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(invoice=invoice, level=level, sent_to=email)
            except IntegrityError:
                continue  # another run sent this step just now
            log_action(actor, "billing.reminder.sent", invoice, house_id=invoice.house_id,
                       organisation_id=invoice.organisation_id, data={"level": level})  # fmt: skip
            transaction.on_commit(
                partial(_send_reminder, invoice, level=level, email=email, outstanding=cents(invoice.outstanding)),
                robust=True,
            )
            sent += 1
    return sent
