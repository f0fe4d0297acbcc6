from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "buurtkracht.bookings"
    label = "bookings"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        from buurtkracht.accounts.privacy import register_privacy_handler
        from buurtkracht.bookings import permissions, signals  # noqa: F401
        from buurtkracht.bookings.privacy import privacy_handlers
        from buurtkracht.bookings.services import register  # noqa: F401

        for handler in privacy_handlers():
            register_privacy_handler(handler)
