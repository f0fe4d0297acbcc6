from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Facility(models.Model):
    """An item of the facility catalogue (kitchen, bar, stage, beamer, hearing loop, …)."""

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("equipment")
        ACCESSIBILITY = "accessibility", _("accessibility")
        CATERING = "catering", _("catering")
        SPACE = "space", _("space")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EQUIPMENT)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class HouseQuerySet(models.QuerySet):
    def public(self) -> "HouseQuerySet":
        return self.filter(is_public=True)

    def in_network(self, network) -> "HouseQuerySet":
        return self.filter(networks=network)

    def visible_to(self, user) -> "HouseQuerySet":
        """Public houses plus every house the person holds a role on (directly or via a network)."""
        from buurtkracht.accounts.permissions import access_for
        from buurtkracht.accounts.roles import HOUSE_READERS

        if user.is_authenticated and user.is_superuser:
            return self.all()
        if not user.is_authenticated:
            return self.public()
        q = Q(is_public=True) | access_for(user).house_q(HOUSE_READERS)
        return self.filter(pk__in=House.objects.filter(q).values("pk"))

    def manageable_by(self, user, roles=None) -> "HouseQuerySet":
        """Houses on which the person holds one of ``roles`` (default: any reading role)."""
        from buurtkracht.accounts.permissions import access_for
        from buurtkracht.accounts.roles import HOUSE_READERS

        if user.is_authenticated and user.is_superuser:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        q = access_for(user).house_q(roles or HOUSE_READERS)
        return self.filter(pk__in=House.objects.filter(q).values("pk"))

    # Filters shared by the network overview page and the API. Each one is a subquery, so rows never double.

    def with_facilities(self, codes) -> "HouseQuerySet":
        """Houses that have every facility in ``codes`` (in any of their rooms)."""
        qs = self
        for code in dict.fromkeys(codes):
            qs = qs.filter(pk__in=Room.objects.filter(facilities__code=code).values("house_id"))
        return qs

    def with_min_capacity(self, people: int) -> "HouseQuerySet":
        """Houses with at least one room for ``people`` or more."""
        return self.filter(pk__in=Room.objects.filter(capacity__gte=people).values("house_id"))

    def in_area(self, code: str) -> "HouseQuerySet":
        """Houses in the district (or sub-municipality) with this code."""
        return self.filter(area__code=code)

    def in_municipality(self, code: str) -> "HouseQuerySet":
        return self.filter(municipality__code=code)

    def within_box(self, min_lat: float, max_lat: float, min_lon: float, max_lon: float) -> "HouseQuerySet":
        """A cheap, index-friendly pre-filter; refine with ``networks.geocoding.distance_km``."""
        return self.filter(latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon)


class House(models.Model):
    """A community centre (dorpshuis, buurthuis, wijkcentrum, gemeenschapscentrum)."""

    class OwnerType(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        HOUSING_CORPORATION = "housing_corporation", _("housing corporation")
        RESIDENTS = "residents", _("residents' foundation or association")
        OTHER = "other", _("other")

    class HolidayRegion(models.TextChoices):
        NL_NORTH = "nl_north", _("Netherlands – north")
        NL_MIDDLE = "nl_middle", _("Netherlands – middle")
        NL_SOUTH = "nl_south", _("Netherlands – south")
        BE_FLEMISH = "be_flemish", _("Belgium – Flemish community")
        BE_FRENCH = "be_french", _("Belgium – French community")
        BE_GERMAN = "be_german", _("Belgium – German-speaking community")

    class Country(models.TextChoices):
        NL = "NL", _("Netherlands")
        BE = "BE", _("Belgium")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in the address"), max_length=160, unique=True)
    networks = models.ManyToManyField("networks.Network", related_name="houses", blank=True, verbose_name=_("networks"))
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="houses",
        verbose_name=_("district"),
    )
    municipality = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipality_houses",
        verbose_name=_("municipality"),
        limit_choices_to={"kind": "municipality"},
    )
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.NL)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    position_from_postcode = models.BooleanField(_("position estimated from the postcode"), default=False)
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        default="Europe/Amsterdam",
        choices=[(tz, tz) for tz in settings.HOUSE_TIME_ZONES],
    )
    owner_type = models.CharField(_("owner"), max_length=30, choices=OwnerType.choices, default=OwnerType.OTHER)
    holiday_region = models.CharField(
        _("school holiday region"),
        max_length=20,
        choices=HolidayRegion.choices,
        default=HolidayRegion.NL_MIDDLE,
    )
    description = models.TextField(_("description"), blank=True)
    accessibility = models.TextField(_("accessibility of the building"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="houses/", blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseQuerySet.as_manager()

    class Meta:
        verbose_name = _("community centre")
        verbose_name_plural = _("community centres")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="houses_house_latitude_range",
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            ),
            models.CheckConstraint(
                name="houses_house_longitude_range",
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            ),
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="houses_house_position")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("houses:public_detail", kwargs={"slug": self.slug})

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in [self.street, f"{self.postcode} {self.city}".strip()] if part)


class RoomQuerySet(models.QuerySet):
    def bookable(self) -> "RoomQuerySet":
        return self.filter(is_bookable=True)

    def visible_to(self, user) -> "RoomQuerySet":
        return self.filter(house__in=House.objects.visible_to(user))


class Room(models.Model):
    """A bookable space. A divisible hall is a room whose parts point to it with ``parent``."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("house"))
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_("Fill this in when this room is one half (or part) of a divisible hall."),
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=1, null=True, blank=True)
    facilities = models.ManyToManyField(Facility, blank=True, related_name="rooms", verbose_name=_("facilities"))
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_bookable = models.BooleanField(_("can be booked"), default=True)
    setup_minutes = models.PositiveSmallIntegerField(_("set-up time (minutes)"), default=0)
    cleanup_minutes = models.PositiveSmallIntegerField(_("clean-up time (minutes)"), default=0)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["house", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["house", "name"], name="houses_room_unique_name"),
            models.CheckConstraint(name="houses_room_not_own_part", condition=~Q(parent=F("pk"))),
            models.CheckConstraint(
                name="houses_room_floor_area_positive",
                condition=Q(floor_area_m2__isnull=True) | Q(floor_area_m2__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.house.name})"


class OpeningHours(models.Model):
    """One opening period on a weekday, for the whole house or, when ``room`` is set, for that room only."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="opening_hours")
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name=_("room (leave empty for the whole house)"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["house", "room", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(name="houses_openinghours_closes_after_opens", condition=Q(closes__gt=F("opens"))),
            models.CheckConstraint(
                name="houses_openinghours_weekday_range", condition=Q(weekday__gte=0, weekday__lte=6)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """A period in which the house (or one room) is closed: a holiday, works, a private event."""

    house = models.ForeignKey(House, on_delete=models.CASCADE, related_name="closures")
    room = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("room (leave empty for the whole house)"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("up to and including"))
    reason = models.CharField(_("reason"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["house", "start_date"]
        constraints = [
            models.CheckConstraint(name="houses_closure_end_after_start", condition=Q(end_date__gte=F("start_date"))),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date} {self.reason}".strip()
