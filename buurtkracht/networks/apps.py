from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "buurtkracht.networks"
    label = "networks"
    verbose_name = _("Networks and areas")

    def ready(self) -> None:
        from buurtkracht.networks import permissions, services  # noqa: F401
