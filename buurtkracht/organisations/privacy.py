"""Privacy handler for organisations: where an organisation lists a person as its contact."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.accounts.privacy import REDACTED, ExportSection, PrivacyHandler, shred


class ContactHandler(PrivacyHandler):
    key = "organisation_contacts"
    covers = frozenset({"organisations.Contact.user"})
    order = 20  # before the profile is blanked: contacts are also found by the person's e-mail address

    @staticmethod
    def _contacts(person):
        from buurtkracht.organisations.models import Contact

        q = Q(user=person)
        if person.email and person.erased_at is None:
            q |= Q(email__iexact=person.email)
        return Contact.objects.filter(q).select_related("organisation")

    def export(self, person) -> list[ExportSection]:
        rows = [
            {
                "organisation": c.organisation.name,
                "name": c.name,
                "function": c.function,
                "email": c.email,
                "phone": c.phone,
                "main_contact": c.is_primary,
            }
            for c in self._contacts(person)
        ]
        columns = {
            "organisation": gettext_lazy("Organisation"),
            "name": gettext_lazy("Name as the organisation lists it"),
            "function": gettext_lazy("Function or task"),
            "email": gettext_lazy("E-mail address"),
            "phone": gettext_lazy("Phone number"),
            "main_contact": gettext_lazy("Main contact"),
        }
        return [
            ExportSection(
                gettext_lazy("You as a contact of an organisation"),
                gettext_lazy("Organisations that list you as a contact person."),
                columns,
                rows,
            )
        ]

    def erase(self, person, *, dry_run: bool = False) -> int:
        from buurtkracht.core.models import LogEntry
        from buurtkracht.organisations.models import Contact

        contacts = self._contacts(person)
        pks = [str(pk) for pk in contacts.values_list("pk", flat=True)]
        if not pks:
            return 0
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Contact), object_id__in=pks, shredded=False
        )
        if dry_run:
            return len(pks) + entries.count()
        changed = 0
        for entry in entries:
            entry.data, entry.object_repr, entry.shredded = shred(entry.data), REDACTED, True
            entry.save(update_fields=["data", "object_repr", "shredded"])
            changed += 1
        return changed + contacts.delete()[0]

    def retention(self) -> str:
        return _("Where an organisation lists you as its contact, that entry is deleted.")
