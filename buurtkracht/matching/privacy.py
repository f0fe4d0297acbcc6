"""What matching holds about a person, for "download your data" and "erase my account".

A staff member's mail preference (one mail per message or a weekly digest) is their own setting: it is
exported and erasure deletes it. The other links only record *who* acted (who entered an initiative or a
need, who proposed a match) and are covered by a reference-only handler. An initiative's own contact data
belongs to the initiative, not to an account, and is not linked to a user.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkracht.accounts.privacy import ExportSection, PrivacyHandler, ReferenceOnlyHandler


class MailPreferenceHandler(PrivacyHandler):
    key = "matching_mail"
    covers = frozenset({"matching.MailPreference.user"})
    order = 40

    @staticmethod
    def _preferences(person):
        from buurtkracht.matching.models import MailPreference

        return MailPreference.objects.filter(user=person)

    def export(self, person) -> list[ExportSection]:
        rows = [
            {
                "weekly_digest": _("One e-mail per week") if p.weekly_digest else _("One e-mail per message"),
            }
            for p in self._preferences(person)
        ]
        columns = {"weekly_digest": gettext_lazy("How you get e-mail about matches")}
        return [
            ExportSection(
                gettext_lazy("Your e-mail setting for matches"),
                gettext_lazy("Whether you get one e-mail per proposal or one summary per week."),
                columns,
                rows,
            )
        ]

    def erase(self, person, *, dry_run: bool = False) -> int:
        preferences = self._preferences(person)
        if dry_run:
            return preferences.count()
        deleted, _per_model = preferences.delete()
        return deleted

    def retention(self) -> str:
        return _("Your e-mail setting for matches is deleted.")


def privacy_handlers() -> list[PrivacyHandler]:
    return [
        MailPreferenceHandler(),
        ReferenceOnlyHandler(
            "matching_references",
            {
                "matching.Initiative.created_by",
                "matching.SpaceNeed.created_by",
                "matching.Proposal.proposed_by",
            },
            gettext_lazy("Initiatives, needs and proposals you entered"),
        ),
    ]
