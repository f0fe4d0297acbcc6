"""The Django admin for platform admins: people, roles, tokens and invitations.

People are never deleted here (records point at them): an admin erases a person through the same
service as the "delete your account" page. Tokens and invitations are read-only, with actions that go
through the services, so every change leaves an audit entry.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buurtkracht.accounts import services
from buurtkracht.accounts.models import ApiToken, Invitation, Membership, User
from buurtkracht.core.audit import log_action


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["role", "house", "network", "organisation", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields: list[str] = []
    raw_id_fields = ["house", "network", "organisation"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "language", "is_active", "is_staff", "is_superuser", "last_login", "erased_at"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "name"]
    ordering = ["email"]
    fields = [
        "email",
        "name",
        "language",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
        "erased_at",
    ]
    readonly_fields = ["last_login", "date_joined", "erased_at"]
    inlines = [MembershipInline]
    actions = ["erase_people"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            request.user,
            "accounts.user.changed",
            obj,
            data={"user_id": obj.pk, "changed": form.changed_data, "via": "admin"},
        )

    @admin.action(description=_("Erase the selected people (privacy request)"))
    def erase_people(self, request, queryset):
        count = 0
        for person in queryset:
            services.erase_person(person, actor=request.user)
            count += 1
        self.message_user(
            request, ngettext("%(count)d person erased.", "%(count)d people erased.", count) % {"count": count}
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "hint", "read_only", "created_at", "expires_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email", "hint"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_token(token, actor=request.user)
        self.message_user(request, _("The tokens have been revoked."), messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = [
        "email",
        "role",
        "house",
        "network",
        "organisation",
        "invited_by",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    @admin.action(description=_("Withdraw the selected invitations"))
    def revoke(self, request, queryset):
        for invitation in queryset.filter(accepted_at__isnull=True):
            services.revoke_invitation(invitation, actor=request.user)
        self.message_user(request, _("The open invitations have been withdrawn."), messages.SUCCESS)
