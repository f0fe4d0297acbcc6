"""UBL 2.1 Invoice and CreditNote following Peppol BIS Billing 3.0 or the Dutch NLCIUS (SI-UBL 2.0).

Built with the standard library from the frozen invoice (seller and buyer details copied at issue, lines,
totals), so the XML of an issued invoice never changes. Credit notes are stored with negative amounts and
written with positive ones, as UBL wants. Tests run every document through the official validation
artefacts (``../shared/data/einvoice/validate.py``): XSD, EN 16931, Peppol and NLCIUS rules.
"""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtkracht.billing.models import Invoice
from buurtkracht.billing.money import cents
from buurtkracht.billing.totals import compute

NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = {
    "peppol": "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    "nlcius": "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0",
}
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
UNIT_CODES = {"hour": "HUR", "day_part": "C62", "use": "C62"}
SEPA_CREDIT_TRANSFER = "58"
SLACK = Decimal("0.02")
ZERO = Decimal("0.00")

ET.register_namespace("cac", NS["cac"])
ET.register_namespace("cbc", NS["cbc"])


def _money(value: Decimal) -> str:
    return f"{cents(value):.2f}"


def _percent(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


def _quantity(value: Decimal) -> str:
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text or "0"


class _Builder:
    def __init__(self, root_name: str) -> None:
        # The root is written with a default namespace (``<Invoice xmlns="…">``); ElementTree cannot do that
        # for a namespaced element with plain attributes, so the declaration is set as an attribute.
        self.root = ET.Element(root_name, {"xmlns": NS[root_name]})

    @staticmethod
    def cbc(parent, name: str, text, **attrs):
        element = ET.SubElement(parent, f"{{{NS['cbc']}}}{name}", {k.replace("_", ""): v for k, v in attrs.items()})
        element.text = str(text)
        return element

    @staticmethod
    def cac(parent, name: str):
        return ET.SubElement(parent, f"{{{NS['cac']}}}{name}")

    def amount(self, parent, name: str, value: Decimal):
        return self.cbc(parent, name, _money(value), currencyID="EUR")


def missing_for_e_invoice(invoice: Invoice) -> list[str]:
    """Sentences naming what the seller or buyer details lack for an e-invoice (empty when complete)."""
    seller, buyer = invoice.seller or {}, invoice.buyer or {}
    problems = []
    if not (seller.get("registration_number") or seller.get("oin")):
        problems.append(_("The house has no chamber of commerce number or OIN."))
    if not (seller.get("vat_id") or seller.get("tax_registration_id")):
        problems.append(_("The house has no VAT number or fiscal number."))
    if not all(seller.get(k) for k in ("street", "postcode", "city")):
        problems.append(_("The address of the house is not complete."))
    if not buyer.get("company_id"):
        problems.append(_("The renter has no registration number to deliver the e-invoice to."))
    if not all(buyer.get(k) for k in ("street", "postcode", "city")):
        problems.append(_("The address of the renter is not complete."))
    if not (invoice.buyer_reference or buyer.get("buyer_reference")):
        problems.append(_("The renter's reference is missing."))
    return problems


def _seller_scheme(seller: dict) -> tuple[str, str]:
    if seller.get("oin"):
        return "0190", seller["oin"]
    return ("0208" if seller.get("country") == "BE" else "0106"), seller.get("registration_number", "")


def _address(b: _Builder, parent, data: dict) -> None:
    address = b.cac(parent, "PostalAddress")
    b.cbc(address, "StreetName", data["street"])
    b.cbc(address, "CityName", data["city"])
    b.cbc(address, "PostalZone", data["postcode"])
    country = b.cac(address, "Country")
    b.cbc(country, "IdentificationCode", data.get("country") or "NL")


def _supplier(b: _Builder, seller: dict) -> None:
    party = b.cac(b.cac(b.root, "AccountingSupplierParty"), "Party")
    scheme, number = _seller_scheme(seller)
    b.cbc(party, "EndpointID", number, schemeID=scheme)
    b.cbc(b.cac(party, "PartyName"), "Name", seller.get("house") or seller["name"])
    _address(b, party, seller)
    if seller.get("vat_id"):
        tax = b.cac(party, "PartyTaxScheme")
        b.cbc(tax, "CompanyID", seller["vat_id"])
        b.cbc(b.cac(tax, "TaxScheme"), "ID", "VAT")
    elif seller.get("tax_registration_id"):
        tax = b.cac(party, "PartyTaxScheme")
        b.cbc(tax, "CompanyID", seller["tax_registration_id"])
        b.cbc(b.cac(tax, "TaxScheme"), "ID", "FC")
    legal = b.cac(party, "PartyLegalEntity")
    b.cbc(legal, "RegistrationName", seller["name"])
    b.cbc(legal, "CompanyID", number, schemeID=scheme)
    if seller.get("email") or seller.get("phone"):
        contact = b.cac(party, "Contact")
        if seller.get("phone"):
            b.cbc(contact, "Telephone", seller["phone"])
        if seller.get("email"):
            b.cbc(contact, "ElectronicMail", seller["email"])


def _customer(b: _Builder, buyer: dict) -> None:
    party = b.cac(b.cac(b.root, "AccountingCustomerParty"), "Party")
    scheme = buyer.get("company_id_scheme") or "0106"
    b.cbc(party, "EndpointID", buyer["company_id"], schemeID=scheme)
    b.cbc(b.cac(party, "PartyName"), "Name", buyer["name"])
    _address(b, party, buyer)
    if buyer.get("vat_id"):
        tax = b.cac(party, "PartyTaxScheme")
        b.cbc(tax, "CompanyID", buyer["vat_id"])
        b.cbc(b.cac(tax, "TaxScheme"), "ID", "VAT")
    legal = b.cac(party, "PartyLegalEntity")
    b.cbc(legal, "RegistrationName", buyer["name"])
    b.cbc(legal, "CompanyID", buyer["company_id"], schemeID=scheme)
    if buyer.get("contact") or buyer.get("email"):
        contact = b.cac(party, "Contact")
        if buyer.get("contact"):
            b.cbc(contact, "Name", buyer["contact"])
        if buyer.get("email"):
            b.cbc(contact, "ElectronicMail", buyer["email"])


def _tax_category(b: _Builder, parent, name: str, category: str, rate: Decimal, *, code: str = "", reason: str = ""):
    element = b.cac(parent, name)
    b.cbc(element, "ID", category)
    b.cbc(element, "Percent", _percent(rate))
    if code:
        b.cbc(element, "TaxExemptionReasonCode", code)
    if reason:
        b.cbc(element, "TaxExemptionReason", reason)
    b.cbc(b.cac(element, "TaxScheme"), "ID", "VAT")
    return element


def _line_price(quantity: Decimal, net: Decimal, gross: Decimal) -> tuple[Decimal, str, Decimal, Decimal]:
    """(quantity, unit code override or '', net unit price, gross unit price) that UBL can check: quantity ×
    price must be the line amount within two cents; otherwise one unit at the line amount."""
    if quantity > 0:
        unit_net, unit_gross = cents(net / quantity), cents(gross / quantity)
        if abs(unit_net * quantity - net) <= SLACK:
            return quantity, "", unit_net, unit_gross
    return Decimal(1), "C62", net, gross


def _lines(b: _Builder, lines, *, credit: bool) -> None:
    line_name, quantity_name = ("CreditNoteLine", "CreditedQuantity") if credit else ("InvoiceLine", "InvoicedQuantity")
    sign = -1 if credit else 1
    for line in lines:
        net, gross = sign * line.net_amount, sign * line.list_amount
        quantity, unit_override, unit_net, unit_gross = _line_price(line.quantity, net, gross)
        element = b.cac(b.root, line_name)
        b.cbc(element, "ID", line.position)
        b.cbc(element, quantity_name, _quantity(quantity), unitCode=unit_override or UNIT_CODES.get(line.unit, "C62"))
        b.amount(element, "LineExtensionAmount", net)
        period = b.cac(element, "InvoicePeriod")
        b.cbc(period, "StartDate", line.service_date.isoformat())
        b.cbc(period, "EndDate", line.service_date.isoformat())
        item = b.cac(element, "Item")
        if line.rule:
            b.cbc(item, "Description", line.rule)
        b.cbc(item, "Name", line.description)
        _tax_category(b, item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate)
        price = b.cac(element, "Price")
        b.amount(price, "PriceAmount", unit_net)
        if unit_gross > unit_net:
            allowance = b.cac(price, "AllowanceCharge")
            b.cbc(allowance, "ChargeIndicator", "false")
            b.amount(allowance, "Amount", unit_gross - unit_net)
            b.amount(allowance, "BaseAmount", unit_gross)


def render_ubl(invoice: Invoice, *, profile: str | None = None) -> bytes:
    """The UBL XML of an issued invoice or credit note. ``profile`` is ``peppol`` or ``nlcius`` (default: what
    the buyer asked for, else Peppol). Texts are in the invoice's language, so the bytes never change."""
    with translation.override(invoice.language or "nl"):
        return _render(invoice, profile=profile)


def _render(invoice: Invoice, *, profile: str | None) -> bytes:
    if not invoice.is_issued:
        raise ValidationError(_("Only an issued invoice has an e-invoice."))
    problems = missing_for_e_invoice(invoice)
    if problems:
        raise ValidationError(" ".join([_("This invoice cannot be sent as an e-invoice.")] + problems))
    profile = profile or invoice.e_invoice or "peppol"
    nlcius = profile == "nlcius"
    credit = invoice.is_credit_note
    lines = list(invoice.lines.order_by("position"))
    totals = compute(lines)
    sign = -1 if credit else 1
    seller, buyer = invoice.seller, invoice.buyer
    b = _Builder("CreditNote" if credit else "Invoice")
    root = b.root
    b.cbc(root, "CustomizationID", CUSTOMIZATION[profile])
    b.cbc(root, "ProfileID", PROFILE)
    b.cbc(root, "ID", invoice.number)
    b.cbc(root, "IssueDate", invoice.issue_date.isoformat())
    if not credit:
        b.cbc(root, "DueDate", invoice.due_date.isoformat())
        b.cbc(root, "InvoiceTypeCode", "380")
    else:
        b.cbc(root, "CreditNoteTypeCode", "381")
    if invoice.note:
        b.cbc(root, "Note", invoice.note[:1000])
    b.cbc(root, "DocumentCurrencyCode", "EUR")
    b.cbc(root, "BuyerReference", invoice.buyer_reference or buyer.get("buyer_reference"))
    period = b.cac(root, "InvoicePeriod")
    b.cbc(period, "StartDate", invoice.period_start.isoformat())
    b.cbc(period, "EndDate", invoice.period_end.isoformat())
    if credit:
        reference = b.cac(b.cac(root, "BillingReference"), "InvoiceDocumentReference")
        b.cbc(reference, "ID", invoice.credited_invoice.number)
    _supplier(b, seller)
    _customer(b, buyer)
    if not credit and seller.get("iban"):
        means = b.cac(root, "PaymentMeans")
        b.cbc(means, "PaymentMeansCode", SEPA_CREDIT_TRANSFER)
        b.cbc(means, "PaymentID", invoice.number)
        account = b.cac(means, "PayeeFinancialAccount")
        b.cbc(account, "ID", seller["iban"])
    terms = b.cac(root, "PaymentTerms")
    if credit:
        b.cbc(terms, "Note", _("This amount is set off against open invoices or paid back."))
    else:
        b.cbc(terms, "Note", _("Pay before %(date)s, quoting %(number)s.") % {
            "date": date_format(invoice.due_date, "j F Y"), "number": invoice.number})  # fmt: skip
    tax_total = b.cac(root, "TaxTotal")
    b.amount(tax_total, "TaxAmount", sign * totals.vat)
    for group in totals.groups:
        subtotal = b.cac(tax_total, "TaxSubtotal")
        b.amount(subtotal, "TaxableAmount", sign * group.taxable)
        b.amount(subtotal, "TaxAmount", sign * group.vat)
        exempt = group.category == "E"
        _tax_category(
            b, subtotal, "TaxCategory", group.category, group.rate,
            code=group.exemption_code if exempt and not nlcius else "",
            reason=(group.exemption_reason or _("Exempt from VAT")) if exempt else "",
        )  # fmt: skip
    monetary = b.cac(root, "LegalMonetaryTotal")
    b.amount(monetary, "LineExtensionAmount", sign * totals.net)
    b.amount(monetary, "TaxExclusiveAmount", sign * totals.net)
    b.amount(monetary, "TaxInclusiveAmount", sign * totals.gross)
    b.amount(monetary, "PayableAmount", sign * totals.gross)
    _lines(b, lines, credit=credit)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
