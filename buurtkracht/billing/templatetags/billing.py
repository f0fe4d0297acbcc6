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
