from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousesConfig(AppConfig):
    name = "buurtkracht.houses"
    label = "houses"
    verbose_name = _("Community centres")

    def ready(self) -> None:
        # permissions registers the rules, services the translated audit sentences.
        from buurtkracht.houses import permissions, services  # noqa: F401
