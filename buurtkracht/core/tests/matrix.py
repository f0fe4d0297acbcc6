from django.urls import reverse

from buurtkracht.lib.testing import CAST_ROLES, Row

MATRIX = [
    Row("core:dashboard", "get", lambda cast: reverse("core:dashboard"), allowed=set(CAST_ROLES) - {"anonymous"}),
    Row(
        "core:session_keepalive",
        "post",
        lambda cast: reverse("core:session_keepalive"),
        allowed=set(CAST_ROLES) - {"anonymous"},
    ),
]
PUBLIC_ROUTES = {"core:home", "core:accessibility"}
