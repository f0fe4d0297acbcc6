"""Read-only figures for the coordinator's board next to :mod:`.stats`: the totals per network (needs received,
matched, median days to a match), so the board shows a line per network above its areas."""

from __future__ import annotations

from statistics import median

from buurtkracht.matching.models import SpaceNeed


def network_totals(network_ids) -> list[dict]:
    """One row per network with confirmed needs: ``network``, ``received``, ``matched``, ``median_days`` (days
    from need to match, one decimal; ``None`` when nothing was matched yet). Sorted by network name."""
    rows: dict[str, dict] = {}
    needs = SpaceNeed.objects.filter(
        initiative__network_id__in=list(network_ids), initiative__status="confirmed"
    ).values_list("initiative__network__name", "created_at", "matched_at")
    for network, created_at, matched_at in needs:
        row = rows.setdefault(network, {"network": network, "received": 0, "matched": 0, "days": []})
        row["received"] += 1
        if matched_at:
            row["matched"] += 1
            row["days"].append((matched_at - created_at).total_seconds() / 86400)
    result = []
    for name in sorted(rows):
        row = rows[name]
        days = row.pop("days")
        row["median_days"] = round(median(days), 1) if days else None
        result.append(row)
    return result
