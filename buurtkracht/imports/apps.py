from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "buurtkracht.imports"
    label = "imports"
    verbose_name = _("Spreadsheet imports")

    def ready(self) -> None:
        from buurtkracht.imports import checks, services  # noqa: F401  (system check; audit display sentences)
