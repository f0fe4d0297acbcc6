"""Invoice pages: the list, one invoice with its actions, and the PDF and e-invoice downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtkracht.accounts.permissions import has_perm
from buurtkracht.billing.documents.pdf import render_pdf
from buurtkracht.billing.documents.ubl import missing_for_e_invoice, render_ubl
from buurtkracht.billing.forms import CreditNoteForm, PaymentForm, apply_service_errors
from buurtkracht.billing.getters import get_invoice_for_user
from buurtkracht.billing.models import Invoice
from buurtkracht.billing.services import invoices as invoice_services
from buurtkracht.billing.services.payments import STATUS_LABELS, balance, payment_status, record_payment
from buurtkracht.billing.services.retry import retrying
from buurtkracht.billing.totals import compute

PAGE_SIZE = 50


def rows_for(invoices) -> list[dict]:
    return [
        {"invoice": i, "status": payment_status(i), "status_label": STATUS_LABELS[payment_status(i)]} for i in invoices
    ]


@login_required
def invoice_list(request):
    invoices = Invoice.objects.visible_to(request.user).select_related("house", "organisation").with_balance()
    status = request.GET.get("status", "")
    if status == "open":
        invoices = invoices.still_to_pay()
    elif status == "draft":
        invoices = invoices.filter(status="draft")
    page = Paginator(invoices.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "billing/invoice_list.html", {"page": page, "rows": rows_for(page), "status": status})


@login_required
def invoice_detail(request, pk: int):
    invoice = get_invoice_for_user(request.user, pk)
    lines = list(invoice.lines.order_by("position"))
    can_manage = has_perm(request.user, "billing.invoice:manage", invoice)
    paid, credited, outstanding = balance(invoice) if invoice.is_issued else (0, 0, invoice.gross_total)
    context = {
        "invoice": invoice,
        "lines": lines,
        "totals": compute(lines),
        "paid": paid,
        "credited": credited,
        "outstanding": outstanding,
        "status_label": STATUS_LABELS[payment_status(invoice)],
        "can_manage": can_manage,
        "payments": invoice.payments.order_by("paid_on") if invoice.is_issued else [],
        "credit_notes": invoice.credit_notes.order_by("pk") if can_manage else invoice.credit_notes.issued(),
        "reminders": invoice.reminders.all() if can_manage else [],
        "payment_form": PaymentForm(initial={"amount": outstanding}) if can_manage else None,
        "e_invoice_ok": invoice.is_issued and not missing_for_e_invoice(invoice),
    }
    return render(request, "billing/invoice_detail.html", context)


@login_required
def invoice_pdf(request, pk: int):
    invoice = get_invoice_for_user(request.user, pk)
    response = HttpResponse(render_pdf(invoice), content_type="application/pdf")
    name = invoice.number or f"concept-{invoice.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def invoice_ubl(request, pk: int):
    invoice = get_invoice_for_user(request.user, pk)
    profile = request.GET.get("profiel") if request.GET.get("profiel") in ("peppol", "nlcius") else None
    try:
        xml = render_ubl(invoice, profile=profile)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(invoice)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
    return response


@login_required
@require_POST
def invoice_issue(request, pk: int):
    invoice = get_invoice_for_user(request.user, pk, perm="billing.invoice:manage")
    try:
        retrying(lambda: invoice_services.issue_draft(invoice, actor=request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        invoice.refresh_from_db()
        messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
    return redirect(invoice)


@login_required
@require_POST
def invoice_delete(request, pk: int):
    invoice = get_invoice_for_user(request.user, pk, perm="billing.invoice:manage")
    house = invoice.house
    try:
        invoice_services.delete_draft(invoice, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(invoice)
    messages.success(request, _("The draft is deleted. Its charges will be on the next invoice."))
    return redirect("billing:house_overview", slug=house.slug)


@login_required
@require_POST
def payment_add(request, pk: int):
    invoice = get_invoice_for_user(request.user, pk, perm="billing.invoice:manage")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            record_payment(invoice, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect(invoice)
    lines = list(invoice.lines.order_by("position"))
    paid, credited, outstanding = balance(invoice)
    context = {
        "invoice": invoice, "lines": lines, "totals": compute(lines), "paid": paid, "credited": credited,
        "outstanding": outstanding, "status_label": STATUS_LABELS[payment_status(invoice)], "can_manage": True,
        "payments": invoice.payments.all(), "credit_notes": invoice.credit_notes.all(),
        "reminders": invoice.reminders.all(), "payment_form": form, "form": form,
        "e_invoice_ok": not missing_for_e_invoice(invoice),
    }  # fmt: skip
    return render(request, "billing/invoice_detail.html", context, status=422)


@login_required
def credit_note(request, pk: int):
    invoice = get_invoice_for_user(request.user, pk, perm="billing.invoice:manage")
    lines = list(invoice.lines.order_by("position"))
    form = CreditNoteForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        chosen = [int(x) for x in form.cleaned_data["lines"]] or None
        try:
            note = retrying(
                lambda: invoice_services.create_credit_note(
                    invoice, actor=request.user, reason=form.cleaned_data["reason"], line_ids=chosen,
                    issue_now=form.cleaned_data["issue"],
                )
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The credit note is made."))
            return redirect(note)
    return render(request, "billing/credit_note_form.html", {"invoice": invoice, "form": form},
                  status=422 if form.errors else 200)  # fmt: skip
