"""Invoices: drafting from charges, issuing with gap-free numbers, invoice runs, credit notes.

An invoice run for a house and a period first makes sure every confirmed date has its charges (and that
cancelled dates follow the cancellation rule), then drafts one invoice per organisation, plus one per
booking of renters without an organisation, and issues them all in the same transaction. A run for a
period with nothing to invoice is refused and saves nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtkracht.billing.models import ChargeLine, Deposit, HouseBillingProfile, Invoice, InvoiceLine
from buurtkracht.billing.services import bulk, numbering
from buurtkracht.billing.totals import compute
from buurtkracht.core.audit import log_action

ZERO = Decimal("0.00")
LINE_BATCH = 2000


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def house_profile(house) -> HouseBillingProfile:
    profile = HouseBillingProfile.objects.filter(house=house).first()
    if profile is None:
        raise ValidationError(
            _("Fill in the billing details of %(house)s first: legal name, address, IBAN and invoice number prefix.")
            % {"house": house.name}
        )
    return profile


def seller_snapshot(house, profile: HouseBillingProfile) -> dict:
    return {
        "house": house.name, "name": profile.legal_name, "street": profile.street, "postcode": profile.postcode,
        "city": profile.city, "country": profile.country, "registration_number": profile.registration_number,
        "oin": profile.oin, "vat_id": profile.vat_id, "tax_registration_id": profile.tax_registration_id,
        "iban": profile.iban.replace(" ", "").upper(), "bic": profile.bic, "email": profile.email,
        "phone": profile.phone, "colour": profile.accent_colour, "footer": profile.footer,
    }  # fmt: skip


def buyer_snapshot(*, organisation=None, series=None) -> dict:
    if organisation is not None:
        profile = getattr(organisation, "billing_profile", None)
        contacts = list(organisation.contacts.all())  # prefetched by the invoice run
        contact = next((c for c in contacts if c.is_primary), contacts[0] if contacts else None)
        data = {
            "name": organisation.name, "street": organisation.street, "postcode": organisation.postcode,
            "city": organisation.city, "country": "NL", "email": organisation.email,
            "company_id": organisation.registration_number, "company_id_scheme": "0106", "vat_id": "",
            "contact": contact.name if contact else "", "e_invoice": "", "buyer_reference": "",
        }  # fmt: skip
        if profile is not None:
            data.update(
                name=profile.legal_name or organisation.name, street=profile.street or organisation.street,
                postcode=profile.postcode or organisation.postcode, city=profile.city or organisation.city,
                country=profile.country, email=profile.invoice_email or organisation.email,
                company_id=profile.company_id or organisation.registration_number,
                company_id_scheme=profile.company_id_scheme, vat_id=profile.vat_id, e_invoice=profile.e_invoice,
                buyer_reference=profile.buyer_reference,
            )  # fmt: skip
        return data
    booker = series.booker if series is not None else None
    return {
        "name": (series.renter_name if series else "") or (booker.display_name if booker else "") or _("Renter"),
        "street": "", "postcode": "", "city": "", "country": "NL",
        "email": (series.renter_email if series else "") or (booker.email if booker else ""),
        "company_id": "", "company_id_scheme": "", "vat_id": "", "contact": "", "e_invoice": "", "buyer_reference": "",
    }  # fmt: skip


CHARGE_VALUES = (
    "pk", "organisation_id", "series_id", "room_id", "local_date", "start", "description", "rule", "category", "unit",
    "quantity", "hours", "list_amount", "amount", "vat_category", "vat_rate", "vat_exemption_code",
    "vat_exemption_reason",
)  # fmt: skip


def uninvoiced_charges(queryset) -> list[SimpleNamespace]:
    """Uninvoiced charges as plain values, ordered per debtor and date, with their room name."""
    rows = queryset.uninvoiced().order_by("organisation_id", "series_id", "local_date", "start", "pk")
    charges = [SimpleNamespace(**row) for row in rows.values(*CHARGE_VALUES, "room__name")]
    for charge in charges:
        charge.room_name = charge.room__name or ""
    return charges


LINE_FIELDS = (
    "invoice_id", "position", "charge_id", "service_date", "description", "rule", "category", "room_name", "unit",
    "quantity", "hours", "list_amount", "net_amount", "vat_category", "vat_rate", "vat_exemption_code",
    "vat_exemption_reason",
)  # fmt: skip


def _line_row(invoice: Invoice, charge, position: int) -> tuple:
    """An invoice line copied from a charge, in the order of LINE_FIELDS."""
    return (
        invoice.pk, position, charge.pk, charge.local_date, charge.description, charge.rule, charge.category,
        charge.room_name, charge.unit, charge.quantity, charge.hours, charge.list_amount, charge.amount,
        charge.vat_category, charge.vat_rate, charge.vat_exemption_code, charge.vat_exemption_reason,
    )  # fmt: skip


def _deposit_note(deposits: list[Deposit]) -> str:
    from buurtkracht.billing.money import euro

    notes = []
    for deposit in deposits:
        notes.append(
            _("Please also pay a deposit of %(amount)s before you get the key. It is not part of this invoice; you get "
              "it back when the room is left as you found it.") % {"amount": euro(deposit.amount)}
        )  # fmt: skip
    return " ".join(dict.fromkeys(notes))


def _group_key(charge):
    return ("organisation", charge.organisation_id) if charge.organisation_id else ("series", charge.series_id)


def draft_invoices(
    *, house, charges: list, period_start: date, period_end: date, actor, issue_now: bool = False
) -> list[Invoice]:
    """Draft one invoice per debtor from uninvoiced ``charges`` (ordered by date): drafts, lines, and the charges
    linked to them. With ``issue_now`` the drafts get their numbers, totals and seller details as they are
    written, and one statement issues them all after their lines are in (the database accepts lines only on
    drafts); otherwise numbers come only when :func:`issue` is called."""
    groups: dict[tuple, list[ChargeLine]] = defaultdict(list)
    for charge in charges:
        groups[_group_key(charge)].append(charge)
    organisations = _organisations({k[1] for k in groups if k[0] == "organisation"})
    series_by_id = _series({c.series_id for c in charges if c.series_id})
    deposits: dict[int, list[Deposit]] = defaultdict(list)
    for deposit in Deposit.objects.filter(series_id__in=list(series_by_id), status=Deposit.Status.REQUESTED):
        deposits[deposit.series_id].append(deposit)
    invoices, line_sets = [], []
    for key, items in groups.items():
        organisation = organisations.get(key[1]) if key[0] == "organisation" else None
        series = series_by_id.get(key[1]) if key[0] == "series" else None
        buyer = buyer_snapshot(organisation=organisation, series=series)
        references = {getattr(getattr(series_by_id.get(c.series_id), "billing_terms", None), "buyer_reference", "")
                      for c in items} - {""}  # fmt: skip
        reference = buyer["buyer_reference"] or (sorted(references)[0] if references else "")
        invoices.append(
            Invoice(
                house=house, organisation=organisation, series=series, status=Invoice.Status.DRAFT,
                period_start=period_start, period_end=period_end, buyer=buyer, buyer_reference=reference,
                e_invoice=buyer.get("e_invoice", ""), created_by=actor, language=translation.get_language() or "nl",
                note=_deposit_note([d for s in dict.fromkeys(c.series_id for c in items) for d in deposits.get(s, ())]),
            )
        )  # fmt: skip
        line_sets.append(items)
    if issue_now:
        _number(house, list(zip(invoices, line_sets, strict=True)))
    Invoice.objects.bulk_create(invoices)
    rows = []
    for invoice, items in zip(invoices, line_sets, strict=True):
        invoice._lines = items  # the charges carry what the totals need (amount, list amount, VAT)
        rows.extend(_line_row(invoice, charge, position) for position, charge in enumerate(items, start=1))
    bulk.insert(InvoiceLine, LINE_FIELDS, rows, batch=LINE_BATCH)
    bulk.set_column(ChargeLine, "invoice", [(c.pk, i.pk) for i, items in zip(invoices, line_sets, strict=True)
                                           for c in items])  # fmt: skip
    if issue_now:
        for start in range(0, len(invoices), LINE_BATCH):
            Invoice.objects.filter(pk__in=[i.pk for i in invoices[start : start + LINE_BATCH]]).update(
                status=Invoice.Status.ISSUED
            )
        for invoice in invoices:
            invoice.status = Invoice.Status.ISSUED
        _log_issued(actor, invoices)
    return invoices


def _number(house, pairs: list[tuple[Invoice, list]], *, today: date | None = None) -> None:
    """Reserve consecutive numbers for ``pairs`` of (invoice, its lines) and freeze their totals, dates and seller
    details (in memory; the caller writes them)."""
    today = today or timezone.localdate()
    profile = house_profile(house)
    seller = seller_snapshot(house, profile)
    for _invoice, lines in pairs:
        if not lines:
            raise ValidationError(_("An invoice without lines cannot be issued."))
    counter, first = numbering.reserve(
        scope=numbering.scope_for(house, profile), year=today.year, prefix=profile.number_prefix, count=len(pairs)
    )
    now = timezone.now()
    for offset, (invoice, lines) in enumerate(pairs):
        totals = compute(lines)
        invoice.counter, invoice.sequence = counter, first + offset
        invoice.number = numbering.format_number(counter.prefix, today.year, invoice.sequence)
        invoice.issue_date, invoice.issued_at = today, now
        invoice.due_date = today if invoice.is_credit_note else today + timedelta(days=profile.payment_days)
        invoice.seller = seller
        invoice.net_total, invoice.vat_total, invoice.gross_total = totals.net, totals.vat, totals.gross


def _organisations(ids):
    from buurtkracht.organisations.models import Organisation

    return Organisation.objects.select_related("billing_profile").prefetch_related("contacts").in_bulk(list(ids))


def _series(ids):
    from buurtkracht.bookings.models import BookingSeries

    return BookingSeries.objects.select_related("booker", "billing_terms").in_bulk(list(ids))


@transaction.atomic
def issue(invoices: list[Invoice], *, actor, issue_date: date | None = None) -> list[Invoice]:
    """Give drafts their numbers and freeze them: totals, seller details and dates. All or nothing."""
    if not invoices:
        return []
    today = issue_date or timezone.localdate()
    by_house: dict[int, list[Invoice]] = defaultdict(list)
    for invoice in invoices:
        if invoice.status != Invoice.Status.DRAFT:
            raise ValidationError(_("Invoice %(number)s was already issued.") % {"number": invoice.number})
        by_house[invoice.house_id].append(invoice)
    lines_by_invoice: dict[int, list[InvoiceLine]] = defaultdict(list)
    unknown = [i.pk for i in invoices if getattr(i, "_lines", None) is None]
    for invoice in invoices:
        if getattr(invoice, "_lines", None) is not None:  # just drafted in this transaction
            lines_by_invoice[invoice.pk] = invoice._lines
    for line in InvoiceLine.objects.filter(invoice__in=unknown).order_by("position"):
        lines_by_invoice[line.invoice_id].append(line)
    for items in by_house.values():
        _number(items[0].house, [(i, lines_by_invoice[i.pk]) for i in items], today=today)
        for invoice in items:
            changed = Invoice.objects.filter(pk=invoice.pk, status=Invoice.Status.DRAFT).update(
                counter=invoice.counter, sequence=invoice.sequence, number=invoice.number,
                status=Invoice.Status.ISSUED, issue_date=invoice.issue_date, issued_at=invoice.issued_at,
                due_date=invoice.due_date, seller=invoice.seller, net_total=invoice.net_total,
                vat_total=invoice.vat_total, gross_total=invoice.gross_total,
            )  # fmt: skip
            if not changed:  # issued by someone else meanwhile: give every number of this batch back
                raise ValidationError(_("Invoice %(number)s was already issued.") % {"number": invoice.number})
            invoice.status = Invoice.Status.ISSUED
        _log_issued(actor, items)
    return invoices


def _log_issued(actor, invoices: list[Invoice]) -> None:
    """One audit entry per issued invoice, as ``log_action`` writes it, inserted in one statement (an invoice
    run issues thousands)."""
    from django.contrib.contenttypes.models import ContentType

    from buurtkracht.core.models import LogEntry

    content_type = ContentType.objects.get_for_model(Invoice)
    person = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    LogEntry.objects.bulk_create(
        [LogEntry(actor=person, action="billing.invoice.issued", content_type=content_type, object_id=str(i.pk),
                  object_repr=str(i)[:255], house_id=i.house_id, organisation_id=i.organisation_id,
                  data={"number": i.number, "total": str(i.gross_total)}) for i in invoices],
        batch_size=500,
    )  # fmt: skip


def validate_period(start: date | None, end: date | None) -> None:
    errors = {}
    if start is None:
        errors["period_start"] = [_("Enter the first day of the period.")]
    if end is None:
        errors["period_end"] = [_("Enter the last day of the period.")]
    elif start is not None and end < start:
        errors["period_end"] = [_("The last day must be on or after the first day.")]
    elif start is not None and (end - start).days > 400:
        errors["period_end"] = [_("A period can be at most a year long.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def run_invoices(*, actor, house, period_start: date, period_end: date, issue_now: bool = True) -> list[Invoice]:
    """Invoice everything of ``house`` with a date in the period that was not invoiced yet."""
    validate_period(period_start, period_end)
    # One run per house at a time: the second waits here, then finds the charges already invoiced.
    HouseBillingProfile.objects.select_for_update().filter(house=house).first() or house_profile(house)
    from buurtkracht.billing.services.charges import ensure_charges, reconcile_cancellations

    ensure_charges(house=house, start=period_start, end=period_end, actor=actor)
    reconcile_cancellations(house=house, start=period_start, end=period_end, actor=actor)
    charges = uninvoiced_charges(ChargeLine.objects.filter(house=house, local_date__range=(period_start, period_end)))
    if not charges:
        raise ValidationError(
            _("There is nothing to invoice for %(house)s from %(start)s up to and including %(end)s.")
            % {"house": house.name, "start": _day(period_start), "end": _day(period_end)}
        )
    invoices = draft_invoices(house=house, charges=charges, period_start=period_start, period_end=period_end,
                              actor=actor, issue_now=issue_now)  # fmt: skip
    log_action(actor, "billing.invoice_run.done", house, house_id=house.pk,
               data={"from": period_start, "to": period_end, "invoices": len(invoices), "lines": len(charges)})  # fmt: skip
    return invoices


@transaction.atomic
def invoice_series(series, *, actor, issue_now: bool = True) -> Invoice:
    """One invoice for one booking (a one-off hire): every uninvoiced charge of the booking, at once."""
    from buurtkracht.billing.services.charges import cancel_charges, charge_occurrences

    HouseBillingProfile.objects.select_for_update().filter(house=series.house).first() or house_profile(series.house)
    charge_occurrences(series.occurrences.all(), actor=actor)
    cancel_charges(series.occurrences.exclude(status="confirmed"), actor=actor)  # as the run, when an event got lost
    charges = uninvoiced_charges(ChargeLine.objects.filter(series=series))
    if not charges:
        raise ValidationError(_("There is nothing to invoice for this booking."))
    days = [c.local_date for c in charges]
    invoice = draft_invoices(
        house=series.house,
        charges=charges,
        period_start=min(days),
        period_end=max(days),
        actor=actor,
        issue_now=issue_now,
    )[0]
    return invoice


@transaction.atomic
def issue_draft(invoice: Invoice, *, actor) -> Invoice:
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    issue([locked], actor=actor)
    return locked


@transaction.atomic
def delete_draft(invoice: Invoice, *, actor) -> None:
    if invoice.status != Invoice.Status.DRAFT:
        raise ValidationError(_("An issued invoice cannot be deleted. Make a credit note instead."))
    ChargeLine.objects.filter(invoice=invoice).update(invoice=None)
    log_action(actor, "billing.invoice.deleted", invoice, house_id=invoice.house_id,
               organisation_id=invoice.organisation_id)  # fmt: skip
    invoice.delete()


# --- Credit notes -------------------------------------------------------------------------------------


def _creditable(invoice: Invoice, line_ids=None) -> list[InvoiceLine]:
    lines = invoice.lines.select_related("charge").order_by("position")
    if line_ids is not None:
        lines = lines.filter(pk__in=list(line_ids))
    credited = set(InvoiceLine.objects.filter(credits_line__invoice=invoice).values_list("credits_line_id", flat=True))
    return [line for line in lines if line.pk not in credited]


def _draft_credit_note(invoice: Invoice, lines: list[InvoiceLine], *, actor, reason: str) -> Invoice:
    note = Invoice.objects.filter(credited_invoice=invoice, status=Invoice.Status.DRAFT).first()
    if note is None:
        note = Invoice.objects.create(
            kind=Invoice.Kind.CREDIT_NOTE, house_id=invoice.house_id, organisation_id=invoice.organisation_id,
            series_id=invoice.series_id, credited_invoice=invoice, period_start=invoice.period_start,
            period_end=invoice.period_end, buyer=invoice.buyer, buyer_reference=invoice.buyer_reference,
            e_invoice=invoice.e_invoice, note=reason, created_by=actor, language=invoice.language,
        )  # fmt: skip
        log_action(actor, "billing.credit_note.created", note, house_id=note.house_id,
                   organisation_id=note.organisation_id, data={"invoice": invoice.number, "reason": reason})  # fmt: skip
    position = (note.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    already = set(note.lines.values_list("credits_line_id", flat=True))
    new = []
    for line in lines:
        if line.pk in already:
            continue
        new.append(
            InvoiceLine(
                invoice=note, position=position, charge_id=line.charge_id, credits_line=line,
                service_date=line.service_date, description=line.description, rule=line.rule,
                category=line.category, room_name=line.room_name, unit=line.unit, quantity=line.quantity,
                hours=line.hours, list_amount=-line.list_amount, net_amount=-line.net_amount,
                vat_category=line.vat_category, vat_rate=line.vat_rate, vat_exemption_code=line.vat_exemption_code,
                vat_exemption_reason=line.vat_exemption_reason,
            )
        )  # fmt: skip
        position += 1
    InvoiceLine.objects.bulk_create(new)
    return note


@transaction.atomic
def create_credit_note(invoice: Invoice, *, actor, reason: str, line_ids=None, issue_now: bool = False) -> Invoice:
    """Credit the chosen lines (all when ``line_ids`` is None) of an issued invoice. The credited charges are
    void afterwards (their free hours go back). Nothing already credited is credited twice."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not invoice.is_issued or invoice.is_credit_note:
        raise ValidationError(_("Only an issued invoice can be credited."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why you credit this invoice.")]})
    lines = _creditable(invoice, line_ids)
    if not lines:
        raise ValidationError(_("There is nothing left to credit on this invoice."))
    note = _draft_credit_note(invoice, lines, actor=actor, reason=reason.strip())
    _void_charges([line.charge_id for line in lines if line.charge_id])
    if issue_now:
        issue([note], actor=actor)
    return note


def _void_charges(charge_ids) -> None:
    from buurtkracht.billing.services.charges import _give_back_free_hours

    charges = list(ChargeLine.objects.filter(pk__in=list(charge_ids), status=ChargeLine.Status.ACTIVE))
    for charge in charges:
        _give_back_free_hours(charge)
        charge.status = ChargeLine.Status.VOID
    ChargeLine.objects.bulk_update(charges, ["status"])


def credit_charges(charges: list[ChargeLine], *, actor, reason: str) -> list[Invoice]:
    """Put invoiced charges that no longer apply on a draft credit note of their invoice (for the manager to
    check and issue)."""
    by_invoice: dict[int, list[int]] = defaultdict(list)
    for charge in charges:
        by_invoice[charge.invoice_id].append(charge.pk)
    notes = []
    for invoice_id, charge_ids in by_invoice.items():
        invoice = Invoice.objects.get(pk=invoice_id)
        lines = [line for line in _creditable(invoice) if line.charge_id in set(charge_ids)]
        if lines:
            notes.append(_draft_credit_note(invoice, lines, actor=actor, reason=reason))
    return notes
