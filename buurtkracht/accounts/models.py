import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Logs in with an e-mail address; holds roles through memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Former account %(number)s") % {"number": self.pk})
        return self.name or self.email


class Membership(models.Model):
    """A role that a person holds in one scope: a network, a house or an organisation."""

    class Role(models.TextChoices):
        HOUSE_MANAGER = "house_manager", pgettext_lazy("role", "house manager")
        HOUSE_VOLUNTEER = "house_volunteer", pgettext_lazy("role", "house volunteer")
        ORGANISATION_CONTACT = "organisation_contact", pgettext_lazy("role", "organisation contact")
        NETWORK_COORDINATOR = "network_coordinator", pgettext_lazy("role", "network coordinator")
        MUNICIPALITY_OFFICER = "municipality_officer", pgettext_lazy("role", "municipality officer")
        REFERRER = "referrer", pgettext_lazy("role", "referrer")
        PROVIDER = "provider", pgettext_lazy("role", "provider")

    HOUSE_ROLES = {Role.HOUSE_MANAGER, Role.HOUSE_VOLUNTEER}
    NETWORK_ROLES = {Role.NETWORK_COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.REFERRER}
    ORGANISATION_ROLES = {Role.ORGANISATION_CONTACT, Role.PROVIDER, Role.REFERRER}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    house = models.ForeignKey(
        "houses.House", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="accounts_membership_one_scope",
                condition=(
                    Q(network__isnull=False, house__isnull=True, organisation__isnull=True)
                    | Q(network__isnull=True, house__isnull=False, organisation__isnull=True)
                    | Q(network__isnull=True, house__isnull=True, organisation__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="accounts_membership_role_fits_scope",
                condition=(
                    Q(house__isnull=False, role__in=["house_manager", "house_volunteer"])
                    | Q(
                        network__isnull=False,
                        role__in=["network_coordinator", "municipality_officer", "referrer"],
                    )
                    | Q(organisation__isnull=False, role__in=["organisation_contact", "provider", "referrer"])
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "network"],
                condition=Q(network__isnull=False),
                name="accounts_membership_unique_network",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "house"],
                condition=Q(house__isnull=False),
                name="accounts_membership_unique_house",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="accounts_membership_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope}"

    @property
    def scope(self):
        return self.network or self.house or self.organisation


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Tokens that still work: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A personal token for integrations. Only its SHA-256 is stored; the secret is shown once."""

    PREFIX = "bk_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Empty for tokens made before expiry dates existed (they work until revoked); new ones always have one.
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    read_only = models.BooleanField(
        _("read only"), default=False, help_text=_("The token can read through the API but not change anything.")
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed invitation to take a role in a house, organisation or network.

    Only the SHA-256 of the token in the link is stored; the link itself is only in the e-mail."""

    VALID_DAYS = 14

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Membership.Role.choices)
    network = models.ForeignKey("networks.Network", null=True, blank=True, on_delete=models.CASCADE)
    house = models.ForeignKey("houses.House", null=True, blank=True, on_delete=models.CASCADE)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="accounts_invitation_one_scope",
                condition=(
                    Q(network__isnull=False, house__isnull=True, organisation__isnull=True)
                    | Q(network__isnull=True, house__isnull=False, organisation__isnull=True)
                    | Q(network__isnull=True, house__isnull=True, organisation__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="accounts_invitation_role_fits_scope",
                condition=(
                    Q(house__isnull=False, role__in=["house_manager", "house_volunteer"])
                    | Q(
                        network__isnull=False,
                        role__in=["network_coordinator", "municipality_officer", "referrer"],
                    )
                    | Q(organisation__isnull=False, role__in=["organisation_contact", "provider", "referrer"])
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()}"

    @property
    def scope(self):
        return self.network or self.house or self.organisation

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)
