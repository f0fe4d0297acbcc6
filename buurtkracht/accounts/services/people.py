"""Profile, API tokens, memberships, and the privacy requests (download, erase) of one person."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkracht.accounts.models import ApiToken, Membership, User
from buurtkracht.accounts.permissions import forget_access, require
from buurtkracht.accounts.scopes import audit_ids
from buurtkracht.core.audit import log_action

MAX_ACTIVE_TOKENS = 20
# How long a new API token works, in days: the choices on the profile page and in the API; 90 unless chosen.
TOKEN_LIFETIMES = (30, 90, 365)
DEFAULT_TOKEN_LIFETIME = 90


def unwrap(user):
    """``request.user`` is a lazy proxy; the audit log needs the real object to name its type."""
    if user is not None:
        user.pk  # noqa: B018  (evaluates the lazy object)
    return getattr(user, "_wrapped", user)


NAME_MAX = User._meta.get_field("name").max_length
TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length


@transaction.atomic
def update_profile(user: User, *, actor, name: str | None = None, language: str | None = None) -> User:
    """Change a person's name and language. Only the changed field names go into the log."""
    user = unwrap(user)
    errors = {}
    changed = []
    if name is not None:
        name = " ".join(name.split())
        if len(name) > NAME_MAX:
            errors["name"] = _("Use at most %(max)s characters for your name.") % {"max": NAME_MAX}
        elif name != user.name:
            user.name = name
            changed.append("name")
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            errors["language"] = _("Choose Dutch or English.")
        elif language != user.language:
            user.language = language
            changed.append("language")
    if errors:
        raise ValidationError(errors)
    if changed:
        user.save(update_fields=changed)
        log_action(actor, "accounts.user.changed", user, data={"user_id": user.pk, "changed": changed})
    return user


@transaction.atomic
def create_token(
    *, actor, user: User, name: str, days: int = DEFAULT_TOKEN_LIFETIME, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a personal API token that works for ``days`` days (30, 90 or 365); a ``read_only`` token may only
    read (GET, HEAD, OPTIONS). Returns the token and its secret; only the SHA-256 is stored, so the secret can
    be shown this once."""
    if days not in TOKEN_LIFETIMES:
        raise ValidationError({"days": _("Choose 30, 90 or 365 days.")})
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the token a name, so you know later where you use it.")})
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationError({"name": _("Use at most %(max)s characters for the name.") % {"max": TOKEN_NAME_MAX}})
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You already have %(max)s active tokens. Revoke one you no longer use first.")
            % {"max": MAX_ACTIVE_TOKENS}
        )
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash(secret), hint=secret[:10],
        expires_at=timezone.now() + timedelta(days=days), read_only=bool(read_only),
    )  # fmt: skip
    log_action(
        actor, "accounts.token.created", token,
        data={"user_id": user.pk, "hint": token.hint, "days": days, "read_only": token.read_only},
    )  # fmt: skip
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    """Revoke a token. Revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(actor, "accounts.token.revoked", token, data={"user_id": token.user_id, "hint": token.hint})
    return token


@transaction.atomic
def remove_membership(membership: Membership, *, actor) -> None:
    """Take a role away. Only someone who may give this role in this scope may take it away."""
    require(actor, "accounts.membership:remove", membership)
    scope = membership.scope
    log_action(
        actor,
        "accounts.membership.removed",
        membership,
        data={"user_id": membership.user_id, "role": membership.role},
        **audit_ids(scope),
    )
    user = membership.user
    membership.delete()
    forget_access(user)


def export_person(person: User, *, actor) -> dict:
    """Everything Buurtkracht holds about ``person``, gathered by the privacy handlers of every app."""
    from buurtkracht.accounts.privacy import build_export

    person = unwrap(person)
    with transaction.atomic():
        export = build_export(person)
        log_action(actor, "accounts.user.exported", person, data={"user_id": person.pk})
    return export


@transaction.atomic
def erase_person(person: User, *, actor) -> dict[str, int]:
    """Erase a person (GDPR art. 17): every handler removes or redacts what it answers for, in one
    transaction. Returns the number of changes per handler. A second run changes nothing and writes
    no new log entry."""
    from buurtkracht.accounts.privacy import run_erasure

    person = unwrap(person)
    counts = run_erasure(person)
    if any(counts.values()):
        # The erasure log: which handlers changed how much. It names no one but the pseudonymised account.
        log_action(None, "accounts.user.erased", person, data={"user_id": person.pk, "changes": counts})
    forget_access(person)
    return counts
