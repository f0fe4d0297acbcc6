"""Initiatives, their space needs, what houses offer, the network's weights and proposals (matches).

``Initiative``  a resident initiative that signed up (or was entered by a coordinator); nothing is visible to
                others until its e-mail address is confirmed. Contact fields are shown only to the network's
                coordinators and to the houses it was proposed to (see ``permissions.sees_contact``).
``SpaceNeed``   what it looks for: group size, facilities, step-free access, hours per week, weekdays and day
                parts, from when and for how many weeks, budget for the whole period.
``HouseOffer``  a house's matching profile: hidden or not, themes, target groups and offers beyond rooms.
``MatchingWeights`` the network's weights of the score criteria (defaults from participation.md §5).
``Proposal``    a room proposed for a need in one weekly slot, with its score inputs; both sides answer.
``Notice``      an e-mail waiting for the weekly digest (or already sent at once).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "buurtkracht.matching.initiative"


def make_token(initiative) -> str:
    """The secret part of the initiative's own link (signed; a new ``link_version`` revokes old links)."""
    return signing.dumps({"i": initiative.pk, "v": initiative.link_version}, salt=TOKEN_SALT, compress=True)


def initiative_from_token(token: str):
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return Initiative.objects.filter(pk=data.get("i"), link_version=data.get("v")).first()


class InitiativeQuerySet(models.QuerySet):
    def confirmed(self) -> InitiativeQuerySet:
        return self.filter(status=Initiative.Status.CONFIRMED)

    def visible_to(self, user) -> InitiativeQuerySet:
        """Confirmed initiatives in the networks the person coordinates or reads, plus those proposed to a
        house the person works for."""
        from buurtkracht.accounts.permissions import access_for
        from buurtkracht.accounts.roles import HOUSE_STAFF, NETWORK_READERS

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        access = access_for(user)
        houses = access.house_ids(HOUSE_STAFF)
        return self.filter(
            Q(network_id__in=access.network_ids(NETWORK_READERS) | access.network_ids(HOUSE_STAFF))
            | Q(needs__proposals__house_id__in=houses),
            status=Initiative.Status.CONFIRMED,
        ).distinct()


class Initiative(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("e-mail address not yet confirmed")
        CONFIRMED = "confirmed", _("confirmed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    name = models.CharField(_("name of the initiative"), max_length=150)
    goal = models.TextField(_("goal"))
    themes = models.JSONField(_("themes"), default=list, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    support = models.JSONField(_("other support"), default=list, blank=True)
    area = models.ForeignKey("networks.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("network")
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    weekly_digest = models.BooleanField(_("one e-mail per week instead of one per message"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    link_version = models.PositiveSmallIntegerField(default=1)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["network", "status"], name="matching_initiative_net_status")]

    def __str__(self) -> str:
        return self.name


class SpaceNeed(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MATCHED = "matched", _("matched")
        CLOSED = "closed", _("closed")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="needs")
    activity = models.CharField(_("activity"), max_length=150)
    group_size = models.PositiveIntegerField(_("number of people"))
    facilities = models.JSONField(_("facilities you need"), default=list, blank=True)
    wished_facilities = models.JSONField(_("facilities you would like"), default=list, blank=True)
    step_free = models.BooleanField(_("step-free access needed"), default=False)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    weekdays = models.JSONField(_("weekdays"), default=list)
    day_parts = models.JSONField(_("day parts"), default=list)
    start_date = models.DateField(_("from"))
    weeks = models.PositiveSmallIntegerField(_("for how many weeks"))
    budget = models.DecimalField(_("budget for rent for the whole period"), max_digits=9, decimal_places=2)
    max_distance_km = models.PositiveSmallIntegerField(_("at most this far away (km)"), default=15)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("space need")
        verbose_name_plural = _("space needs")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="matching_need_status")]

    def __str__(self) -> str:
        return self.activity

    @property
    def session_minutes(self) -> int:
        """Length of one weekly session: the hours per week, in whole quarters, at most one day part."""
        minutes = int(self.hours_per_week * 60) // 15 * 15
        return max(30, min(minutes, 210))


class HouseOffer(models.Model):
    house = models.OneToOneField("houses.House", on_delete=models.CASCADE, related_name="matching_offer")
    hidden = models.BooleanField(_("do not propose this house"), default=False)
    themes = models.JSONField(_("themes that fit the house"), default=list, blank=True)
    target_groups = models.JSONField(_("target groups the house wants to reach"), default=list, blank=True)
    offers = models.JSONField(_("what the house offers beyond rooms"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching profile of a house")
        verbose_name_plural = _("matching profiles of houses")

    def __str__(self) -> str:
        return str(self.house)


DEFAULT_WEIGHTS = {
    "distance": Decimal("0.20"),
    "capacity": Decimal("0.15"),
    "facilities": Decimal("0.10"),
    "free_time": Decimal("0.25"),
    "budget": Decimal("0.15"),
    "fit": Decimal("0.15"),
}


def _weight(name: str, label):
    return models.DecimalField(label, max_digits=4, decimal_places=2, default=DEFAULT_WEIGHTS[name])


class MatchingWeights(models.Model):
    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="matching_weights")
    distance = _weight("distance", _("distance"))
    capacity = _weight("capacity", _("size of the room"))
    facilities = _weight("facilities", _("facilities"))
    free_time = _weight("free_time", _("free time"))
    budget = _weight("budget", _("price against budget"))
    fit = _weight("fit", _("themes and target groups"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return str(self.network)

    def as_dict(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in DEFAULT_WEIGHTS}


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        MEETING = "meeting", _("meeting asked")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    class Answer(models.TextChoices):
        PENDING = "pending", _("no answer yet")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        MEETING = "meeting", _("wants to meet first")

    need = models.ForeignKey(SpaceNeed, on_delete=models.CASCADE, related_name="proposals")
    house = models.ForeignKey("houses.House", on_delete=models.PROTECT, related_name="matching_proposals")
    room = models.ForeignKey("houses.Room", on_delete=models.PROTECT, related_name="matching_proposals")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    day_part = models.CharField(_("day part"), max_length=10)
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=3)
    inputs = models.JSONField(_("score inputs"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    house_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    initiative_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    message = models.TextField(_("message"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    series = models.ForeignKey(
        "bookings.BookingSeries", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_on = models.DateField(_("check on"), null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    follow_up_working = models.BooleanField(null=True, blank=True)
    follow_up_note = models.TextField(_("how is it going"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-score", "pk"]
        indexes = [
            models.Index(fields=["status", "proposed_at"], name="matching_proposal_status"),
            models.Index(fields=["house", "status"], name="matching_proposal_house"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "room", "weekday", "day_part"],
                condition=Q(status__in=["proposed", "meeting", "accepted"]),
                name="matching_proposal_one_live_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} – {self.room}"

    @property
    def explanation_text(self) -> str:
        from buurtkracht.matching.services.scoring import explanation

        return explanation(self.inputs)


class Notice(models.Model):
    """A message for one recipient about one proposal: sent at once, or kept for the weekly digest."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("new proposal")
        DECIDED = "decided", _("answer to a proposal")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    email = models.EmailField()
    language = models.CharField(max_length=8, default="nl")
    link = models.CharField(max_length=300)
    digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["digest", "sent_at"], name="matching_notice_pending")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"


class MailPreference(models.Model):
    """A staff member's choice: one e-mail per proposal, or one digest per week."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matching_mail")
    weekly_digest = models.BooleanField(_("one e-mail per week instead of one per message"), default=False)

    def __str__(self) -> str:
        return str(self.user)
