"""Fixed lists of matching: themes, target groups, day parts, support and offers (codes in English)."""

from __future__ import annotations

from datetime import time

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

THEMES = [
    ("meeting", _("meeting people")),
    ("language", _("language and reading")),
    ("health", _("health and exercise")),
    ("culture", _("culture and creativity")),
    ("food", _("cooking and eating together")),
    ("nature", _("nature and gardening")),
    ("care", _("care for each other")),
    ("talent", _("talent and work")),
    ("sustainability", _("energy and sustainability")),
    ("future", _("future of the village or neighbourhood")),
]
TARGET_GROUPS = [
    ("children", _("children")),
    ("youth", _("young people")),
    ("families", _("families")),
    ("women", _("women")),
    ("seniors", _("older people")),
    ("low_income", _("people with a small income")),
    ("newcomers", _("newcomers")),
    ("everyone", _("all residents")),
]
SUPPORT = [
    ("volunteers", _("volunteers")),
    ("board_advice", _("advice from a board member")),
    ("partner", _("a partner organisation")),
    ("funding_advice", _("advice on funding")),
]
OFFERS = [
    ("bar_team", _("a bar team")),
    ("storage", _("storage")),
    ("garden", _("a garden")),
    ("volunteers", _("volunteers")),
    ("board_advice", _("advice from a board member")),
]
DAY_PARTS = [
    ("morning", pgettext_lazy("day part", "morning")),
    ("afternoon", pgettext_lazy("day part", "afternoon")),
    ("evening", pgettext_lazy("day part", "evening")),
]
DAY_PART_HOURS = {
    "morning": (time(9, 0), time(12, 30)),
    "afternoon": (time(13, 0), time(17, 30)),
    "evening": (time(19, 0), time(22, 30)),
}
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
SLOT_PLURALS = {
    (0, "morning"): _("Monday mornings"),
    (0, "afternoon"): _("Monday afternoons"),
    (0, "evening"): _("Monday evenings"),
    (1, "morning"): _("Tuesday mornings"),
    (1, "afternoon"): _("Tuesday afternoons"),
    (1, "evening"): _("Tuesday evenings"),
    (2, "morning"): _("Wednesday mornings"),
    (2, "afternoon"): _("Wednesday afternoons"),
    (2, "evening"): _("Wednesday evenings"),
    (3, "morning"): _("Thursday mornings"),
    (3, "afternoon"): _("Thursday afternoons"),
    (3, "evening"): _("Thursday evenings"),
    (4, "morning"): _("Friday mornings"),
    (4, "afternoon"): _("Friday afternoons"),
    (4, "evening"): _("Friday evenings"),
    (5, "morning"): _("Saturday mornings"),
    (5, "afternoon"): _("Saturday afternoons"),
    (5, "evening"): _("Saturday evenings"),
    (6, "morning"): _("Sunday mornings"),
    (6, "afternoon"): _("Sunday afternoons"),
    (6, "evening"): _("Sunday evenings"),
}
STEP_FREE = "wheelchair_access"
MAX_WEEKS = 52
HORIZON_WEEKS = 12
"""Free time is scored over at most the first 12 weeks of the requested period (participation.md §5)."""


def codes(choices) -> set[str]:
    return {code for code, _label in choices}


def labels(choices, selected) -> list[str]:
    names = dict(choices)
    return [str(names[c]) for c in selected if c in names]
