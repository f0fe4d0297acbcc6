"""JSON API for billing, under /api/v1/billing/. Every operation needs a session or a token and the permission
on the house, invoice, organisation or network; bad input gets 422 with a message and nothing is saved."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from buurtkracht.billing.documents.pdf import render_pdf
from buurtkracht.billing.documents.ubl import render_ubl
from buurtkracht.billing.getters import (
    get_house_for_user,
    get_invoice_for_user,
    get_network_for_user,
    get_organisation_for_user,
)
from buurtkracht.billing.models import Invoice, RateCard
from buurtkracht.billing.money import cents
from buurtkracht.billing.pricing import cost_covering_rate
from buurtkracht.billing.schemas import (
    CreditNoteIn,
    ForgoneOut,
    ForgoneQuery,
    InvoiceDetailOut,
    InvoiceFilters,
    InvoicePage,
    InvoiceRunIn,
    Message,
    PaymentIn,
    PaymentOut,
    QuoteOut,
    QuoteQuery,
    RateCardIn,
    RateCardOut,
)
from buurtkracht.billing.services import invoices as invoice_services
from buurtkracht.billing.services import tariffs
from buurtkracht.billing.services.payments import payment_status, record_payment
from buurtkracht.billing.services.quotes import network_id_for, quote, slots_on
from buurtkracht.billing.services.reports import revenue_forgone
from buurtkracht.billing.services.retry import retrying
from buurtkracht.billing.views.other import quote_organisations

router = Router(tags=["billing"])
ERRORS = {401: Message, 403: Message, 404: Message, 422: Message}
SlugPath = Path(..., max_length=160, pattern=r"^[-a-zA-Z0-9_]+$")
IdPath = Path(..., ge=1, le=2**63 - 1)


# --- Output builders ----------------------------------------------------------------------------------


def _invoice(invoice: Invoice, *, lines: bool = False) -> dict:
    paid = getattr(invoice, "paid", None)
    if paid is None:
        invoice = Invoice.objects.filter(pk=invoice.pk).select_related("house", "credited_invoice").with_balance().get()
    data = {
        "id": invoice.pk, "kind": invoice.kind, "status": invoice.status, "payment_status": payment_status(invoice),
        "number": invoice.number, "house": invoice.house.slug, "organisation_id": invoice.organisation_id,
        "buyer_name": invoice.buyer.get("name", ""), "buyer_reference": invoice.buyer_reference,
        "issue_date": invoice.issue_date, "due_date": invoice.due_date, "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "credits_invoice": invoice.credited_invoice.number if invoice.credited_invoice_id else None,
        "net_total": invoice.net_total, "vat_total": invoice.vat_total, "gross_total": invoice.gross_total,
        "paid": cents(invoice.paid), "outstanding": cents(invoice.outstanding if invoice.is_issued else invoice.gross_total),
        "url": invoice.get_absolute_url(),
    }  # fmt: skip
    if lines:
        data["lines"] = [
            {"id": line.pk, "position": line.position, "date": line.service_date, "description": line.description,
             "rule": line.rule, "category": line.category, "quantity": line.quantity, "list_amount": line.list_amount,
             "net_amount": line.net_amount, "vat_category": line.vat_category, "vat_rate": line.vat_rate}
            for line in invoice.lines.order_by("position")
        ]  # fmt: skip
    return data


def _card(card: RateCard) -> dict:
    return {
        "id": card.pk, "name": card.name, "room": card.room_id, "hire": card.hire, "valid_from": card.valid_from,
        "valid_until": card.valid_until, "unit": card.unit, "hour_price": card.hour_price, "use_price": card.use_price,
        "morning_price": card.morning_price, "afternoon_price": card.afternoon_price,
        "evening_price": card.evening_price, "minimum_charge": card.minimum_charge, "day_cap": card.day_cap,
        "vat_category": card.vat_category, "vat_rate": card.vat_rate,
        "cost_covering_rate_m2": cost_covering_rate(
            yearly_costs=card.integral_yearly_costs, net_area_m2=card.net_lettable_area_m2,
            open_hours=card.open_hours_per_year, occupancy_percent=card.occupancy_target_percent),
        "categories": [
            {"category": r.category, "discount_percent": r.discount_percent, "own_price": r.own_price,
             "free_hours_per_year": r.free_hours_per_year, "deposit": r.deposit}
            for r in card.category_rates.all()
        ],
    }  # fmt: skip


def _forgone(report) -> dict:
    def row(r, label=""):
        return {"key": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.key.items()},
                "label": label, "dates": r.dates, "hours": r.hours, "list_total": r.list_total, "charged": r.charged,
                "forgone": r.forgone, "premium": r.premium, "result_at_list": r.result_at_list}  # fmt: skip

    return {
        "start": report.start, "end": report.end, "group_by": list(report.group_by),
        "rows": [row(r, report.label(r) if "category" in r.key else "") for r in report.rows],
        "total": row(report.total),
    }  # fmt: skip


def _period(query: ForgoneQuery) -> tuple[date, date]:
    year = timezone.localdate().year
    start, end = query.start or date(year, 1, 1), query.end or date(year, 12, 31)
    if end < start:
        raise ValidationError({"end": [_("The last day must be on or after the first day.")]})
    return start, end


# --- Quotes -------------------------------------------------------------------------------------------


@router.get("/quote", response={200: QuoteOut, **ERRORS}, url_name="billing_quote", operation_id="billing_quote")
def get_quote(request, q: Query[QuoteQuery]):
    """The price per date and in total of a booking that is not made yet: list price, discount, free hours,
    extras and VAT. Nothing is saved."""
    house = get_house_for_user(request.user, q.house, perm="billing.quote:view")
    room = house.rooms.filter(pk=q.room).first()
    if room is None:
        raise Http404
    organisation = None
    if q.organisation is not None:
        organisation = quote_organisations(request.user, house).filter(pk=q.organisation).first()
        if organisation is None:
            raise Http404
    slots = slots_on(house, q.dates, q.start, q.end)
    result = quote(house=house, room=room, slots=slots, organisation=organisation, extras=q.extras)
    return {
        "house": house.slug, "room": room.pk, "category": result.category, "category_label": result.category_label,
        "dates": [
            {"date": d.local_date, "start": d.start.isoformat(), "end": d.end.isoformat(), "priced": d.priced,
             "list_total": d.price.list_total if d.price else None, "total": d.price.total if d.price else None,
             "lines": [{**{f: getattr(line, f) for f in (
                 "code", "description", "rule", "unit", "quantity", "hours", "list_unit_price", "applied_unit_price",
                 "list_amount", "amount", "free_hours", "vat_category", "vat_rate")}, "discount": line.discount}
                 for line in (d.price.lines if d.price else ())]}
            for d in result.dates
        ],
        "list_total": result.list_total, "total": result.total, "discount": result.discount,
        "vat_total": result.vat_total, "gross_total": result.gross_total,
        "free_hours_before": result.free_hours_before, "free_hours_used": result.free_hours_used,
        "notes": result.notes,
    }  # fmt: skip


# --- Invoices -----------------------------------------------------------------------------------------


@router.get("/invoices", response={200: InvoicePage, **ERRORS}, url_name="billing_invoices",
            operation_id="billing_invoices")  # fmt: skip
def list_invoices(request, filters: Query[InvoiceFilters]):
    """Invoices you may see: of the houses whose books you keep, and the issued invoices of your organisations."""
    qs = Invoice.objects.visible_to(request.user).select_related("house", "credited_invoice").with_balance()
    if filters.house:
        qs = qs.filter(house__slug=filters.house)
    if filters.status == "open":
        qs = qs.still_to_pay()
    elif filters.status:
        qs = qs.filter(status=filters.status)
    qs = qs.order_by("-created_at", "-pk")
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "results": [_invoice(i) for i in page]}


@router.get("/invoices/{invoice_id}", response={200: InvoiceDetailOut, **ERRORS}, url_name="billing_invoice",
            operation_id="billing_invoice")  # fmt: skip
def get_invoice(request, invoice_id: int = IdPath):
    return _invoice(get_invoice_for_user(request.user, invoice_id), lines=True)


@router.get("/invoices/{invoice_id}/ubl", response={200: None, **ERRORS}, url_name="billing_invoice_ubl",
            operation_id="billing_invoice_ubl")  # fmt: skip
def get_invoice_ubl(request, invoice_id: int = IdPath, profile: str | None = Query(None, pattern="^(peppol|nlcius)$")):
    """The e-invoice (UBL 2.1, Peppol BIS Billing 3.0 or NLCIUS) of an issued invoice or credit note."""
    invoice = get_invoice_for_user(request.user, invoice_id)
    return HttpResponse(render_ubl(invoice, profile=profile), content_type="application/xml")


@router.get("/invoices/{invoice_id}/pdf", response={200: None, **ERRORS}, url_name="billing_invoice_pdf",
            operation_id="billing_invoice_pdf")  # fmt: skip
def get_invoice_pdf(request, invoice_id: int = IdPath):
    invoice = get_invoice_for_user(request.user, invoice_id)
    return HttpResponse(render_pdf(invoice), content_type="application/pdf")


@router.post("/invoices/{invoice_id}/issue", response={200: InvoiceDetailOut, **ERRORS},
             url_name="billing_invoice_issue", operation_id="billing_invoice_issue")  # fmt: skip
def issue_invoice(request, invoice_id: int = IdPath):
    invoice = get_invoice_for_user(request.user, invoice_id, perm="billing.invoice:manage")
    issued = retrying(lambda: invoice_services.issue_draft(invoice, actor=request.user))
    return Status(200, _invoice(issued, lines=True))


@router.post("/invoices/{invoice_id}/payments", response={201: PaymentOut, **ERRORS},
             url_name="billing_payment_create", operation_id="billing_payment_create")  # fmt: skip
def add_payment(request, payload: PaymentIn, invoice_id: int = IdPath):
    invoice = get_invoice_for_user(request.user, invoice_id, perm="billing.invoice:manage")
    payment = record_payment(invoice, actor=request.user, amount=payload.amount, paid_on=payload.paid_on,
                             reference=payload.reference)  # fmt: skip
    return Status(
        201, {"id": payment.pk, "amount": payment.amount, "paid_on": payment.paid_on, "reference": payment.reference}
    )


@router.post("/invoices/{invoice_id}/credit-notes", response={201: InvoiceDetailOut, **ERRORS},
             url_name="billing_credit_note_create", operation_id="billing_credit_note_create")  # fmt: skip
def add_credit_note(request, payload: CreditNoteIn, invoice_id: int = IdPath):
    invoice = get_invoice_for_user(request.user, invoice_id, perm="billing.invoice:manage")
    note = retrying(lambda: invoice_services.create_credit_note(
        invoice, actor=request.user, reason=payload.reason, line_ids=payload.line_ids, issue_now=payload.issue))  # fmt: skip
    return Status(201, _invoice(note, lines=True))


# --- Houses -------------------------------------------------------------------------------------------


@router.get("/houses/{slug}/rate-cards", response={200: list[RateCardOut], **ERRORS},
            url_name="billing_rate_cards", operation_id="billing_rate_cards")  # fmt: skip
def list_rate_cards(request, slug: str = SlugPath):
    house = get_house_for_user(request.user, slug, perm="billing.house:view")
    return [_card(c) for c in RateCard.objects.filter(house=house).prefetch_related("category_rates")]


@router.post("/houses/{slug}/rate-cards", response={201: RateCardOut, **ERRORS},
             url_name="billing_rate_card_create", operation_id="billing_rate_card_create")  # fmt: skip
def create_rate_card(request, payload: RateCardIn, slug: str = SlugPath):
    house = get_house_for_user(request.user, slug, perm="billing.house:manage")
    fields = payload.model_dump(exclude={"categories", "room"}, exclude_none=False)
    if fields.get("vat_exemption_reason") is None:
        fields.pop("vat_exemption_reason")
    if payload.room is not None:
        room = house.rooms.filter(pk=payload.room).first()
        if room is None:
            raise ValidationError({"room": [_("This room does not belong to this house.")]})
        fields["room"] = room
    categories = {k: v.model_dump() for k, v in payload.categories.items()}
    card = tariffs.create_rate_card(actor=request.user, house=house, categories=categories, **fields)
    return Status(201, _card(card))


@router.post("/houses/{slug}/invoice-runs", response={201: list[InvoiceDetailOut], **ERRORS},
             url_name="billing_invoice_run", operation_id="billing_invoice_run")  # fmt: skip
def invoice_run(request, payload: InvoiceRunIn, slug: str = SlugPath):
    """Invoice everything of the house in the period that was not invoiced yet (refused when there is none)."""
    house = get_house_for_user(request.user, slug, perm="billing.house:manage")
    made = retrying(lambda: invoice_services.run_invoices(
        actor=request.user, house=house, period_start=payload.period_start, period_end=payload.period_end,
        issue_now=payload.issue))  # fmt: skip
    return Status(201, [_invoice(i, lines=True) for i in made])


@router.get("/houses/{slug}/revenue-forgone", response={200: ForgoneOut, **ERRORS},
            url_name="billing_house_forgone", operation_id="billing_house_forgone")  # fmt: skip
def house_forgone(request, q: Query[ForgoneQuery], slug: str = SlugPath):
    """Revenue forgone per renter category (social investment) with the result at list price. Managers also get
    a breakdown per organisation in the web page; the API gives categories only."""
    house = get_house_for_user(request.user, slug, perm="billing.house:view_revenue")
    start, end = _period(q)
    return _forgone(revenue_forgone(start=start, end=end, houses=[house.pk], network_id=network_id_for(house)))


@router.get("/networks/{slug}/revenue-forgone", response={200: ForgoneOut, **ERRORS},
            url_name="billing_network_forgone", operation_id="billing_network_forgone")  # fmt: skip
def network_forgone(request, q: Query[ForgoneQuery], slug: str = SlugPath):
    """Revenue forgone of every house of the network, per house and renter category (aggregated)."""
    network = get_network_for_user(request.user, slug, perm="billing.network:view_revenue")
    start, end = _period(q)
    report = revenue_forgone(start=start, end=end, houses=network.houses.all(), group_by=("house", "category"),
                             network_id=network.pk)  # fmt: skip
    return _forgone(report)


@router.get("/organisations/{organisation_id}/invoices", response={200: InvoicePage, **ERRORS},
            url_name="billing_organisation_invoices", operation_id="billing_organisation_invoices")  # fmt: skip
def organisation_invoices(request, organisation_id: int = IdPath):
    organisation = get_organisation_for_user(request.user, organisation_id, perm="billing.organisation:view")
    qs = Invoice.objects.issued().filter(organisation=organisation).select_related("house", "credited_invoice")
    qs = qs.with_balance().order_by("-issue_date", "-pk")
    return {"count": qs.count(), "results": [_invoice(i) for i in qs[:200]]}
