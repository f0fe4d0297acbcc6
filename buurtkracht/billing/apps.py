from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "buurtkracht.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from buurtkracht.accounts.privacy import register_privacy_handler
        from buurtkracht.billing import permissions, receivers, services  # noqa: F401
        from buurtkracht.billing.guards import register_sqlite_function
        from buurtkracht.billing.privacy import privacy_handlers

        for handler in privacy_handlers():
            register_privacy_handler(handler)

        connection_created.connect(register_sqlite_function, dispatch_uid="billing_guard_function")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_sqlite_function(None, connection)
