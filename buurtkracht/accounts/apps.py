from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "buurtkracht.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from buurtkracht.accounts import permissions, services, signals  # noqa: F401  (rules, audit texts, signals)
        from buurtkracht.accounts.privacy_handlers import register

        register()
