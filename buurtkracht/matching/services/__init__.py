"""Every write of matching: sign-up and needs (:mod:`.signup`), proposals and answers (:mod:`.brokering`),
profiles and weights (:mod:`.profiles`). Reads: ranking (:mod:`.engine`), spare capacity (:mod:`.capacity`),
board and numbers (:mod:`.stats`). Each write is atomic and audited; e-mails go after commit (:mod:`.notify`)."""

from django.utils.translation import gettext_lazy

from buurtkracht.core.audit import register_display

register_display(
    {
        "matching.initiative.signed_up": gettext_lazy("%(actor)s signed up initiative %(object)s"),
        "matching.initiative.confirmed": gettext_lazy("Initiative %(object)s confirmed its e-mail address"),
        "matching.initiative.created": gettext_lazy("%(actor)s entered initiative %(object)s"),
        "matching.need.created": gettext_lazy("%(actor)s added the need %(object)s"),
        "matching.proposal.created": gettext_lazy("%(actor)s proposed %(object)s"),
        "matching.proposal.answered": gettext_lazy("%(actor)s answered proposal %(object)s"),
        "matching.proposal.accepted": gettext_lazy("Proposal %(object)s was accepted by both sides"),
        "matching.proposal.followed_up": gettext_lazy("%(actor)s checked how %(object)s is going"),
        "matching.offer.changed": gettext_lazy("%(actor)s changed the matching profile of %(object)s"),
        "matching.weights.changed": gettext_lazy("%(actor)s changed the matching weights of %(object)s"),
    }
)
