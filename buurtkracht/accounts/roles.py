"""Which roles may do what, in one place. Rules in each app's ``permissions.py`` use these groups."""

from buurtkracht.accounts.models import Membership

R = Membership.Role

# On a house (directly, or through one of the house's networks)
HOUSE_EDITORS = {R.HOUSE_MANAGER, R.NETWORK_COORDINATOR}
"""May change the house, its rooms and opening hours, invite people and read its history."""
HOUSE_STAFF = {R.HOUSE_MANAGER, R.HOUSE_VOLUNTEER, R.NETWORK_COORDINATOR}
"""Run the house day to day: closures, (later) bookings."""
HOUSE_READERS = HOUSE_STAFF | {R.MUNICIPALITY_OFFICER}
"""See the management pages and figures of the house; the municipality officer only reads."""

# On a network
NETWORK_EDITORS = {R.NETWORK_COORDINATOR}
NETWORK_READERS = {R.NETWORK_COORDINATOR, R.MUNICIPALITY_OFFICER}

# On an organisation
ORGANISATION_EDITORS = {R.ORGANISATION_CONTACT}
