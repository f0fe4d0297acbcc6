"""Send the payment reminders that are due. Idempotent: run it daily from cron as often as you like."""

from datetime import date

from django.core.management.base import BaseCommand

from buurtkracht.billing.services.payments import send_invoice_reminders


class Command(BaseCommand):
    help = "Send payment reminders for overdue invoices (each step of each invoice at most once)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        sent = send_invoice_reminders(today=today)
        self.stdout.write(f"{sent} reminder(s) sent.")
