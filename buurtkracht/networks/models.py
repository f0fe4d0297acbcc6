from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A place with an official code: a municipality, a district (wijk, kern, deelgemeente) or a postcode.

    Dutch municipalities use the CBS code (``GM0828``), Dutch districts the CBS wijk code (``WK082806``),
    Belgian municipalities the REFNIS code (``12014``), Flemish deelgemeenten their Onroerend Erfgoed id
    (``12014A``), and postcodes the 4-digit number. Codes are unique per country and kind.
    """

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        DISTRICT = "district", _("district")
        SUBMUNICIPALITY = "submunicipality", _("sub-municipality")
        POSTCODE = "postcode", _("postcode")

    class Country(models.TextChoices):
        NL = "NL", _("Netherlands")
        BE = "BE", _("Belgium")

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("part of"),
    )
    province = models.CharField(_("province"), max_length=80, blank=True)
    region = models.CharField(
        _("region"), max_length=80, blank=True, help_text=_("Belgium: Flemish, Walloon or Brussels region.")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["country", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "kind", "code"], name="networks_area_unique_code"),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="networks_area_kind_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def attribution(self) -> str:
        """Who published this area's code and name (shown next to it, as the licences ask)."""
        if self.country == self.Country.BE:
            return "Bron: Onroerend Erfgoed" if self.kind == self.Kind.SUBMUNICIPALITY else "© Statbel"
        return "Bron: CBS"

    @property
    def municipality(self) -> "Area | None":
        area = self
        while area is not None and area.kind != self.Kind.MUNICIPALITY:
            area = area.parent
        return area


class AreaStatistics(models.Model):
    """Public statistics of an area for one year, with their source (shown wherever they are shown)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statistics")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=120)
    population = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    urbanity = models.CharField(_("urbanity"), max_length=40, blank=True)
    share_0_14 = models.DecimalField(_("aged 0–14 (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    share_15_24 = models.DecimalField(_("aged 15–24 (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    share_25_44 = models.DecimalField(_("aged 25–44 (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    share_45_64 = models.DecimalField(_("aged 45–64 (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    share_65_plus = models.DecimalField(_("aged 65+ (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    share_low_income = models.DecimalField(_("low income (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    share_high_income = models.DecimalField(_("high income (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    dwellings = models.PositiveIntegerField(_("dwellings"), null=True, blank=True)

    class Meta:
        verbose_name = _("area statistics")
        verbose_name_plural = _("area statistics")
        ordering = ["area", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "source"], name="networks_areastatistics_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year} ({self.source})"

    @property
    def attribution(self) -> str:
        return "© Statbel" if self.area.country == Area.Country.BE else "Bron: CBS"

    @property
    def urbanity_display(self) -> str:
        """CBS publishes urbanity as five classes; show them in the reader's language."""
        return str(URBANITY_LABELS.get(self.urbanity, self.urbanity))


URBANITY_LABELS = {
    "extremely urbanised": _("extremely urbanised"),
    "strongly urbanised": _("strongly urbanised"),
    "moderately urbanised": _("moderately urbanised"),
    "hardly urbanised": _("hardly urbanised"),
    "not urbanised": _("not urbanised"),
}


class ReferenceDataFile(models.Model):
    """One reference data file as last loaded: its checksum lets ``load_reference_data`` skip an unchanged load."""

    name = models.CharField(_("file"), max_length=120, unique=True)
    sha256 = models.CharField(_("checksum"), max_length=64)
    areas = models.PositiveIntegerField(_("areas in the file"), default=0)
    statistics = models.PositiveIntegerField(_("statistics in the file"), default=0)
    loaded_at = models.DateTimeField(_("loaded at"))

    class Meta:
        verbose_name = _("reference data file")
        verbose_name_plural = _("reference data files")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkQuerySet(models.QuerySet):
    def public(self) -> "NetworkQuerySet":
        return self.filter(is_public=True)

    def visible_to(self, user) -> "NetworkQuerySet":
        from buurtkracht.accounts.permissions import access_for

        if user.is_authenticated and user.is_superuser:
            return self.all()
        ids = access_for(user).network.keys() if user.is_authenticated else []
        return self.filter(Q(is_public=True) | Q(pk__in=list(ids)))


class Network(models.Model):
    """A network of houses: an umbrella platform, a municipality, or a local leisure network."""

    class Kind(models.TextChoices):
        UMBRELLA = "umbrella", _("umbrella network of houses")
        MUNICIPALITY = "municipality", _("municipality")
        LEISURE = "leisure", _("local leisure network")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    areas = models.ManyToManyField(
        Area,
        blank=True,
        related_name="networks",
        verbose_name=_("municipalities"),
        limit_choices_to={"kind": Area.Kind.MUNICIPALITY},
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("networks:overview", kwargs={"slug": self.slug})

    def get_manage_url(self) -> str:
        from django.urls import reverse

        return reverse("networks:manage", kwargs={"slug": self.slug})
