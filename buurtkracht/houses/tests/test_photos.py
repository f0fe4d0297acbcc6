"""House photos are re-encoded on upload: no EXIF (GPS) survives, the orientation is applied, the name is
random, and what Pillow cannot read, a decompression bomb or a too large file is refused with a plain Dutch
message and nothing is stored."""

import io
import os
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from buurtkracht.core.models import LogEntry
from buurtkracht.houses import services
from buurtkracht.houses.models import House
from buurtkracht.houses.photos import prepare_photo
from buurtkracht.houses.tests.test_manage_house import _form_data

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^houses/[0-9a-f]{32}\.(jpg|png)$")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _jpeg_with_gps(size=(60, 40), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, "orange")
    image.paste((0, 0, 255), (0, 0, size[0] // 2, size[1]))  # left half blue, to see the rotation
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0131] = "Secret editor"  # Software
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 45.0, 36.0)
    gps[3] = "E"
    gps[4] = (5.0, 31.0, 12.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"made at home")
    return buffer.getvalue()


def _upload(client, data: bytes, name: str = "huis.jpg", content_type: str = "image/jpeg"):
    photo = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(reverse("houses:edit", args=["huis-a"]), {**_form_data(House.objects.get(slug="huis-a")),
                                                                  "photo": photo})  # fmt: skip


def test_a_jpeg_with_gps_is_stored_without_exif_under_a_random_name(cast, login, _media):
    original = _jpeg_with_gps()
    assert b"Exif" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = _upload(login(cast.manager_a), original, name="IMG_2024 thuis in Oss.jpg")
    assert response.status_code == 302
    house = House.objects.get(pk=cast.house_a.pk)
    assert RANDOM_NAME.match(house.photo.name), house.photo.name
    assert "thuis" not in house.photo.name
    stored = (_media / house.photo.name).read_bytes()
    assert b"Exif" not in stored and b"Secret editor" not in stored and b"made at home" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (60, 40)
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info and "comment" not in image.info


def test_two_uploads_of_the_same_file_get_different_names():
    data = _jpeg_with_gps()
    first = prepare_photo(SimpleUploadedFile("a.jpg", data))
    second = prepare_photo(SimpleUploadedFile("a.jpg", data))
    assert first.name != second.name
    assert re.match(r"^[0-9a-f]{32}\.jpg$", first.name)


def test_the_orientation_is_applied_before_the_exif_is_dropped():
    # orientation 6: the camera was turned; shown upright the 60x40 picture is 40x60
    clean = prepare_photo(SimpleUploadedFile("gedraaid.jpg", _jpeg_with_gps(orientation=6)))
    with Image.open(clean) as image:
        assert image.size == (40, 60)
        assert not image.getexif()


def test_a_png_with_transparency_stays_a_png_and_loses_its_text_chunks():
    from PIL import PngImagePlugin

    image = Image.new("RGBA", (20, 20), (255, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jan Jansen, Dorpsstraat 1")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    clean = prepare_photo(SimpleUploadedFile("logo.png", buffer.getvalue()))
    assert clean.name.endswith(".png")
    data = clean.read()
    assert b"Jan Jansen" not in data
    with Image.open(io.BytesIO(data)) as result:
        assert result.mode == "RGBA" and result.getpixel((0, 0))[3] == 0


def test_a_webp_is_accepted_and_written_as_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), "green").save(buffer, "WEBP")
    assert prepare_photo(SimpleUploadedFile("huis.webp", buffer.getvalue())).name.endswith(".jpg")


def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(cast, login, _media):
    response = _upload(login(cast.manager_a), b"<?php echo 'hallo'; ?>\n" * 20, name="huis.jpg")
    assert response.status_code == 200
    assert "Dit bestand is geen foto die we kunnen lezen. Kies een JPEG-, PNG- of WebP-foto." in (
        response.content.decode()
    )
    assert not House.objects.get(pk=cast.house_a.pk).photo
    assert not any(_media.rglob("*.*"))


def test_another_image_format_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, "GIF")
    with pytest.raises(ValidationError) as caught:
        prepare_photo(SimpleUploadedFile("huis.gif", buffer.getvalue()))
    assert caught.value.code == "invalid_photo"


def test_a_decompression_bomb_is_refused_before_it_is_decoded(cast, login, settings, _media):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("L", (4000, 4000), 0).save(buffer, "PNG", optimize=True)  # 16 Mpx of black in a few kB
    bomb = buffer.getvalue()
    assert len(bomb) < 100_000
    response = _upload(login(cast.manager_a), bomb, name="bom.png", content_type="image/png")
    assert response.status_code == 200
    assert "Deze foto heeft te veel pixels." in response.content.decode()
    assert not House.objects.get(pk=cast.house_a.pk).photo
    assert not any(_media.rglob("*.*"))


def test_pillow_itself_refuses_a_far_larger_bomb():
    # the module sets Pillow's own limit: beyond twice of it Image.open raises before reading any pixel
    assert Image.MAX_IMAGE_PIXELS == 40_000_000
    buffer = io.BytesIO()
    Image.new("1", (10_000, 9_000), 0).save(buffer, "PNG")  # 90 Mpx
    with pytest.raises(ValidationError) as caught:
        prepare_photo(SimpleUploadedFile("bom.png", buffer.getvalue()))
    assert "te veel pixels" in caught.value.messages[0]


def test_a_too_large_file_is_refused_by_the_form_and_the_service(cast, login, settings, _media):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(1000 * 1000 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=95)
    data = buffer.getvalue()
    assert len(data) > 1024 * 1024
    response = _upload(login(cast.manager_a), data)
    assert response.status_code == 200
    assert "Kies een foto van hoogstens 1 MB." in response.content.decode()
    assert not House.objects.get(pk=cast.house_a.pk).photo
    with pytest.raises(ValidationError) as caught:
        services.update_house(cast.house_a, actor=cast.manager_a, photo=SimpleUploadedFile("x.jpg", data))
    assert "photo" in caught.value.message_dict
    assert not any(_media.rglob("*.*"))


def test_the_service_re_encodes_a_photo_from_any_caller(cast, _media):
    house = services.update_house(
        cast.house_a, actor=None, photo=SimpleUploadedFile("gps.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    )
    assert RANDOM_NAME.match(house.photo.name)
    with Image.open(_media / house.photo.name) as image:
        assert not image.getexif()


def test_a_replaced_photo_is_removed_from_the_storage(cast, _media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.update_house(cast.house_a, actor=None, photo=SimpleUploadedFile("a.jpg", _jpeg_with_gps()))
    old_name = first.photo.name
    assert (_media / old_name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_house(first, actor=None, photo=SimpleUploadedFile("b.jpg", _jpeg_with_gps()))
    assert not (_media / old_name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_house(first, actor=None, photo="")
    assert not any(_media.rglob("*.jpg"))
    assert LogEntry.objects.filter(action="houses.house.changed").count() == 3
