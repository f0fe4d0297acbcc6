"""The Django admin for platform admins. Every save and delete here leaves an audit entry too."""

from django.contrib import admin

from buurtkracht.core.audit import log_action
from buurtkracht.organisations.models import Contact, Organisation


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "function", "email", "phone", "is_primary", "user"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "renter_category", "network", "is_active"]
    list_filter = ["kind", "renter_category", "is_active", "network"]
    search_fields = ["name", "email", "city"]
    raw_id_fields = ["area"]
    inlines = [ContactInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        verb = "changed" if change else "created"
        log_action(
            request.user,
            f"organisations.organisation.{verb}",
            obj,
            network_id=obj.network_id,
            organisation_id=obj.pk,
            data={"changed": form.changed_data, "via": "admin"},
        )

    def delete_model(self, request, obj):
        log_action(
            request.user,
            "organisations.organisation.deleted",
            obj,
            network_id=obj.network_id,
            organisation_id=obj.pk,
            data={"via": "admin"},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
