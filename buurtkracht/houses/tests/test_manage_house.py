import pytest
from django.urls import reverse

from buurtkracht.core.models import LogEntry
from buurtkracht.houses import services
from buurtkracht.houses.models import House
from buurtkracht.houses.tests.factories import ClosureFactory, HouseFactory, RoomFactory

pytestmark = pytest.mark.django_db


def _form_data(house: House, **changes) -> dict:
    data = {
        "name": house.name, "description": house.description, "street": house.street, "postcode": house.postcode,
        "city": house.city, "country": house.country, "area": house.area_id or "",
        "latitude": "" if house.latitude is None else house.latitude,
        "longitude": "" if house.longitude is None else house.longitude,
        "email": house.email, "phone": house.phone, "website": house.website, "accessibility": house.accessibility,
        "owner_type": house.owner_type, "holiday_region": house.holiday_region, "time_zone": house.time_zone,
        "is_public": "on" if house.is_public else "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_overview_shows_rooms_hours_closures_people_and_history(cast, login):
    services.update_house(cast.house_a, actor=cast.manager_a, phone="0412 000 000")
    ClosureFactory(house=cast.house_a, reason="Zomerstop")
    response = login(cast.volunteer_a).get(reverse("houses:manage", args=[cast.house_a.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Grote zaal" in html and "Zomerstop" in html
    assert "<li>Manager A – " in html and "<li>Volunteer A – " in html
    assert "Coordinator" not in html  # network people are not members of the house itself
    # a volunteer runs the house but does not edit it
    assert reverse("houses:closures", args=[cast.house_a.slug]) in html
    assert reverse("houses:edit", args=[cast.house_a.slug]) not in html
    assert reverse("houses:room_create", args=[cast.house_a.slug]) not in html
    assert "0412 000 000" in html


def test_the_overview_shows_history_and_edit_links_to_a_manager(cast, login):
    services.update_house(cast.house_a, actor=cast.manager_a, phone="0412 000 000")
    html = login(cast.manager_a).get(reverse("houses:manage", args=[cast.house_a.slug])).content.decode()
    assert "Manager A heeft de gegevens van Huis A gewijzigd." in html
    assert reverse("houses:edit", args=[cast.house_a.slug]) in html
    assert reverse("houses:history", args=[cast.house_a.slug]) in html


def test_the_coordinator_may_add_another_house_from_the_overview(cast, login):
    html = login(cast.coordinator).get(reverse("houses:manage", args=[cast.house_a.slug])).content.decode()
    assert f"{reverse('houses:create')}?netwerk=netwerk-a" in html
    html = login(cast.manager_a).get(reverse("houses:manage", args=[cast.house_a.slug])).content.decode()
    assert reverse("houses:create") not in html


def test_the_overview_query_count_does_not_grow_with_rooms(cast, login, django_assert_max_num_queries):
    for n in range(15):
        RoomFactory(house=cast.house_a, name=f"Zaal {n}")
        ClosureFactory(house=cast.house_a)
    client = login(cast.coordinator)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("houses:manage", args=[cast.house_a.slug])).status_code == 200


def test_edit_saves_through_the_service_and_re_geocodes(cast, login, places):
    house = cast.house_a
    client = login(cast.manager_a)
    url = reverse("houses:edit", args=[house.slug])
    page = client.get(url).content.decode()
    assert "Gegevens van Huis A wijzigen" in page
    response = client.post(url, _form_data(house, postcode="5344 AB", latitude="", longitude=""))
    assert response.status_code == 302
    house.refresh_from_db()
    assert house.postcode == "5344 AB"
    assert (house.latitude, house.longitude) == (51.758, 5.543)
    assert house.position_from_postcode is True
    assert house.area == places.ruwaard and house.municipality == places.oss
    entry = LogEntry.objects.get(action="houses.house.changed")
    assert entry.actor == cast.manager_a and entry.house_id == house.pk
    page = client.get(url).content.decode()
    assert "De plek van dit huis is geschat met de postcode." in page
    assert "Ruwaard" in page


def test_edit_with_an_unknown_postcode_shows_the_error_and_saves_nothing(cast, login, places):
    house = cast.house_a
    before = (house.postcode, house.latitude, house.name)
    response = login(cast.manager_a).post(
        reverse("houses:edit", args=[house.slug]), _form_data(house, name="Nieuwe naam", postcode="9999 ZZ")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fout:" in html
    assert 'id="foutoverzicht"' in html and 'href="#id_postcode"' in html
    assert "Deze postcode kennen we niet." in html
    assert 'value="Nieuwe naam"' in html  # the answer is kept
    house.refresh_from_db()
    assert (house.postcode, house.latitude, house.name) == before
    assert not LogEntry.objects.filter(action="houses.house.changed").exists()


def test_edit_refuses_an_empty_name_in_dutch(cast, login):
    response = login(cast.coordinator).post(
        reverse("houses:edit", args=[cast.house_a.slug]), _form_data(cast.house_a, name="  ")
    )
    assert response.status_code == 200
    assert "Vul de naam van het huis in." in response.content.decode()
    assert House.objects.get(pk=cast.house_a.pk).name == "Huis A"


def test_edit_without_changes_writes_no_audit_entry(cast, login):
    response = login(cast.manager_a).post(reverse("houses:edit", args=[cast.house_a.slug]), _form_data(cast.house_a))
    assert response.status_code == 302
    assert not LogEntry.objects.exists()


def test_create_page_offers_only_networks_where_the_person_may_create(cast, login):
    client = login(cast.coordinator)
    html = client.get(reverse("houses:create")).content.decode()
    assert "Netwerk A" in html and "Netwerk B" not in html
    assert client.get(reverse("houses:create") + "?netwerk=netwerk-b").status_code == 403
    assert client.get(reverse("houses:create") + "?netwerk=bestaat-niet").status_code == 404
    assert login(cast.manager_a).get(reverse("houses:create")).status_code == 403


def test_create_a_house_in_a_network(cast, login, places):
    client = login(cast.coordinator)
    response = client.post(
        reverse("houses:create") + "?netwerk=netwerk-a",
        {"network": cast.network_a.pk, "name": "De Bongerd", "postcode": "5386 KL", "city": "Oss", "country": "NL",
         "owner_type": "municipality", "is_public": "on"},
    )  # fmt: skip
    house = House.objects.get(name="De Bongerd")
    assert response.status_code == 302 and response["Location"] == reverse("houses:manage", args=[house.slug])
    assert list(house.networks.all()) == [cast.network_a]
    assert house.area == places.macharen and house.holiday_region == "nl_south"
    assert LogEntry.objects.get(action="houses.house.created").actor == cast.coordinator


def test_create_refuses_a_network_outside_the_choice(cast, login):
    response = login(cast.coordinator).post(
        reverse("houses:create"),
        {"network": cast.network_b.pk, "name": "Stiekem", "country": "NL", "owner_type": "other"},
    )
    assert response.status_code == 200
    assert "<title>Fout:" in response.content.decode()
    assert not House.objects.filter(name="Stiekem").exists()


def test_a_hidden_house_of_another_network_is_not_found(cast, login):
    hidden = HouseFactory(is_public=False, slug="verborgen", networks=[cast.network_b])
    client = login(cast.coordinator)
    assert client.get(reverse("houses:manage", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("houses:manage", args=[cast.house_b.slug])).status_code == 403


def test_upload_a_photo_and_show_it_with_its_size(cast, login, settings, tmp_path, client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    photo = SimpleUploadedFile("huis.png", buffer.getvalue(), content_type="image/png")
    manager = login(cast.manager_a)
    response = manager.post(reverse("houses:edit", args=["huis-a"]), {**_form_data(cast.house_a), "photo": photo})
    assert response.status_code == 302
    house = House.objects.get(pk=cast.house_a.pk)
    assert house.photo.name.startswith("houses/")
    html = manager.get(reverse("houses:public_detail", args=["huis-a"])).content.decode()
    assert 'width="40" height="30" alt="Foto van Huis A"' in html


def test_a_file_that_is_not_an_image_is_refused(cast, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("huis.png", b"not an image", content_type="image/png")
    response = login(cast.manager_a).post(
        reverse("houses:edit", args=["huis-a"]), {**_form_data(cast.house_a), "photo": fake}
    )
    assert response.status_code == 200
    assert 'href="#id_photo"' in response.content.decode()
    assert not House.objects.get(pk=cast.house_a.pk).photo


def test_a_photo_over_5_mb_is_refused(cast, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024 * 1024
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (700, 700), "blue").save(buffer, "BMP")  # 1.4 MB
    photo = SimpleUploadedFile("groot.bmp", buffer.getvalue(), content_type="image/bmp")
    response = login(cast.manager_a).post(
        reverse("houses:edit", args=["huis-a"]), {**_form_data(cast.house_a), "photo": photo}
    )
    assert "Kies een foto van hoogstens 1 MB." in response.content.decode()
    assert not House.objects.get(pk=cast.house_a.pk).photo
