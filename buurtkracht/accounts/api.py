"""/api/v1/me/: your own profile, roles and API tokens."""

from ninja import Path, Router, Status

from buurtkracht.accounts import services
from buurtkracht.accounts.getters import get_token_for_user
from buurtkracht.accounts.models import ApiToken, Membership
from buurtkracht.accounts.permissions import require
from buurtkracht.accounts.schemas import MeOut, TokenCreatedOut, TokenIn, TokenOut
from buurtkracht.accounts.scopes import scope_kind

router = Router(tags=["accounts"])


@router.get("/", response=MeOut, operation_id="me", url_name="me")
def me(request):
    """Who you are and which roles you hold."""
    user = request.user
    memberships = [
        {
            "id": m.pk,
            "role": m.role,
            "role_label": str(m.get_role_display()),
            "scope_type": scope_kind(m.scope),
            "scope_id": m.scope.pk,
            "scope_name": str(m.scope),
        }
        for m in Membership.objects.filter(user=user).select_related("house", "network", "organisation")
    ]
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "memberships": memberships,
    }


@router.get("/tokens", response=list[TokenOut], operation_id="me_tokens", url_name="me_tokens")
def list_tokens(request):
    """Your API tokens (never their secrets)."""
    return ApiToken.objects.filter(user=request.user)


@router.post("/tokens", response={201: TokenCreatedOut}, operation_id="me_tokens_create", url_name="me_tokens_create")
def create_token(request, payload: TokenIn):
    """Create a token; the answer holds its secret, the only time you see it."""
    require(request.user, "accounts.token:manage")
    token, secret = services.create_token(
        actor=request.user, user=request.user, name=payload.name, days=payload.days, read_only=payload.read_only
    )
    token.secret = secret
    return Status(201, token)


@router.delete(
    "/tokens/{int:token_id}", response=TokenOut, operation_id="me_tokens_revoke", url_name="me_tokens_revoke"
)
def revoke_token(request, token_id: int = Path(..., ge=1, le=2**63 - 1)):
    """Revoke a token: it stops working at once."""
    token = get_token_for_user(request.user, token_id)
    return services.revoke_token(token, actor=request.user)
