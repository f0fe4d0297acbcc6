"""API authentication: the web session (with CSRF) or a personal bearer token."""

from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from buurtkracht.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token or not token.startswith(ApiToken.PREFIX) or len(token) > 200:
            return None
        found = ApiToken.objects.active().select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
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
