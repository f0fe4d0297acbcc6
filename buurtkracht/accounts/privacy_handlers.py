"""The privacy handlers of accounts, of the audit log (core) and of the login apps (allauth, admin).

Core is a shared app without knowledge of people, and allauth and Django's admin are not ours, so their
handlers live here, next to the account they are about.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.accounts.privacy import REDACTED, ExportSection, PrivacyHandler, register_privacy_handler, shred


def erased_email(person) -> str:
    return f"erased-{person.pk}@erased.invalid"


class AuditLogHandler(PrivacyHandler):
    """core.LogEntry: rows stay (the log is append-only), but what they say about the person is shredded."""

    key = "audit"
    covers = frozenset({"core.LogEntry.actor"})
    order = 10  # first: it still needs the person's e-mail address to find entries about them

    def _about_person(self, person) -> Q:
        from buurtkracht.accounts.models import User

        user_type = ContentType.objects.get_for_model(User)
        q = Q(data__user_id=person.pk) | Q(content_type=user_type, object_id=str(person.pk))
        if person.email and person.email != erased_email(person):
            q |= Q(object_repr__icontains=person.email) | Q(data_text__icontains=person.email)
        return q

    def export(self, person) -> list[ExportSection]:
        from buurtkracht.core.models import LogEntry

        rows = [
            {"when": e.created_at, "action": e.action, "what": e.display, "object": e.object_repr, "data": e.data}
            for e in LogEntry.objects.filter(actor=person).order_by("created_at", "id")
        ]
        columns = {
            "when": gettext_lazy("When (UTC)"),
            "action": gettext_lazy("Code of the action"),
            "what": gettext_lazy("What you did, in words"),
            "object": gettext_lazy("What it was about"),
            "data": gettext_lazy("Details that were recorded"),
        }
        return [
            ExportSection(
                gettext_lazy("What you did"), gettext_lazy("The audit log entries of your actions."), columns, rows
            )
        ]

    def erase(self, person, *, dry_run: bool = False) -> int:
        from buurtkracht.core.models import LogEntry

        entries = (
            LogEntry.objects.annotate(data_text=Cast("data", TextField()))
            .filter(Q(actor=person) | self._about_person(person), shredded=False)
            .exclude(action="accounts.user.erased")
        )
        about = set(entries.filter(self._about_person(person)).values_list("pk", flat=True))
        changed = 0
        for entry in entries.only("id", "data", "object_repr", "shredded"):
            changed += 1
            if dry_run:
                continue
            entry.data = shred(entry.data)
            if entry.pk in about or _names(person, entry.object_repr):
                entry.object_repr = REDACTED
            entry.shredded = True
            entry.save(update_fields=["data", "object_repr", "shredded"])
        return changed

    def retention(self) -> str:
        return _(
            "Audit log entries stay, because the log must show that something happened; what they said about you is overwritten."
        )


def _names(person, text: str) -> bool:
    text = (text or "").lower()
    return any(part and part.lower() in text for part in (person.email, person.name))


class RolesHandler(PrivacyHandler):
    """Memberships, API tokens and invitations."""

    key = "roles"
    covers = frozenset(
        {
            "accounts.Membership.user",
            "accounts.ApiToken.user",
            "accounts.Invitation.invited_by",
            "accounts.Invitation.accepted_by",
        }
    )
    order = 50

    def export(self, person) -> list[ExportSection]:
        from buurtkracht.accounts.models import ApiToken, Invitation, Membership

        memberships = ExportSection(
            gettext_lazy("Your roles"),
            gettext_lazy("The houses, networks and organisations where you have a role."),
            {
                "role": gettext_lazy("Your role"),
                "scope": gettext_lazy("Where"),
                "since": gettext_lazy("Since (UTC)"),
            },
            [
                {"role": m.get_role_display(), "scope": str(m.scope), "since": m.created_at}
                for m in Membership.objects.filter(user=person).select_related("house", "network", "organisation")
            ],
        )
        tokens = ExportSection(
            gettext_lazy("Your API tokens"),
            gettext_lazy("Tokens for integrations. The secret itself is never stored, only its first characters."),
            {
                "name": gettext_lazy("Name you gave it"),
                "hint": gettext_lazy("First characters of the secret"),
                "created": gettext_lazy("Created (UTC)"),
                "last_used": gettext_lazy("Last used (UTC)"),
                "revoked": gettext_lazy("Revoked (UTC)"),
            },
            [
                {
                    "name": t.name,
                    "hint": t.hint,
                    "created": t.created_at,
                    "last_used": t.last_used_at,
                    "revoked": t.revoked_at,
                }
                for t in ApiToken.objects.filter(user=person)
            ],
        )
        invitation_columns = {
            "email": gettext_lazy("Sent to"),
            "role": gettext_lazy("Role"),
            "scope": gettext_lazy("Where"),
            "sent": gettext_lazy("Sent (UTC)"),
            "accepted": gettext_lazy("Accepted (UTC)"),
            "withdrawn": gettext_lazy("Withdrawn (UTC)"),
        }
        related = Invitation.objects.select_related("house", "network", "organisation")
        sent = ExportSection(
            gettext_lazy("Invitations you sent"),
            gettext_lazy("People you invited to take a role."),
            invitation_columns,
            [self._invitation_row(i) for i in related.filter(invited_by=person)],
        )
        received = ExportSection(
            gettext_lazy("Invitations to you"),
            gettext_lazy("Invitations sent to your e-mail address or accepted by you."),
            invitation_columns,
            [self._invitation_row(i) for i in related.filter(self._received(person))],
        )
        return [memberships, tokens, sent, received]

    @staticmethod
    def _invitation_row(invitation) -> dict:
        return {
            "email": invitation.email,
            "role": invitation.get_role_display(),
            "scope": str(invitation.scope),
            "sent": invitation.created_at,
            "accepted": invitation.accepted_at,
            "withdrawn": invitation.revoked_at,
        }

    @staticmethod
    def _received(person) -> Q:
        q = Q(accepted_by=person)
        if person.email and person.email != erased_email(person):
            q |= Q(email__iexact=person.email)
        return q

    def erase(self, person, *, dry_run: bool = False) -> int:
        from buurtkracht.accounts.models import ApiToken, Invitation, Membership

        querysets = [
            Membership.objects.filter(user=person),
            ApiToken.objects.filter(user=person),
            Invitation.objects.filter(self._received(person)),
        ]
        if dry_run:
            return sum(qs.count() for qs in querysets)
        # Invitations they sent stay with the house or organisation; they then name an anonymous account.
        return sum(qs.delete()[1].get(qs.model._meta.label, 0) for qs in querysets)

    def retention(self) -> str:
        return _(
            "Roles, tokens and invitations to you are deleted. Invitations you sent stay with the house or organisation, without your name."
        )


class LoginHandler(PrivacyHandler):
    """allauth's e-mail addresses and MFA authenticators, Django's admin log, and open sessions."""

    key = "login"
    covers = frozenset({"account.EmailAddress.user", "mfa.Authenticator.user", "admin.LogEntry.user"})
    order = 60

    def export(self, person) -> list[ExportSection]:
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator

        addresses = [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=person)
        ]
        authenticators = [
            {"type": a.get_type_display(), "created": a.created_at, "last_used": a.last_used_at}
            for a in Authenticator.objects.filter(user=person)
        ]
        return [
            ExportSection(
                gettext_lazy("Your e-mail addresses"),
                gettext_lazy("The addresses you log in with."),
                {
                    "email": gettext_lazy("E-mail address"),
                    "verified": gettext_lazy("Confirmed"),
                    "primary": gettext_lazy("Main address"),
                },
                addresses,
            ),
            ExportSection(
                gettext_lazy("Two-step verification"),
                gettext_lazy("The ways you confirm your login. The secrets themselves are not exported."),
                {
                    "type": gettext_lazy("Kind"),
                    "created": gettext_lazy("Set up (UTC)"),
                    "last_used": gettext_lazy("Last used (UTC)"),
                },
                authenticators,
            ),
        ]

    def erase(self, person, *, dry_run: bool = False) -> int:
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from django.contrib.admin.models import LogEntry as AdminLogEntry

        from buurtkracht.accounts.models import User

        addresses = EmailAddress.objects.filter(user=person)
        authenticators = Authenticator.objects.filter(user=person)
        admin_about = AdminLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
        ).exclude(object_repr=REDACTED)
        sessions = _session_keys(person)
        if dry_run:
            return addresses.count() + authenticators.count() + admin_about.count() + len(sessions)
        changed = addresses.delete()[0] + authenticators.delete()[0]
        changed += admin_about.update(object_repr=REDACTED, change_message="")
        changed += _end_sessions(sessions)
        return changed

    def retention(self) -> str:
        return _("Your e-mail addresses, two-step verification and open sessions are deleted.")


def _session_keys(person) -> list[str]:
    """The database sessions of ``person``. Other session stores are ended by the password change of the
    profile erasure (Django checks the password hash on every request) and by deactivation."""
    if "django.contrib.sessions" not in settings.INSTALLED_APPS or not settings.SESSION_ENGINE.endswith(".db"):
        return []
    from django.contrib.sessions.models import Session

    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            keys.append(session.session_key)
    return keys


def _end_sessions(keys: list[str]) -> int:
    if not keys:
        return 0
    from django.contrib.sessions.models import Session

    return Session.objects.filter(session_key__in=keys).delete()[0]


class ProfileHandler(PrivacyHandler):
    """The account itself: blanked to a pseudonym and deactivated, never deleted (other records point at it)."""

    key = "profile"
    covers = frozenset()
    order = 1000  # last: the other handlers still need the e-mail address

    def export(self, person) -> list[ExportSection]:
        row = {
            "email": person.email,
            "name": person.name,
            "language": person.language,
            "joined": person.date_joined,
            "last_login": person.last_login,
            "active": person.is_active,
        }
        columns = {
            "email": gettext_lazy("E-mail address"),
            "name": gettext_lazy("Name"),
            "language": gettext_lazy("Language of the pages and e-mails"),
            "joined": gettext_lazy("Account created (UTC)"),
            "last_login": gettext_lazy("Last login (UTC)"),
            "active": gettext_lazy("Account active"),
        }
        return [
            ExportSection(
                gettext_lazy("Your account"), gettext_lazy("What you told us about yourself."), columns, [row]
            )
        ]

    def erase(self, person, *, dry_run: bool = False) -> int:
        target = {
            "email": erased_email(person),
            "name": "",
            "language": settings.LANGUAGE_CODE,
            "is_active": False,
            "is_staff": False,
            "is_superuser": False,
            "last_login": None,
        }
        dirty = [f for f, v in target.items() if getattr(person, f) != v]
        needs_password = person.has_usable_password()
        has_groups = person.groups.exists() or person.user_permissions.exists()
        changed = int(bool(dirty) or needs_password or has_groups or person.erased_at is None)
        if dry_run or not changed:
            return changed
        for f, v in target.items():
            setattr(person, f, v)
        person.set_unusable_password()  # also invalidates every session (Django checks the password hash)
        if person.erased_at is None:
            person.erased_at = timezone.now()
        person.save()
        person.groups.clear()
        person.user_permissions.clear()
        return changed

    def retention(self) -> str:
        return _("Your account stays as an anonymous former account, so records that point at it stay whole.")


def register() -> None:
    for handler in (AuditLogHandler(), RolesHandler(), LoginHandler(), ProfileHandler()):
        register_privacy_handler(handler)
