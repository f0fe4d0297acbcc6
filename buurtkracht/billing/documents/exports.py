"""Exports for the bookkeeper: invoices, invoice lines (a journal with ledger account and VAT code per line)
and revenue forgone, as CSV (UTF-8 with BOM, semicolons and decimal commas, as Dutch and Flemish Excel
expect) or XLSX.

Every text cell is safe against formula injection: a value starting with = + - @ tab or carriage return gets
a leading apostrophe, and XLSX text cells are written as strings, never as formulas.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from buurtkracht.billing.categories import category_labels
from buurtkracht.billing.models import Invoice, InvoiceLine
from buurtkracht.billing.money import cents
from buurtkracht.billing.services.payments import STATUS_LABELS, payment_status

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
RENT_CODES = {"rent", "cancellation"}


def safe_text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def invoice_rows(invoices) -> tuple[list[str], list[list]]:
    header = [_("Number"), _("Kind"), _("Invoice date"), _("Pay before"), _("Renter"), _("Reference"),
              _("Total excluding VAT"), _("VAT amount"), _("Total"), _("Paid"), _("Still to pay"), _("Status")]  # fmt: skip
    rows = []
    for invoice in invoices.with_balance().order_by("issue_date", "sequence"):
        rows.append([
            invoice.number, invoice.get_kind_display(), invoice.issue_date, invoice.due_date,
            invoice.buyer.get("name", ""), invoice.buyer_reference, invoice.net_total, invoice.vat_total,
            invoice.gross_total, cents(invoice.paid), cents(max(invoice.outstanding, 0)) if not invoice.is_credit_note
            else cents(0), str(STATUS_LABELS[payment_status(invoice)]),
        ])  # fmt: skip
    return header, rows


def line_rows(invoices) -> tuple[list[str], list[list]]:
    header = [_("Invoice"), _("Invoice date"), _("Date"), _("Description"), _("Room"), _("Renter category"),
              _("Ledger account"), _("Cost centre"), _("Quantity"), _("List price"), _("Amount"), _("VAT code"),
              _("VAT rate (%)"), _("VAT exemption reason")]  # fmt: skip
    labels = category_labels(None)
    lines = (
        InvoiceLine.objects.filter(invoice__in=invoices)
        .select_related("invoice", "invoice__house", "charge")
        .order_by("invoice__issue_date", "invoice__sequence", "position")
    )
    rows = []
    for line in lines:
        code = line.charge.code if line.charge_id else "rent"
        ledger = _("Room hire") if code in RENT_CODES else _("Other income")
        rows.append([
            line.invoice.number, line.invoice.issue_date, line.service_date, line.description, line.room_name,
            labels.get(line.category, line.category), ledger, line.invoice.house.name, line.quantity,
            line.list_amount, line.net_amount, line.vat_category, line.vat_rate, line.vat_exemption_reason,
        ])  # fmt: skip
    return header, rows


def forgone_rows(report) -> tuple[list[str], list[list]]:
    header = [_("Renter category"), _("Booked dates"), _("Hours"), _("At list price"), _("Charged"),
              _("Revenue forgone"), _("Above list price")]  # fmt: skip
    rows = [
        [report.label(row), row.dates, row.hours, row.list_total, row.charged, row.forgone, row.premium]
        for row in report.rows
    ]
    return header, rows


def _csv_value(value) -> str:
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return str(value).replace(".", ",")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return safe_text(value)


def to_csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in header])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = safe_text(title)[:31] or "Export"
    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = "#,##0.00"
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = value
            elif hasattr(value, "isoformat"):
                cell.value = value
                cell.number_format = "dd-mm-yyyy"
            else:
                cell.value = safe_text(value)
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def house_invoices(house):
    return Invoice.objects.filter(house=house, status=Invoice.Status.ISSUED)
