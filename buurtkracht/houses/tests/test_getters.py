import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from buurtkracht.houses.getters import get_closure_for_house, get_house_for_user, get_room_for_user
from buurtkracht.houses.tests.factories import ClosureFactory, HouseFactory

pytestmark = pytest.mark.django_db


def test_a_public_house_is_visible_to_anyone_but_only_permitted_people_may_act(cast):
    assert get_house_for_user(AnonymousUser(), "huis-a") == cast.house_a
    assert get_house_for_user(cast.manager_a, "huis-a", perm="houses.house:change") == cast.house_a
    with pytest.raises(PermissionDenied):
        get_house_for_user(cast.stranger, "huis-a", perm="houses.house:view_manage")
    with pytest.raises(PermissionDenied):
        get_house_for_user(cast.officer, "huis-a", perm="houses.house:change")
    assert get_house_for_user(cast.officer, "huis-a", perm="houses.house:view_history") == cast.house_a


def test_a_hidden_house_is_404_unless_the_person_works_for_it(cast):
    HouseFactory(slug="verborgen", is_public=False, networks=[cast.network_a])
    for person in (AnonymousUser(), cast.stranger, cast.manager_b, cast.contact):
        with pytest.raises(Http404):
            get_house_for_user(person, "verborgen", perm="houses.house:view_manage")
    for person in (cast.coordinator, cast.officer, cast.admin):
        assert get_house_for_user(person, "verborgen").slug == "verborgen"


def test_rooms_are_fetched_within_their_house(cast):
    assert get_room_for_user(cast.manager_a, cast.room_a.pk, house=cast.house_a, perm="houses.room:change")
    with pytest.raises(Http404):
        get_room_for_user(cast.admin, cast.room_b.pk, house=cast.house_a)
    with pytest.raises(PermissionDenied):
        get_room_for_user(cast.manager_a, cast.room_b.pk, perm="houses.room:change")
    with pytest.raises(Http404):
        get_room_for_user(cast.admin, 2**64)


def test_closures_belong_to_their_house(cast):
    mine, theirs = ClosureFactory(house=cast.house_a), ClosureFactory(house=cast.house_b)
    assert get_closure_for_house(cast.house_a, mine.pk) == mine
    with pytest.raises(Http404):
        get_closure_for_house(cast.house_a, theirs.pk)
