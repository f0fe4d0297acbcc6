"""House photos: every upload is checked and re-encoded before it is stored.

* at most ``PHOTO_MAX_UPLOAD_BYTES`` and ``PHOTO_MAX_PIXELS`` (width x height; Pillow's ``MAX_IMAGE_PIXELS`` is
  set to the same, so a decompression bomb is refused before it is decoded);
* only JPEG, PNG and WebP that Pillow can open and decode;
* turned upright from its EXIF orientation, then drawn into a fresh image and written again, so no EXIF (GPS,
  camera, time), ICC profile, comment or anything smuggled behind the pixels survives (ASVS 5.2.2, 5.3.2);
* written as JPEG, or PNG when it has transparency, under a random name (uuid4) in ``houses/``.

``prepare_photo`` raises a ``ValidationError`` with a plain Dutch message; the form and the service both use it,
so nothing else can store a photo unchecked."""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85

Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS


class CleanPhoto(ContentFile):
    """A photo that went through ``prepare_photo``: re-encoded, with a random name."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_photo")


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def prepare_photo(upload: File) -> CleanPhoto:
    """Check ``upload`` and return it re-encoded, without metadata, under a random name; a ``ValidationError``
    when it is too large, not a JPEG, PNG or WebP image, damaged, or a decompression bomb."""
    if isinstance(upload, CleanPhoto):
        return upload
    max_bytes = settings.PHOTO_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _refuse(_("Choose a photo of at most %(size)s MB.") % {"size": _megabytes(max_bytes)})
    max_pixels = settings.PHOTO_MAX_PIXELS
    too_large = _("This photo has too many pixels. Make it smaller (at most %(megapixels)s megapixels) and try again.")
    not_an_image = _("This file is not a photo we can read. Choose a JPEG, PNG or WebP photo.")
    try:
        upload.seek(0)
        data = upload.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _refuse(_("Choose a photo of at most %(size)s MB.") % {"size": _megabytes(max_bytes)})
        with warnings.catch_warnings():  # Pillow warns between 1x and 2x MAX_IMAGE_PIXELS; refused just below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            if image.format not in ACCEPTED_FORMATS:
                raise _refuse(not_an_image)
            width, height = image.size
            if width * height > max_pixels:
                raise _refuse(too_large % {"megapixels": max_pixels // 1_000_000})
            image.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(image)
            upright.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(too_large % {"megapixels": max_pixels // 1_000_000}) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _refuse(not_an_image) from None
    transparent = _has_transparency(upright)
    mode = "RGBA" if transparent else "RGB"
    pixels = upright.convert(mode)
    clean = Image.new(mode, pixels.size)  # a fresh image: no info, EXIF, ICC profile or comments
    clean.paste(pixels)
    out = io.BytesIO()
    if transparent:
        clean.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return CleanPhoto(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
