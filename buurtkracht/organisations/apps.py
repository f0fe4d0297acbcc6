from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "buurtkracht.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from buurtkracht.accounts.privacy import register_privacy_handler
        from buurtkracht.organisations import permissions, services  # noqa: F401  (rules, audit texts)
        from buurtkracht.organisations.privacy import ContactHandler

        register_privacy_handler(ContactHandler())
