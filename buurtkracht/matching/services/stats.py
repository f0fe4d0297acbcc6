"""The coordinator's board and numbers: needs received, matched, median days to a match, per network and area."""

from __future__ import annotations

from statistics import median

from django.utils import timezone

from buurtkracht.matching.models import Proposal, SpaceNeed


def board(network_ids) -> dict:
    needs = SpaceNeed.objects.filter(initiative__network_id__in=list(network_ids), initiative__status="confirmed")
    proposals = Proposal.objects.filter(need__initiative__network_id__in=list(network_ids))
    return {
        "open_needs": needs.filter(status=SpaceNeed.Status.OPEN).select_related("initiative").order_by("created_at"),
        "waiting": proposals.filter(status__in=[Proposal.Status.PROPOSED, Proposal.Status.MEETING])
        .select_related("need__initiative", "house", "room")
        .order_by("proposed_at"),
        "follow_up": proposals.filter(status=Proposal.Status.ACCEPTED, follow_up_on__lte=timezone.localdate())
        .select_related("need__initiative", "house", "room")
        .order_by("follow_up_on"),
    }


def numbers(network_ids) -> list[dict]:
    """One row per (network, area): needs received, matched, median days from need to match."""
    rows: dict[tuple, dict] = {}
    needs = SpaceNeed.objects.filter(
        initiative__network_id__in=list(network_ids), initiative__status="confirmed"
    ).values("initiative__network__name", "initiative__area__name", "status", "created_at", "matched_at")
    for need in needs:
        key = (need["initiative__network__name"], need["initiative__area__name"])
        row = rows.setdefault(key, {"network": key[0], "area": key[1], "received": 0, "matched": 0, "days": []})
        row["received"] += 1
        if need["matched_at"]:
            row["matched"] += 1
            row["days"].append((need["matched_at"] - need["created_at"]).total_seconds() / 86400)
    result = []
    for key in sorted(rows):
        row = rows[key]
        row["median_days"] = round(median(row["days"]), 1) if row["days"] else None
        del row["days"]
        result.append(row)
    return result
