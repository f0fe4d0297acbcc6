"""API authentication: the web session (with CSRF) or a personal bearer token."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer, django_auth

from buurtkracht.accounts.models import ApiToken

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyToken(PermissionDenied):
    """A read-only token was sent with a request that may change something; the API answers 403 with this
    message (``buurtkracht/api.py``)."""

    message = _("This token may only read. To change data, create a token without “read only” on your account page.")

    def __str__(self) -> str:
        return str(self.message)


class TokenAuth(HttpBearer):
    """A personal bearer token: not revoked, not expired (both answer 401), of an active person. A read-only
    token gets 403 on every method but GET, HEAD and OPTIONS, before the operation reads any input."""

    def authenticate(self, request, token: str):
        if not token or not token.startswith(ApiToken.PREFIX) or len(token) > 200:
            return None
        found = ApiToken.objects.active().select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        if found.read_only and request.method not in READ_METHODS:
            raise ReadOnlyToken()
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


API_AUTH = [TokenAuth(), django_auth]


def api_viewer(request):
    """The person behind a public (``auth=None``) request: session, bearer token, or anonymous."""
    from django.contrib.auth.models import AnonymousUser

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        found = TokenAuth().authenticate(request, header.removeprefix("Bearer ").strip())
        if found is not None:
            return found
    return AnonymousUser()
