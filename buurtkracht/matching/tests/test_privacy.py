import pytest
from django.utils import translation

from buurtkracht.accounts.privacy import build_export, covered_fields
from buurtkracht.accounts.services import erase_person
from buurtkracht.matching.models import MailPreference

pytestmark = pytest.mark.django_db


def test_every_matching_link_to_a_person_is_covered():
    for label in (
        "matching.MailPreference.user",
        "matching.Initiative.created_by",
        "matching.SpaceNeed.created_by",
        "matching.Proposal.proposed_by",
    ):
        assert label in covered_fields()


def test_export_holds_the_mail_setting_and_erasure_deletes_it(cast):
    MailPreference.objects.create(user=cast.coordinator, weekly_digest=True)
    MailPreference.objects.create(user=cast.manager_a, weekly_digest=False)

    with translation.override("nl"):
        sections = build_export(cast.coordinator)["sections"]
    assert sections["matching_mail"]["rows"] == [{"weekly_digest": "Eén e-mail per week"}]
    assert "matching_references" in sections

    counts = erase_person(cast.coordinator, actor=cast.admin)
    assert counts["matching_mail"] == 1
    assert not MailPreference.objects.filter(user=cast.coordinator).exists()
    assert MailPreference.objects.filter(user=cast.manager_a).exists()
    assert erase_person(cast.coordinator, actor=cast.admin).get("matching_mail", 0) == 0
