"""Invoice and credit note PDFs in the house's style, with reportlab (pure Python, no system libraries).

Built from the frozen invoice only, in the invoice's language, with reportlab's invariant mode (no creation
time, fixed document id), so the same issued invoice always gives the same bytes. The Bitstream Vera fonts
that ship with reportlab are embedded, so €, − and × print and the text can be read back (tests do).
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from buurtkracht.billing.categories import category_labels
from buurtkracht.billing.models import Invoice
from buurtkracht.billing.money import euro, number
from buurtkracht.billing.totals import compute

FONT, BOLD = "BkVera", "BkVeraBold"
_FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"


def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(_FONT_DIR / "VeraBd.ttf")))


def _day(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _styles(accent: colors.Color) -> dict:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")),
        "house": ParagraphStyle("house", parent=base, fontName=BOLD, fontSize=16, leading=20, textColor=accent),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, leading=18, spaceBefore=6),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "right_bold": ParagraphStyle("right_bold", parent=base, alignment=TA_RIGHT, fontName=BOLD),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _party_lines(data: dict, *, seller: bool) -> list[str]:
    lines = [data.get("name", "")]
    if data.get("contact"):
        lines.append(_("Attn. %(name)s") % {"name": data["contact"]})
    if data.get("street"):
        lines.append(data["street"])
    place = f"{data.get('postcode', '')} {data.get('city', '')}".strip()
    if place:
        lines.append(place)
    if seller:
        if data.get("registration_number"):
            lines.append(_("Chamber of commerce %(number)s") % {"number": data["registration_number"]})
        if data.get("vat_id"):
            lines.append(_("VAT number %(number)s") % {"number": data["vat_id"]})
        if data.get("iban"):
            lines.append(f"IBAN {data['iban']}")
        if data.get("email"):
            lines.append(data["email"])
    return [line for line in lines if line]


def render_pdf(invoice: Invoice) -> bytes:
    with translation.override(invoice.language or "nl"):
        return _render(invoice)


def _render(invoice: Invoice) -> bytes:
    _fonts()
    seller, buyer = invoice.seller or {}, invoice.buyer or {}
    try:
        accent = colors.HexColor(seller.get("colour") or "#1d5c8c")
    except ValueError:
        accent = colors.HexColor("#1d5c8c")
    st = _styles(accent)
    lines = list(invoice.lines.order_by("position"))
    totals = compute(lines)
    credit = invoice.is_credit_note
    labels = category_labels(invoice.organisation.network_id if invoice.organisation_id else None)
    story = []

    header = Table(
        [[_p(seller.get("house") or seller.get("name", ""), st["house"]),
          _p("\n".join(_party_lines(seller, seller=True)), st["small"])]],
        colWidths=[95 * mm, 80 * mm],
    )  # fmt: skip
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 1.2, accent)]))
    story += [header, Spacer(1, 8 * mm)]

    title = _("Credit note %(number)s") if credit else _("Invoice %(number)s")
    story.append(_p(title % {"number": invoice.number or _("(draft)")}, st["title"]))
    facts = [
        [_("Invoice date"), _day(invoice.issue_date)],
        [_("Period"), f"{_day(invoice.period_start)} – {_day(invoice.period_end)}"],
    ]
    if not credit and invoice.due_date:
        facts.append([_("Pay before"), _day(invoice.due_date)])
    if credit and invoice.credited_invoice_id:
        facts.append([_("Credits invoice"), invoice.credited_invoice.number])
    if invoice.buyer_reference:
        facts.append([_("Your reference"), invoice.buyer_reference])
    buyer_block = _p("\n".join(_party_lines(buyer, seller=False)), st["base"])
    fact_table = Table([[_p(k, st["bold"]), _p(v, st["base"])] for k, v in facts], colWidths=[30 * mm, 55 * mm])
    top = Table([[buyer_block, fact_table]], colWidths=[90 * mm, 85 * mm])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 3 * mm), top, Spacer(1, 6 * mm)]

    head = [_("Date"), _("Description"), _("Quantity"), _("List price"), _("Amount"), _("VAT")]
    rows = [[_p(h, st["bold"] if i < 2 else st["right_bold"]) for i, h in enumerate(head)]]
    for line in lines:
        what = line.description
        extra = [line.rule] if line.rule else []
        if line.category:
            extra.append(labels.get(line.category, line.category))
        rows.append([
            _p(date_format(line.service_date, "d-m-Y"), st["base"]),
            [_p(what, st["base"]), _p(" · ".join(extra), st["small"])],
            _p(number(line.quantity), st["right"]),
            _p(euro(line.list_amount), st["right"]),
            _p(euro(line.net_amount), st["right"]),
            _p(f"{number(line.vat_rate)}%" if line.vat_category == "S" else _("exempt") if line.vat_category == "E"
               else "0%", st["right"]),
        ])  # fmt: skip
    table = Table(rows, colWidths=[20 * mm, 77 * mm, 15 * mm, 22 * mm, 22 * mm, 16 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, accent),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc")),
    ]))  # fmt: skip
    story += [table, Spacer(1, 5 * mm)]

    sums = [[_("Total excluding VAT"), euro(totals.net)]]
    for group in totals.groups:
        if group.category == "S":
            sums.append([_("VAT %(rate)s%% over %(amount)s") % {"rate": number(group.rate), "amount": euro(group.taxable)},
                         euro(group.vat)])  # fmt: skip
        else:
            sums.append([_("Exempt from VAT over %(amount)s") % {"amount": euro(group.taxable)}, euro(group.vat)])
    sums.append([_("Total"), euro(totals.gross)])
    sum_table = Table([[_p(k, st["right"]), _p(v, st["right"])] for k, v in sums], colWidths=[120 * mm, 52 * mm])
    sum_table.setStyle(TableStyle([
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, accent),
        ("FONTNAME", (0, -1), (-1, -1), BOLD),
    ]))  # fmt: skip
    story.append(sum_table)
    reasons = sorted({g.exemption_reason for g in totals.groups if g.category == "E" and g.exemption_reason})
    for reason in reasons:
        story.append(_p(reason, st["small"]))
    if totals.list_total != totals.net:
        story += [Spacer(1, 3 * mm), _p(
            _("At list price this would have been %(list)s. The difference of %(discount)s is the house's contribution "
              "to the neighbourhood.") % {"list": euro(totals.list_total), "discount": euro(totals.list_total - totals.net)},
            st["small"])]  # fmt: skip

    story.append(Spacer(1, 6 * mm))
    if credit:
        story.append(_p(_("We set this amount off against your open invoices, or pay it back to you."), st["base"]))
    elif totals.gross > 0:
        story.append(_p(
            _("Please pay %(amount)s before %(date)s to %(iban)s in the name of %(name)s, quoting %(number)s.") % {
                "amount": euro(totals.gross), "date": _day(invoice.due_date), "iban": seller.get("iban", ""),
                "name": seller.get("name", ""), "number": invoice.number},
            st["base"]))  # fmt: skip
    if invoice.note:
        story += [Spacer(1, 3 * mm), _p(invoice.note, st["base"])]
    if seller.get("footer"):
        story += [Spacer(1, 8 * mm), _p(seller["footer"], st["small"])]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=title % {"number": invoice.number or "-"}, author=seller.get("name", ""), invariant=1,
    )  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
