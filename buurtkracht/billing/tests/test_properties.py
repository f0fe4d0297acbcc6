"""Properties: the sum of the lines is the invoice total; VAT is computed once per rate; credit notes net an
invoice to zero, in one go or in parts. Checked on the pure totals and on issued invoices in the database."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buurtkracht.billing.models import Invoice, InvoiceLine
from buurtkracht.billing.money import percent_of
from buurtkracht.billing.services.invoices import create_credit_note, issue
from buurtkracht.billing.services.payments import payment_status
from buurtkracht.billing.tests.factories import house_profile
from buurtkracht.billing.totals import compute

VAT = [("E", Decimal("0")), ("S", Decimal("21")), ("S", Decimal("9")), ("Z", Decimal("0"))]
amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("5000"), places=2, allow_nan=False)
line = st.tuples(amounts, amounts, st.sampled_from(VAT))
lines = st.lists(line, min_size=1, max_size=12)


class L:
    def __init__(self, net, list_amount, vat):
        self.net_amount, self.list_amount = net, max(net, list_amount)
        self.vat_category, self.vat_rate = vat
        self.vat_exemption_code, self.vat_exemption_reason = "", "vrijgesteld" if vat[0] == "E" else ""


@given(lines)
def test_totals_are_the_sum_of_the_lines_and_vat_is_rounded_once_per_rate(rows):
    items = [L(*row) for row in rows]
    totals = compute(items)
    assert totals.net == sum(i.net_amount for i in items)
    assert totals.gross == totals.net + totals.vat
    for group in totals.groups:
        members = [i for i in items if (i.vat_category, i.vat_rate) == (group.category, group.rate)]
        assert group.taxable == sum(i.net_amount for i in members)
        assert group.vat == percent_of(group.taxable, group.rate)
    negated = compute([L(-i.net_amount, -i.list_amount, (i.vat_category, i.vat_rate)) for i in items])
    assert (negated.net, negated.vat, negated.gross) == (-totals.net, -totals.vat, -totals.gross)


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=lines, split=st.integers(min_value=0, max_value=12))
def test_issued_invoices_add_up_and_credit_notes_net_to_zero(cast, rows, split):
    if not hasattr(cast.house_a, "billing_profile"):
        house_profile(cast.house_a)
    invoice = Invoice.objects.create(house=cast.house_a, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31),
                                     buyer={"name": "Huurder"})  # fmt: skip
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, position=n, service_date=date(2026, 3, 1), description="Regel", unit="use",
                    quantity=1, net_amount=net, list_amount=max(net, gross), vat_category=vat[0], vat_rate=vat[1],
                    vat_exemption_reason="vrijgesteld" if vat[0] == "E" else "")
        for n, (net, gross, vat) in enumerate(rows, start=1)
    )  # fmt: skip
    issue([invoice], actor=None)
    invoice.refresh_from_db()
    stored = list(invoice.lines.all())
    assert invoice.net_total == sum(x.net_amount for x in stored)
    assert invoice.gross_total == invoice.net_total + invoice.vat_total
    assert invoice.vat_total == compute(stored).vat
    chosen = [x.pk for x in stored[: min(split, len(stored))]]
    notes = []
    if chosen:
        notes.append(create_credit_note(invoice, actor=None, reason="Deel", line_ids=chosen, issue_now=True))
    if len(chosen) < len(stored):
        notes.append(create_credit_note(invoice, actor=None, reason="Rest", issue_now=True))
    assert invoice.net_total + sum(n.net_total for n in notes) == 0
    assert sum(x.net_amount for n in notes for x in n.lines.all()) == -invoice.net_total
    if len(notes) == 1:
        assert notes[0].gross_total == -invoice.gross_total
        assert notes[0].vat_total == -invoice.vat_total
        assert payment_status(invoice) in {"credited", "paid"}
    else:
        # Each document rounds its own VAT per rate (EN 16931), so parts may differ by a cent per rate.
        rates = len({(x.vat_category, x.vat_rate) for x in stored})
        assert abs(invoice.gross_total + sum(n.gross_total for n in notes)) <= Decimal("0.01") * rates
