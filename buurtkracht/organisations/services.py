"""Every write to organisations and their contacts. Each runs in a transaction and leaves an audit entry.

Callers check the permission to create or change; the services check the one field-level rule
themselves: only coordinators and house managers may set a renter category other than the default,
because the category decides the tariff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.accounts.permissions import has_perm
from buurtkracht.core.audit import log_action, register_display
from buurtkracht.networks.geocoding import is_valid_postcode
from buurtkracht.organisations.models import Contact, Organisation

ORGANISATION_FIELDS = {
    "name", "kind", "renter_category", "area", "description", "email", "phone", "website", "street", "postcode",
    "city", "registration_number", "is_active",
}  # fmt: skip
CONTACT_FIELDS = {"name", "function", "email", "phone", "is_primary", "user"}

register_display(
    {
        "organisations.organisation.created": gettext_lazy("%(actor)s added the organisation %(object)s"),
        "organisations.organisation.changed": gettext_lazy("%(actor)s changed the organisation %(object)s"),
        "organisations.organisation.deleted": gettext_lazy("%(actor)s deleted the organisation %(object)s"),
        "organisations.contact.added": gettext_lazy("%(actor)s added the contact %(object)s"),
        "organisations.contact.changed": gettext_lazy("%(actor)s changed the contact %(object)s"),
        "organisations.contact.removed": gettext_lazy("%(actor)s removed the contact %(object)s"),
        "organisations.contact.linked": gettext_lazy("%(actor)s was linked to the contact details of %(object)s"),
    }
)


def _may_set_category(actor, target) -> bool:
    return actor is None or has_perm(actor, "organisations.organisation:set_category", target)


def _clean_text(value) -> str:
    return " ".join(str(value or "").split())


def _check(organisation: Organisation) -> None:
    """Our own clear messages first, then the model's validation (choices, lengths)."""
    errors: dict[str, str] = {}
    if not organisation.name:
        errors["name"] = _("Enter the name of the organisation.")
    if organisation.kind not in Organisation.Kind.values:
        errors["kind"] = _("Choose what kind of organisation this is.")
    if organisation.renter_category not in Organisation.RenterCategory.values:
        errors["renter_category"] = _("Choose a renter category from the list.")
    if organisation.email:
        try:
            validate_email(organisation.email)
        except ValidationError:
            errors["email"] = _("Enter an e-mail address like info@example.org.")
    if organisation.website:
        try:
            URLValidator(schemes=["http", "https"])(organisation.website)
        except ValidationError:
            errors["website"] = _("Enter a web address that starts with https://.")
    if organisation.postcode and not (
        is_valid_postcode("NL", organisation.postcode) or is_valid_postcode("BE", organisation.postcode)
    ):
        errors["postcode"] = _("Enter a postcode like 5341 AB (Netherlands) or 2220 (Belgium).")
    duplicate = Organisation.objects.filter(network_id=organisation.network_id, name__iexact=organisation.name)
    if organisation.pk:
        duplicate = duplicate.exclude(pk=organisation.pk)
    if organisation.name and duplicate.exists():
        errors["name"] = _("This network already has an organisation with this name.")
    if errors:
        raise ValidationError(errors)
    organisation.full_clean(validate_unique=False)


@transaction.atomic
def create_organisation(*, actor, network, name: str, kind: str, renter_category: str | None = None, **fields):
    """Register an organisation in ``network``. Without a renter category it gets the default of its kind."""
    unknown = set(fields) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    default = Organisation.DEFAULT_CATEGORY.get(kind)
    if renter_category and renter_category != default and not _may_set_category(actor, network):
        raise PermissionDenied("organisations.organisation:set_category")
    text = {k: _clean_text(v) if isinstance(v, str) and k != "description" else v for k, v in fields.items()}
    organisation = Organisation(
        network=network, name=_clean_text(name), kind=kind, renter_category=renter_category or default or "", **text
    )
    _check(organisation)
    organisation.save()
    log_action(
        actor,
        "organisations.organisation.created",
        organisation,
        network_id=network.pk,
        organisation_id=organisation.pk,
        data={"kind": kind, "renter_category": organisation.renter_category},
    )
    return organisation


@transaction.atomic
def update_organisation(organisation: Organisation, *, actor, **changes) -> Organisation:
    """Change an organisation. When its kind changes and its category was the old default, the category
    follows the new kind, if ``actor`` may set categories; for anyone else the category stays."""
    unknown = set(changes) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    before = {f: getattr(organisation, f) for f in ORGANISATION_FIELDS}
    if "renter_category" in changes and changes["renter_category"] in (None, ""):
        changes.pop("renter_category")
    may_set_category = _may_set_category(actor, organisation)
    if (
        "kind" in changes
        and "renter_category" not in changes
        and before["renter_category"] == Organisation.DEFAULT_CATEGORY.get(before["kind"])
        and may_set_category
    ):
        changes["renter_category"] = Organisation.DEFAULT_CATEGORY.get(changes["kind"], before["renter_category"])
    elif (
        changes.get("renter_category", before["renter_category"]) != before["renter_category"] and not may_set_category
    ):
        raise PermissionDenied("organisations.organisation:set_category")
    for field, value in changes.items():
        if isinstance(value, str) and field != "description":
            value = _clean_text(value)
        setattr(organisation, field, value)
    try:
        _check(organisation)
    except ValidationError:
        for field, value in before.items():  # leave the caller's object as it was
            setattr(organisation, field, value)
        raise
    organisation.save()
    changed = sorted(f for f in changes if before[f] != getattr(organisation, f))
    if changed:
        log_action(
            actor,
            "organisations.organisation.changed",
            organisation,
            network_id=organisation.network_id,
            organisation_id=organisation.pk,
            data={"changed": {f: str(getattr(organisation, f)) for f in changed if f not in {"email", "phone"}}},
        )
    return organisation


def _check_contact(contact: Contact) -> None:
    errors: dict[str, str] = {}
    if not contact.name:
        errors["name"] = _("Enter the name of the contact.")
    if contact.email:
        try:
            validate_email(contact.email)
        except ValidationError:
            errors["email"] = _("Enter an e-mail address like name@example.org.")
    if contact.phone and not all(c.isdigit() or c in "+-() ." for c in contact.phone):
        errors["phone"] = _("Enter a phone number with digits only, for example 0412 123456.")
    if errors:
        raise ValidationError(errors)
    contact.full_clean()


def _link_account(contact: Contact) -> None:
    """Link the contact to the account with the same address, if that person has a role in the organisation."""
    if contact.user_id is None and contact.email:
        from buurtkracht.accounts.models import Membership

        membership = (
            Membership.objects.filter(organisation=contact.organisation, user__email__iexact=contact.email)
            .select_related("user")
            .first()
        )
        if membership is not None:
            contact.user = membership.user


def _contact_log(actor, action: str, contact: Contact, data: dict) -> None:
    if contact.user_id:
        data["user_id"] = contact.user_id  # lets an erasure of that person find this entry
    log_action(
        actor,
        action,
        contact,
        network_id=contact.organisation.network_id,
        organisation_id=contact.organisation_id,
        data=data,
    )


def _only_primary(contact: Contact) -> None:
    if contact.is_primary:
        Contact.objects.filter(organisation_id=contact.organisation_id, is_primary=True).exclude(pk=contact.pk).update(
            is_primary=False
        )


@transaction.atomic
def add_contact(organisation: Organisation, *, actor, name: str, **fields) -> Contact:
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"Unknown contact fields: {sorted(unknown)}")
    text = {k: _clean_text(v) if isinstance(v, str) else v for k, v in fields.items()}
    if "email" in text:
        text["email"] = text["email"].lower()
    contact = Contact(organisation=organisation, name=_clean_text(name), **text)
    _check_contact(contact)
    _link_account(contact)
    contact.save()
    _only_primary(contact)
    _contact_log(actor, "organisations.contact.added", contact, {"is_primary": contact.is_primary})
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, actor, **changes) -> Contact:
    unknown = set(changes) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"Unknown contact fields: {sorted(unknown)}")
    before = {f: getattr(contact, f) for f in CONTACT_FIELDS}
    for field, value in changes.items():
        if isinstance(value, str):
            value = _clean_text(value)
            if field == "email":
                value = value.lower()
        setattr(contact, field, value)
    try:
        _check_contact(contact)
    except ValidationError:
        for field, value in before.items():
            setattr(contact, field, value)
        raise
    if "email" in changes and changes["email"] != before["email"] and "user" not in changes:
        contact.user = None
    _link_account(contact)
    contact.save()
    _only_primary(contact)
    changed = sorted(f for f in changes if before[f] != getattr(contact, f))
    if changed:
        _contact_log(actor, "organisations.contact.changed", contact, {"changed": changed})
    return contact


@transaction.atomic
def remove_contact(contact: Contact, *, actor) -> None:
    _contact_log(actor, "organisations.contact.removed", contact, {})
    contact.delete()
