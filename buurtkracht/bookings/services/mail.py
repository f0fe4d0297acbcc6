"""E-mails about bookings. Always sent after the transaction commits, in the recipient's own language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from buurtkracht.accounts.models import Membership, User


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(users, template: str, context: dict) -> None:
    for user in users:
        if not user or not user.email or not user.is_active:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = render_to_string(f"bookings/email/{template}_subject.txt", {**context, "user": user}).strip()
            body = render_to_string(f"bookings/email/{template}.txt", {**context, "user": user})
        send_mail(subject, body, None, [user.email])


def house_approvers(house) -> list[User]:
    """The people who decide on requests for a house: its managers (volunteers see the list, but get no mail)."""
    return list(
        User.objects.filter(
            is_active=True, memberships__house=house, memberships__role=Membership.Role.HOUSE_MANAGER
        ).distinct()
    )


def _later(fn) -> None:
    transaction.on_commit(fn)


def after_request(series) -> None:
    series_id = series.pk

    def send() -> None:
        from buurtkracht.bookings.models import BookingSeries

        fresh = BookingSeries.objects.select_related("house", "room", "booker").get(pk=series_id)
        context = {"series": fresh, "url": _site_url(fresh.get_absolute_url())}
        if fresh.status == BookingSeries.Status.REQUESTED:
            _send(house_approvers(fresh.house), "request_received", context)
        _send([fresh.booker], "request_confirmation", context)

    _later(send)


def after_decision(series, *, decision: str, reason: str, dates: list) -> None:
    series_id = series.pk
    date_list = list(dates)

    def send() -> None:
        from buurtkracht.bookings.models import BookingSeries

        fresh = BookingSeries.objects.select_related("house", "room", "booker").get(pk=series_id)
        context = {
            "series": fresh,
            "decision": decision,
            "reason": reason,
            "dates": date_list,
            "url": _site_url(fresh.get_absolute_url()),
        }
        _send([fresh.booker], "decision", context)

    _later(send)
