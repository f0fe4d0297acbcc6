from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "buurtkracht.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from buurtkracht.organisations import permissions  # noqa: F401
