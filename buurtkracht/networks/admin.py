"""The Django admin for platform admins. Networks change through the audited service; areas and their
figures are reference data (reload them with ``load_reference_data``), so the admin only shows them."""

from django.contrib import admin

from buurtkracht.core.audit import log_action
from buurtkracht.networks.models import Area, AreaStatistics, Network, ReferenceDataFile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class StatisticsInline(admin.TabularInline):
    model = AreaStatistics
    fields = ["year", "source", "population", "share_65_plus", "share_low_income", "dwellings"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "country", "parent", "province"]
    list_filter = ["country", "kind", "province"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    inlines = [StatisticsInline]


@admin.register(AreaStatistics)
class AreaStatisticsAdmin(ReadOnlyAdmin):
    list_display = ["area", "year", "source", "population", "share_65_plus", "share_low_income"]
    list_filter = ["year", "source"]
    search_fields = ["area__name", "area__code"]
    list_select_related = ["area"]


@admin.register(ReferenceDataFile)
class ReferenceDataFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "loaded_at", "areas", "statistics", "sha256"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["areas"]
    readonly_fields = ["created_at"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        verb = "changed" if change else "created"
        log_action(
            request.user,
            f"networks.network.{verb}",
            form.instance,
            network_id=form.instance.pk,
            data={"changed": form.changed_data, "via": "admin"},
        )

    def delete_model(self, request, obj):
        log_action(request.user, "networks.network.deleted", obj, network_id=obj.pk, data={"via": "admin"})
        super().delete_model(request, obj)
