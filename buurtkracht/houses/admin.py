"""The Django admin for platform admins. Every save and delete here leaves an audit entry too."""

from django.contrib import admin

from buurtkracht.core.audit import log_action
from buurtkracht.houses.models import Closure, Facility, House, OpeningHours, Room


class AuditedAdmin(admin.ModelAdmin):
    """Writes ``houses.<model>.created/changed/deleted`` for each admin save or delete."""

    audit_name = ""

    def _house_id(self, obj):
        return obj.pk if isinstance(obj, House) else getattr(obj, "house_id", None)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        verb = "changed" if change else "created"
        data = {"changed": form.changed_data, "via": "admin"}
        log_action(request.user, f"houses.{self.audit_name}.{verb}", obj, house_id=self._house_id(obj), data=data)

    def delete_model(self, request, obj):
        log_action(request.user, f"houses.{self.audit_name}.deleted", obj, house_id=self._house_id(obj),
                   data={"via": "admin"})  # fmt: skip
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    audit_name = "facility"
    list_display = ["code", "name_nl", "name_en", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["code", "name_nl", "name_en"]
    ordering = ["sort_order", "code"]


class RoomInline(admin.TabularInline):
    model = Room
    fields = ["name", "parent", "capacity", "floor_area_m2", "is_bookable", "sort_order"]
    extra = 0
    show_change_link = True
    fk_name = "house"


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    fields = ["weekday", "opens", "closes", "room"]
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    fields = ["start_date", "end_date", "room", "reason"]
    extra = 0


@admin.register(House)
class HouseAdmin(AuditedAdmin):
    audit_name = "house"
    list_display = ["name", "city", "postcode", "municipality", "area", "owner_type", "is_public"]
    list_filter = ["is_public", "country", "owner_type", "holiday_region", "networks"]
    search_fields = ["name", "slug", "city", "postcode", "street"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["networks"]
    raw_id_fields = ["area", "municipality"]
    list_select_related = ["municipality", "area"]
    inlines = [RoomInline, OpeningHoursInline, ClosureInline]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Room)
class RoomAdmin(AuditedAdmin):
    audit_name = "room"
    list_display = ["name", "house", "capacity", "floor_area_m2", "parent", "is_bookable"]
    list_filter = ["is_bookable", "facilities"]
    search_fields = ["name", "house__name"]
    list_select_related = ["house", "parent", "parent__house"]
    autocomplete_fields = ["house"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["facilities"]
