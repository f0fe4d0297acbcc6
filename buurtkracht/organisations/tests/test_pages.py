import pytest
from django.urls import reverse

from buurtkracht.organisations.models import Contact, Organisation
from buurtkracht.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def more(cast):
    OrganisationFactory(
        name="Zorggroep Oost", kind="care_welfare", renter_category="care_welfare", network=cast.network_a
    )
    OrganisationFactory(name="Voetbalclub B", network=cast.network_b)
    Contact.objects.create(
        organisation=cast.organisation_a, name="Jan Jansen", email="jan@example.org", phone="0612345678"
    )
    return cast


def test_the_list_shows_only_visible_organisations_and_filters(more, login):
    client = login(more.coordinator)
    page = client.get(reverse("organisations:list")).content.decode()
    assert "Vereniging A" in page and "Zorggroep Oost" in page and "Voetbalclub B" not in page
    page = client.get(reverse("organisations:list"), {"q": "zorg"}).content.decode()
    assert "Zorggroep Oost" in page and "Vereniging A" not in page
    page = client.get(reverse("organisations:list"), {"kind": "club"}).content.decode()
    assert "Vereniging A" in page and "Zorggroep Oost" not in page
    page = client.get(reverse("organisations:list"), {"network": more.network_a.pk}).content.decode()
    assert "Vereniging A" in page
    assert "Voetbalclub B" in login(more.manager_b).get(reverse("organisations:list")).content.decode()


def test_the_list_costs_a_fixed_number_of_queries(more, login, django_assert_max_num_queries):
    for _n in range(30):
        OrganisationFactory(network=more.network_a)
    client = login(more.coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organisations:list")).status_code == 200


def test_contacts_personal_data_only_for_editors_and_house_staff(more, login):
    url = reverse("organisations:detail", args=[more.organisation_a.pk])
    for who in ("contact", "coordinator", "manager_a", "volunteer_a"):
        assert "0612345678" in login(more[who]).get(url).content.decode(), who
    for who in ("officer", "provider"):
        page = login(more[who]).get(url).content.decode()
        assert "0612345678" not in page and "jan@example.org" not in page, who


def test_the_detail_page_offers_what_the_person_may_do(more, login):
    url = reverse("organisations:detail", args=[more.organisation_a.pk])
    page = login(more.contact).get(url).content.decode()
    assert reverse("organisations:edit", args=[more.organisation_a.pk]) in page
    assert reverse("accounts:invite", args=["organisation", more.organisation_a.pk]) in page
    page = login(more.volunteer_a).get(url).content.decode()
    assert reverse("organisations:edit", args=[more.organisation_a.pk]) not in page


def test_a_house_manager_creates_an_organisation_in_their_network(cast, login):
    client = login(cast.manager_a)
    page = client.get(reverse("organisations:create")).content.decode()
    assert "Netwerk A" in page and "Netwerk B" not in page
    response = client.post(
        reverse("organisations:create"),
        {"network": cast.network_a.pk, "name": "Repair Café", "kind": "resident_initiative", "renter_category": ""},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Repair Café")
    assert organisation.renter_category == "resident_initiative"
    assert response["Location"] == reverse("organisations:detail", args=[organisation.pk])


def test_a_manager_of_another_network_cannot_create_in_network_a(cast, login):
    response = login(cast.manager_b).post(
        reverse("organisations:create"), {"network": cast.network_a.pk, "name": "Stiekem", "kind": "club"}
    )
    assert response.status_code == 422
    assert "Je kunt geen organisaties toevoegen aan dit netwerk" in response.content.decode()
    assert not Organisation.objects.filter(name="Stiekem").exists()


def test_bad_input_on_the_create_page_is_shown_and_nothing_saved(cast, login):
    response = login(cast.coordinator).post(
        reverse("organisations:create"),
        {"network": cast.network_a.pk, "name": "Vereniging A", "kind": "club", "email": "kapot"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Fout:" in page and 'class="error-summary"' in page
    assert "info@example.org" in page
    assert Organisation.objects.count() == 1


def test_the_contact_edits_details_but_sees_no_category_field(cast, login):
    client = login(cast.contact)
    url = reverse("organisations:edit", args=[cast.organisation_a.pk])
    assert 'name="renter_category"' not in client.get(url).content.decode()
    response = client.post(
        url, {"name": "Vereniging A", "kind": "club", "description": "Biljart", "renter_category": "commercial"}
    )
    assert response.status_code == 302
    cast.organisation_a.refresh_from_db()
    assert cast.organisation_a.description == "Biljart"
    assert cast.organisation_a.renter_category == "non_profit"
    assert 'name="renter_category"' in login(cast.coordinator).get(url).content.decode()


def test_contacts_are_managed_on_their_page(cast, login):
    client = login(cast.contact)
    url = reverse("organisations:contacts", args=[cast.organisation_a.pk])
    assert client.post(url, {"name": "Piet de Vries", "email": "piet@example.org"}).status_code == 302
    contact = Contact.objects.get(name="Piet de Vries")
    edit = reverse("organisations:contact_edit", args=[cast.organisation_a.pk, contact.pk])
    assert client.post(edit, {"name": "Piet de Vries", "phone": "0412 123456", "is_primary": "on"}).status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "0412 123456" and contact.is_primary
    response = client.post(edit, {"name": "", "email": "kapot"})
    assert response.status_code == 422
    contact.refresh_from_db()
    assert contact.name == "Piet de Vries"
    delete = reverse("organisations:contact_delete", args=[cast.organisation_a.pk, contact.pk])
    assert client.post(delete).status_code == 302
    assert not Contact.objects.exists()


def test_a_contact_of_another_organisation_is_not_found(cast, login):
    other = OrganisationFactory(network=cast.network_a)
    contact = Contact.objects.create(organisation=other, name="Ander")
    url = reverse("organisations:contact_edit", args=[cast.organisation_a.pk, contact.pk])
    assert login(cast.contact).get(url).status_code == 404
