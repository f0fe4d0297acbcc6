"""load_demo stops with a clear message, and writes nothing, when the reference data it needs is missing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from buurtkracht.accounts.models import User
from buurtkracht.houses.models import House
from buurtkracht.networks.models import Area, Network


def test_without_reference_data_for_oss_it_refuses_with_a_clear_message(db):
    Area.objects.create(country="NL", kind=Area.Kind.MUNICIPALITY, code="GM0363", name="Amsterdam")
    with pytest.raises(CommandError, match="GM0828.*load_reference_data"):
        call_command("load_demo", stdout=StringIO())
    assert not House.objects.exists()
    assert not Network.objects.exists()
    assert not User.objects.exists()
