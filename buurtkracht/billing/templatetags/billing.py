from urllib.parse import urlencode

from django import template

from buurtkracht.billing.money import euro as euro_text
from buurtkracht.billing.money import number as number_text

register = template.Library()


@register.filter
def euro(value):
    """€ 1.234,50"""
    return "" if value is None or value == "" else euro_text(value)


@register.filter
def decimal(value):
    """2,5 (trailing zeros dropped)"""
    return "" if value is None or value == "" else number_text(value)


@register.filter
def forgone_label(report, row):
    """The category name of a row of a revenue-forgone report."""
    return report.label(row)


@register.inclusion_tag("billing/_request_price.html", takes_context=True)
def request_quote(context, *, house, room, organisation, days, start, end, seasonal=False):
    """The price block of the booking check page: rendered at once, refreshed with HTMX when dates are
    (un)ticked. Renders nothing for a person who may not see this price."""
    from datetime import time

    from django.core.exceptions import PermissionDenied, ValidationError
    from django.urls import reverse

    from buurtkracht.billing.views.request_quote import request_quote_context

    user = context["request"].user
    start_time = start if isinstance(start, time) else time.fromisoformat(str(start))
    end_time = end if isinstance(end, time) else time.fromisoformat(str(end))
    try:
        block = request_quote_context(
            user, house=house, room=room, organisation=organisation, days=days, start_time=start_time,
            end_time=end_time, seasonal=bool(seasonal),
        )  # fmt: skip
    except (PermissionDenied, ValidationError):
        return {"shown": False}
    params = {"zaal": room.pk, "van": start_time.strftime("%H:%M"), "tot": end_time.strftime("%H:%M"),
              "reeks": "1" if seasonal else "0"}  # fmt: skip
    if organisation is not None:
        params["organisatie"] = organisation.pk
    block.update(shown=True, refresh_url=reverse("billing:quote_fragment", args=[house.slug]) + "?" + urlencode(params))
    return block


@register.inclusion_tag("billing/_series_quote.html", takes_context=True)
def series_quote(context, series):
    """The price of a booking's dates that wait for a decision, for the person who asked and the house staff."""
    from buurtkracht.billing.views.request_quote import series_quote_context

    return series_quote_context(context["request"].user, series) or {"shown": False}


@register.simple_tag(takes_context=True)
def series_price(context, series):
    """The total (VAT included) of a booking's dates that wait for a decision, as text; "" without a price or
    for a person who may not see it."""
    from buurtkracht.billing.views.request_quote import series_quote_context

    block = series_quote_context(context["request"].user, series)
    if not block or not any(q.priced for q in block["quotes"]):
        return ""
    return euro_text(sum((q.gross_total for q in block["quotes"]), 0)).replace(" ", "\u00a0")


@register.filter
def euro_cell(value):
    """€ 1.234,50 that never breaks between the sign and the amount (narrow table columns)."""
    return euro(value).replace(" ", "\u00a0")
