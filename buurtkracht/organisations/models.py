from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OrganisationQuerySet":
        """An organisation is seen by its own contacts, and by staff and officers of its network
        (who rent rooms to it, broker for it or fund it)."""
        from buurtkracht.accounts.permissions import access_for
        from buurtkracht.accounts.roles import HOUSE_READERS, NETWORK_READERS

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        access = access_for(user)
        network_ids = access.network_ids(NETWORK_READERS)
        from buurtkracht.houses.models import House

        house_networks = House.objects.filter(pk__in=access.house_ids(HOUSE_READERS)).values("networks")
        return self.filter(
            Q(pk__in=list(access.organisation.keys()))
            | Q(network_id__in=network_ids)
            | Q(network_id__in=house_networks)
        )


class Organisation(models.Model):
    """A club, resident initiative, foundation, care or welfare provider, municipal service or company
    that rents rooms, runs activities or partners with a house."""

    class Kind(models.TextChoices):
        CLUB = "club", _("club or association")
        RESIDENT_INITIATIVE = "resident_initiative", _("resident initiative")
        FOUNDATION = "foundation", _("foundation")
        CARE_WELFARE = "care_welfare", _("care or welfare provider")
        MUNICIPAL_SERVICE = "municipal_service", _("municipal service")
        COMMERCIAL = "commercial", _("commercial organisation")
        OTHER = "other", _("other")

    class RenterCategory(models.TextChoices):
        RESIDENT_INITIATIVE = "resident_initiative", _("resident initiative")
        NON_PROFIT = "non_profit", _("association or foundation")
        CARE_WELFARE = "care_welfare", _("care and welfare provider")
        MUNICIPAL = "municipal", _("municipal service")
        COMMERCIAL = "commercial", _("commercial")

    DEFAULT_CATEGORY = {
        Kind.CLUB: RenterCategory.NON_PROFIT,
        Kind.RESIDENT_INITIATIVE: RenterCategory.RESIDENT_INITIATIVE,
        Kind.FOUNDATION: RenterCategory.NON_PROFIT,
        Kind.CARE_WELFARE: RenterCategory.CARE_WELFARE,
        Kind.MUNICIPAL_SERVICE: RenterCategory.MUNICIPAL,
        Kind.COMMERCIAL: RenterCategory.COMMERCIAL,
        Kind.OTHER: RenterCategory.NON_PROFIT,
    }

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    renter_category = models.CharField(_("renter category"), max_length=30, choices=RenterCategory.choices)
    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="organisations", verbose_name=_("network")
    )
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        verbose_name=_("area where it works"),
    )
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    registration_number = models.CharField(_("chamber of commerce or enterprise number"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="organisations_organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A contact person of an organisation (with or without an account)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    is_primary = models.BooleanField(_("main contact"), default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organisation", "-is_primary", "name"]

    def __str__(self) -> str:
        return self.name
