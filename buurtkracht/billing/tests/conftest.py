import pytest
from django.utils import translation

from buurtkracht.billing.tests import factories


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def billed(cast):
    """House A with billing details and an hourly rate card; organisation A with billing details."""
    factories.house_profile(cast.house_a)
    factories.organisation_profile(cast.organisation_a)
    cast.card_a = factories.hourly_card(cast.house_a)
    return cast


def purge_invoices() -> None:
    """Remove every invoice with the maintenance switch on (transactional tests flush the database after, and the
    guard would refuse deleting issued invoices)."""
    from buurtkracht.billing.guards import guards_off
    from buurtkracht.billing.models import ChargeLine, Invoice, InvoiceLine, Payment, Reminder

    with guards_off():
        Reminder.objects.all().delete()
        Payment.objects.all().delete()
        ChargeLine.objects.update(invoice=None)
        InvoiceLine.objects.filter(credits_line__isnull=False).delete()
        InvoiceLine.objects.all().delete()
        Invoice.objects.filter(kind="credit_note").delete()
        Invoice.objects.all().delete()


@pytest.fixture
def unfreeze_after(transactional_db):
    yield
    purge_invoices()
