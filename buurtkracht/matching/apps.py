from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "buurtkracht.matching"
    verbose_name = _("Matching initiatives and houses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from buurtkracht.accounts.privacy import register_privacy_handler
        from buurtkracht.matching import permissions, services  # noqa: F401  (rules and audit sentences)
        from buurtkracht.matching.privacy import privacy_handlers

        for handler in privacy_handlers():
            register_privacy_handler(handler)
