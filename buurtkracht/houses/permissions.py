"""Permission rules for houses, rooms, opening hours and closures. The object is always the ``House``."""

from buurtkracht.accounts.permissions import roles_on_house, rule
from buurtkracht.accounts.roles import HOUSE_EDITORS, HOUSE_READERS, HOUSE_STAFF


@rule("houses.house:view_manage", "houses.house:view_history")
def can_read_house(user, house) -> bool:
    return bool(roles_on_house(user, house) & HOUSE_READERS)


@rule("houses.house:change", "houses.room:change", "houses.house:invite")
def can_edit_house(user, house) -> bool:
    return bool(roles_on_house(user, house) & HOUSE_EDITORS)


@rule("houses.closure:change")
def can_run_house(user, house) -> bool:
    return bool(roles_on_house(user, house) & HOUSE_STAFF)
