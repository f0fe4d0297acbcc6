from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class LogEntryQuerySet(models.QuerySet):
    def for_house(self, house_id: int) -> "LogEntryQuerySet":
        return self.filter(house_id=house_id)

    def for_network(self, network_id: int) -> "LogEntryQuerySet":
        return self.filter(network_id=network_id)


class LogEntry(models.Model):
    """One write through a service: who did what to which object, and when. Append-only.

    ``house_id``, ``network_id`` and ``organisation_id`` are plain indexed integers (not foreign keys) so
    that the log can answer "the history of this house" without core depending on the domain apps, and
    so that an entry outlives the object it describes.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    house_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    network_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    shredded = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def display(self) -> str:
        from buurtkracht.core.audit import display_for

        return display_for(self)
