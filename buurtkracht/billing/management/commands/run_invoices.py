"""Invoice a period for every house with billing details (cron, e.g. on the 1st for the month before)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from buurtkracht.billing.models import HouseBillingProfile
from buurtkracht.billing.services.invoices import run_invoices
from buurtkracht.billing.services.retry import retrying


class Command(BaseCommand):
    help = "Make and issue the invoices of a period for every house with billing details (default: last month)."

    def add_arguments(self, parser):
        parser.add_argument("--start", type=date.fromisoformat)
        parser.add_argument("--end", type=date.fromisoformat)
        parser.add_argument("--house", action="append", help="Only this house (slug); may repeat.")
        parser.add_argument("--draft", action="store_true", help="Leave the invoices as drafts.")

    def handle(self, *args, start=None, end=None, house=None, draft=False, **options):
        if start is None or end is None:
            first = timezone.localdate().replace(day=1)
            end = first - timedelta(days=1)
            start = end.replace(day=1)
        profiles = HouseBillingProfile.objects.select_related("house").order_by("house__name")
        if house:
            profiles = profiles.filter(house__slug__in=house)
        total = 0
        for profile in profiles:
            try:
                made = retrying(
                    lambda p=profile: run_invoices(
                        actor=None, house=p.house, period_start=start, period_end=end, issue_now=not draft
                    )  # fmt: skip
                )
            except ValidationError as exc:
                self.stdout.write(f"{profile.house.name}: {' '.join(exc.messages)}")
                continue
            total += len(made)
            self.stdout.write(f"{profile.house.name}: {len(made)} invoice(s)")
        self.stdout.write(f"{total} invoice(s) for {start} – {end}.")
