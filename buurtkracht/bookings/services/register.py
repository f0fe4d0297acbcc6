"""Plain-language sentences for the audit log of bookings."""

from django.utils.translation import gettext_lazy as _

from buurtkracht.core.audit import register_display

register_display(
    {
        "bookings.series.created": _("%(actor)s booked %(object)s"),
        "bookings.series.changed": _("%(actor)s changed booking %(object)s"),
        "bookings.series.split": _("%(actor)s changed booking %(object)s from a date onwards"),
        "bookings.series.cancelled": _("%(actor)s cancelled booking %(object)s"),
        "bookings.occurrence.cancelled": _("%(actor)s cancelled a date of %(object)s"),
        "bookings.occurrence.moved": _("%(actor)s moved a date of %(object)s"),
        "bookings.occurrence.readded": _("%(actor)s booked a date of %(object)s again"),
        "bookings.occurrence.approved": _("%(actor)s approved dates of %(object)s"),
        "bookings.occurrence.declined": _("%(actor)s declined dates of %(object)s"),
        "bookings.occurrence.expired": _("%(actor)s let options of %(object)s expire"),
        "bookings.trust.added": _("%(actor)s trusted organisation %(object)s"),
        "bookings.trust.removed": _("%(actor)s stopped trusting organisation %(object)s"),
        "bookings.feed.created": _("%(actor)s made calendar feed %(object)s"),
        "bookings.feed.revoked": _("%(actor)s switched off calendar feed %(object)s"),
        "bookings.import.done": _("%(actor)s imported bookings into %(object)s"),
    }
)
