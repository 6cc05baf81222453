"""Resume photos: verified and re-encoded with Pillow, kept in the database."""
import io

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from website.extensions import db
from website.models import Resume, ResumePhoto, User
from website.services import resumes

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 800
# MPO is a JPEG with a second, smaller picture, as phones with several lenses save them.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
# A 6000 x 4000 camera photo; phones take 12 megapixels (4032 x 3024).
MAX_PIXELS = 24_000_000
# What decoding may hold at once, so that no upload within the limits costs a worker more
# than ~50 MB. A baseline JPEG is decoded at 1/2 to 1/8 of its size (`Image.draft`); the
# others are decoded at full size before they can be reduced, at these bytes per pixel
# (measured: WebP holds libwebp's canvas, its copy and Pillow's image; transparency doubles
# a PNG, which is premultiplied in a second full-size image when reduced).
DECODE_BUDGET_BYTES = 40 * 1024 * 1024
FULL_DECODE_BYTES_PER_PIXEL = {"PNG": 6, "transparent PNG": 10, "WebP": 17,
                               "progressive JPEG": 7}
# How a refusal names the kinds above that are more than a format's name.
KIND_NAMES = {"transparent PNG": _l("transparent PNG"), "progressive JPEG": _l("progressive JPEG")}


class PhotoRejected(ValueError):
    """The upload is not a photo we accept; the message says why, for the user."""


def _kind(image: Image.Image) -> str:
    if image.format in ("JPEG", "MPO"):
        return "progressive JPEG" if image.info.get("progressive") else "JPEG"
    if image.format == "PNG":
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        return "transparent PNG" if transparent else "PNG"
    return "WebP"


def _megapixels(pixels: float) -> str:
    return format_decimal(pixels / 1_000_000, "#,##0.0", locale=get_locale() or "en")


def _check_size(image: Image.Image) -> None:
    """Refuse, from the header alone, an image that would take too much memory to decode."""
    kind = _kind(image)
    pixels = image.width * image.height
    limit = MAX_PIXELS
    if kind in FULL_DECODE_BYTES_PER_PIXEL:
        limit = min(limit, DECODE_BUDGET_BYTES // FULL_DECODE_BYTES_PER_PIXEL[kind])
    if pixels > limit:
        values = {"width": image.width, "height": image.height,
                  "megapixels": _megapixels(pixels), "kind": str(KIND_NAMES.get(kind, kind)),
                  "limit": _megapixels(limit)}
        if kind == "JPEG":
            raise PhotoRejected(_("This image is %(width)d × %(height)d pixels (%(megapixels)s "
                                  "megapixels); a %(kind)s photo can have at most %(limit)s "
                                  "megapixels. Resize it before uploading.", **values))
        raise PhotoRejected(_("This image is %(width)d × %(height)d pixels (%(megapixels)s "
                              "megapixels); a %(kind)s photo can have at most %(limit)s "
                              "megapixels. Resize it, or save it as a standard JPEG, which can "
                              "be larger.", **values))


def _reduced(image: Image.Image) -> Image.Image:
    """Return `image` decoded at most MAX_SIDE px on its longer side, then turned upright.

    A JPEG is decoded directly at a fraction of its size (`draft`), and the copy that
    `exif_transpose` makes is of the small image, never of the full-size one.
    """
    scale = MAX_SIDE / max(image.size)
    if scale < 1:
        image.draft("RGB", (int(image.width * scale), int(image.height * scale)))
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return ImageOps.exif_transpose(image)


def reencode(data: bytes) -> tuple[bytes, str, int, int]:
    """Return (bytes, mime type, width, height) of a cleaned copy of an uploaded photo:
    EXIF and other metadata dropped, turned upright, at most 800 px on its longer side."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRejected(_("The photo is larger than %(size)d MB. Choose a smaller file.",
                              size=MAX_UPLOAD_BYTES // (1024 * 1024)))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoRejected(_("Upload a JPEG, PNG or WebP image."))
            _check_size(probe)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = _reduced(image)
            has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
            output = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(output, "PNG", optimize=True)
                mime = "image/png"
            else:
                image.convert("RGB").save(output, "JPEG", quality=88, optimize=True)
                mime = "image/jpeg"
            return output.getvalue(), mime, image.width, image.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise PhotoRejected(_("That file is not an image we can read. Upload a JPEG, PNG or "
                              "WebP photo.")) from error


def set_photo(resume: Resume, author: User, base_version: int, data: bytes | None) -> None:
    """Show a new photo on the resume (or none, if `data` is None), as a new version."""
    if base_version != resume.version:
        raise resumes.StaleVersion()
    settings = dict(resume.design_settings or {})
    if data is None:
        settings.pop("photo_id", None)
    else:
        image, mime, width, height = reencode(data)
        photo = ResumePhoto(resume=resume, mime_type=mime, width=width, height=height, data=image)
        db.session.add(photo)
        db.session.flush()
        settings["photo_id"] = photo.id
    resumes.save(resume, author, base_version, settings=settings)


def get_photo(resume: Resume, photo_id: int) -> ResumePhoto | None:
    """Return one of this resume's photos, or None."""
    photo = db.session.get(ResumePhoto, photo_id)
    return photo if photo is not None and photo.resume_id == resume.id else None
