"""Gap-free numbers under concurrency: invoice runs and single issues in parallel threads (each with its own
database connection) get consecutive, unique numbers; an issue that rolls back takes none.

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL (where the counter row is locked FOR UPDATE)."""

import contextlib
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection, transaction

from buurtkracht.billing.models import Invoice, InvoiceLine
from buurtkracht.billing.services.invoices import issue, issue_draft, run_invoices
from buurtkracht.billing.services.retry import retrying
from buurtkracht.billing.tests.factories import book, hourly_card, house_profile
from buurtkracht.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Rollback(Exception):
    pass


def _draft(house, n):
    invoice = Invoice.objects.create(house=house, period_start=date(2026, 5, 1), period_end=date(2026, 5, 31),
                                     buyer={"name": f"Huurder {n}"})  # fmt: skip
    InvoiceLine.objects.create(invoice=invoice, position=1, service_date=date(2026, 5, 1), description="Zaalhuur",
                               unit="use", quantity=1, list_amount=Decimal("10"), net_amount=Decimal("10"),
                               vat_category="E", vat_rate=0)  # fmt: skip
    return invoice


def _in_threads(jobs):
    errors = []
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Rollback:
            pass
        except Exception as exc:  # collected and re-raised in the test thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return errors


def test_parallel_runs_and_issues_give_consecutive_unique_numbers(cast, unfreeze_after):
    house_profile(cast.house_a)
    hourly_card(cast.house_a)
    organisations = [OrganisationFactory(network=cast.network_a) for _ in range(4)]
    for n, org in enumerate(organisations):
        book(cast.room_a, date(2026, 3, 2 + n), kind="weekly", count=2, organisation=org)
        book(cast.room_a, date(2026, 4, 6 + n), organisation=org)
    drafts = [_draft(cast.house_a, n) for n in range(8)]

    def run_month(start, end):
        return lambda: retrying(
            lambda: run_invoices(actor=None, house=cast.house_a, period_start=start, period_end=end)
        )

    def issue_some(chunk):
        def job():
            for draft in chunk:
                retrying(lambda draft=draft: issue_draft(draft, actor=None))

        return job

    def issue_and_roll_back():
        def attempt(draft):
            with transaction.atomic():
                issue([Invoice.objects.get(pk=draft.pk)], actor=None)
                raise Rollback

        for draft in drafts[6:]:
            with contextlib.suppress(Rollback):
                retrying(lambda draft=draft: attempt(draft))

    errors = _in_threads([
        run_month(date(2026, 3, 1), date(2026, 3, 31)), run_month(date(2026, 4, 1), date(2026, 4, 30)),
        issue_some(drafts[:3]), issue_some(drafts[3:6]), issue_and_roll_back,
    ])  # fmt: skip
    assert not errors, errors
    issued = list(Invoice.objects.filter(status="issued").order_by("sequence").values_list("sequence", "number"))
    assert [s for s, _n in issued] == list(range(1, 4 + 4 + 6 + 1))
    assert len({n for _s, n in issued}) == len(issued)
    assert Invoice.objects.filter(pk__in=[d.pk for d in drafts[6:]], status="draft").count() == 2
