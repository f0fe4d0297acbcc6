"""E-mails of matching: sent after commit, in the recipient's language; or kept for the weekly digest."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from buurtkracht.matching.models import MailPreference, Notice, make_token


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def initiative_url(initiative) -> str:
    return site_url(reverse("matching:initiative_home", args=[make_token(initiative)]))


def _mail(email: str, language: str, template: str, context: dict) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"matching/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"matching/email/{template}.txt", context)
    send_mail(subject, body, None, [email])


def confirm_link(initiative, token: str) -> None:
    url = site_url(reverse("matching:confirm", args=[token]))
    email, language, name = initiative.email, initiative.language, initiative.name
    transaction.on_commit(lambda: _mail(email, language, "confirm", {"name": name, "url": url}))


def access_link(initiative, token: str) -> None:
    url = site_url(reverse("matching:initiative_home", args=[token]))
    email, language, name = initiative.email, initiative.language, initiative.name
    transaction.on_commit(lambda: _mail(email, language, "access", {"name": name, "url": url}))


def staff_for(proposal) -> list:
    """Who hears about a proposal on the house side and in the network: the house's managers and the
    network's coordinators."""
    from buurtkracht.accounts.models import Membership, User

    R = Membership.Role
    return list(
        User.objects.filter(is_active=True)
        .filter(
            models_q(memberships__house_id=proposal.house_id, memberships__role=R.HOUSE_MANAGER)
            | models_q(
                memberships__network_id=proposal.need.initiative.network_id, memberships__role=R.NETWORK_COORDINATOR
            )
        )
        .exclude(email="")
        .distinct()
    )


def models_q(**kwargs):
    from django.db.models import Q

    return Q(**kwargs)


def queue(proposal, kind: str) -> None:
    """One notice per recipient; those who chose the weekly digest get it then, the others right after commit."""
    initiative = proposal.need.initiative
    digest_users = set(MailPreference.objects.filter(weekly_digest=True).values_list("user_id", flat=True))
    staff_link = site_url(reverse("matching:proposal", args=[proposal.pk]))
    notices = [
        Notice(proposal=proposal, kind=kind, email=user.email, language=user.language or "nl", link=staff_link,
               digest=user.pk in digest_users)
        for user in staff_for(proposal)
    ]  # fmt: skip
    if initiative.status == initiative.Status.CONFIRMED:
        notices.append(
            Notice(proposal=proposal, kind=kind, email=initiative.email, language=initiative.language,
                   link=initiative_url(initiative), digest=initiative.weekly_digest)
        )  # fmt: skip
    Notice.objects.bulk_create(notices)
    ids = [n.pk for n in notices if not n.digest and n.pk]
    if not ids:
        ids = list(
            Notice.objects.filter(proposal=proposal, kind=kind, digest=False, sent_at=None).values_list("pk", flat=True)
        )
    transaction.on_commit(lambda: send_now(ids))


def send_now(ids) -> None:
    for notice in Notice.objects.select_related(
        "proposal__need__initiative", "proposal__house", "proposal__room"
    ).filter(pk__in=ids, sent_at=None):
        _mail(notice.email, notice.language, f"notice_{notice.kind}", {"notice": notice, "proposal": notice.proposal})
        Notice.objects.filter(pk=notice.pk, sent_at=None).update(sent_at=timezone.now())


def send_digests(*, now=None) -> int:
    """One e-mail per address with every pending digest notice, grouped by need; marks them sent. Running it
    twice sends nothing the second time. Returns the number of e-mails sent."""
    now = now or timezone.now()
    pending = (
        Notice.objects.filter(digest=True, sent_at=None)
        .select_related("proposal__need__initiative", "proposal__house", "proposal__room")
        .order_by("email", "-created_at")
    )
    by_address: dict[str, list[Notice]] = {}
    for notice in pending:
        by_address.setdefault(notice.email, []).append(notice)
    sent = 0
    for email, notices in by_address.items():
        ids = [n.pk for n in notices]
        with transaction.atomic():
            claimed = Notice.objects.filter(pk__in=ids, sent_at=None).update(sent_at=now)
            if claimed != len(ids):
                continue  # another run took (some of) them
            _mail(email, notices[0].language, "digest", {"notices": notices})
        sent += 1
    return sent
