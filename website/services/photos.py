"""Resume photos: verified and re-encoded with Pillow, kept in the database."""
import io

from PIL import Image, ImageOps, UnidentifiedImageError

from website.extensions import db
from website.models import Resume, ResumePhoto, User
from website.services import resumes

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 800
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Far above any real photo, far below a decompression bomb.
MAX_PIXELS = 40_000_000


class PhotoRejected(ValueError):
    """The upload is not a photo we accept; the message says why, for the user."""


def reencode(data: bytes) -> tuple[bytes, str, int, int]:
    """Return (bytes, mime type, width, height) of a cleaned copy of an uploaded photo:
    EXIF and other metadata dropped, turned upright, at most 800 px on its longer side."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRejected("The photo is larger than 5 MB. Choose a smaller file.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoRejected("Upload a JPEG, PNG or WebP image.")
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRejected("The image has too many pixels. Choose a smaller photo.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
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
        raise PhotoRejected("That file is not an image we can read. Upload a JPEG, PNG or "
                            "WebP photo.") from error


def set_photo(resume: Resume, author: User, base_version: int, data: bytes | None) -> None:
    """Show a new photo on the resume (or none, if `data` is None), as a new version."""
    if base_version != resume.version:
        raise resumes.StaleVersion()
    settings = dict(resume.template_settings or {})
    if data is None:
        settings.pop("photo_id", None)
    else:
        image, mime, width, height = reencode(data)
        photo = ResumePhoto(resume=resume, mime_type=mime, width=width, height=height, data=image)
        db.session.add(photo)
        db.session.flush()
        settings["photo_id"] = photo.id
    resumes.save(resume, author, base_version, template_settings=settings)


def get_photo(resume: Resume, photo_id: int) -> ResumePhoto | None:
    """Return one of this resume's photos, or None."""
    photo = db.session.get(ResumePhoto, photo_id)
    return photo if photo is not None and photo.resume_id == resume.id else None
