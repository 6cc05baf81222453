"""Photo uploads cannot exhaust a worker's memory: images too large to decode are refused from
their header, the others are reduced while decoded, and uploads are rate-limited per account."""
import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from website.extensions import db
from website.models import Resume
from website.services import photos, resume_document, resumes

ROOT = Path(__file__).resolve().parents[2]
PEAK_BUDGET_MB = 50
# Runs in a fresh interpreter, so the high-water mark of its memory is the upload's alone.
MEASURE = """
import json, resource, sys
from website.services import photos
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    photos.reencode(data)
    outcome = "accepted"
except photos.PhotoRejected as error:
    outcome = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "peak_mb": (after - before) / 1024}))
"""


@pytest.fixture
def app_config():
    return {"PHOTO_UPLOAD_LIMIT": "3 per minute"}


def lossless_webp(width: int, height: int) -> bytes:
    """A valid lossless WebP of one black colour, 30 bytes at any size (the audit's was 34)."""
    bits: list[int] = []

    def put(value: int, count: int) -> None:
        bits.extend((value >> i) & 1 for i in range(count))

    put(width - 1, 14), put(height - 1, 14), put(0, 1), put(0, 3)
    put(0, 3)  # no transform, no colour cache, no meta prefix codes
    for symbol in (0, 0, 0, 255, 0):  # green, red, blue, alpha, distance: one symbol each
        put(1, 1), put(0, 1)
        if symbol < 2:
            put(0, 1), put(symbol, 1)
        else:
            put(1, 1), put(symbol, 8)
    payload = bytearray([0x2F])
    payload += bytes(sum(bit << i for i, bit in enumerate(bits[start:start + 8]))
                     for start in range(0, len(bits), 8))
    payload += b"\0" * (len(payload) % 2)
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + bytes(payload)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def flat_png(width: int, height: int) -> bytes:
    """A valid PNG of one colour, compressed row by row (6300 x 6300 is ~120 KB)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))

    compressor, row = zlib.compressobj(9), b"\0" * (1 + 3 * width)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, fmt, **options)
    return output.getvalue()


def phone_photo(size=(4032, 3024), orientation: int | None = None, fmt: str = "JPEG") -> bytes:
    """A JPEG like a phone's: 12 megapixels with detail, optionally with an EXIF rotation, or
    as MPO (a JPEG with a second picture, from phones with several lenses)."""
    image = Image.radial_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    extra = {"save_all": True, "append_images": [image.resize((400, 300))]} \
        if fmt == "MPO" else {}
    return encoded(image, fmt, quality=90, exif=exif, **extra)


def largest_square(kind: str) -> int:
    """The side of the largest square image of `kind` the limits accept."""
    pixels = photos.DECODE_BUDGET_BYTES // photos.FULL_DECODE_BYTES_PER_PIXEL[kind]
    return int(pixels ** 0.5)


def at_the_limit(kind: str) -> bytes:
    side = largest_square(kind)
    image = Image.radial_gradient("L").resize((side, side))
    if kind == "transparent PNG":
        return encoded(image.convert("RGBA"), "PNG")
    if kind == "PNG":
        return encoded(image.convert("RGB"), "PNG")
    if kind == "WebP":
        return encoded(image.convert("RGBA"), "WEBP", lossless=True)
    return encoded(image.convert("RGB"), "JPEG", progressive=True, subsampling=0)


def upload(client, resume_id: int, data: bytes, name: str):
    token = client.csrf_token(f"/resume/{resume_id}/edit/basics")
    return client.post(f"/resume/{resume_id}/photo", content_type="multipart/form-data",
                       data={"csrf_token": token, "photo": (io.BytesIO(data), name)})


@pytest.fixture
def resume_id(app, user):
    with app.app_context():
        return resumes.create(db.session.get(type(user), user.id), "Backend roles").id


def photo_id(app, resume_id: int) -> int | None:
    with app.app_context():
        return db.session.get(Resume, resume_id).design_settings.get("photo_id")


@pytest.mark.parametrize("data, name, message", [
    (lossless_webp(6300, 6300), "bomb.webp",
     "This image is 6300 × 6300 pixels (39.7 megapixels); a WebP photo can have at most "),
    (flat_png(6300, 6300), "bomb.png",
     "This image is 6300 × 6300 pixels (39.7 megapixels); a PNG photo can have at most "),
])
def test_the_audits_decompression_bombs_are_refused_from_their_header(
        auth_client, app, resume_id, data, name, message):
    response = upload(auth_client, resume_id, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert photo_id(app, resume_id) is None


@pytest.mark.parametrize("fmt", ["JPEG", "MPO"])
def test_a_phone_photo_is_accepted_upright_at_800_pixels(auth_client, app, resume_id, fmt):
    # Orientation 6: the camera was turned, the picture must be rotated to stand upright.
    response = upload(auth_client, resume_id, phone_photo(orientation=6, fmt=fmt),
                      "IMG_0001.jpg")
    assert response.status_code == 302
    served = auth_client.get(f"/resume/{resume_id}/photos/{photo_id(app, resume_id)}")
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.size == (600, 800)


def test_a_photo_for_a_resume_that_breaks_a_newer_rule_is_refused_with_a_message(
        auth_client, app, resume_id):
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        content = dict(resume.content)
        too_long = "x" * (resume_document.SUMMARY_MAX_LENGTH + 1)  # saved before the cap
        content["basics"] = {**content["basics"], "summary": too_long}
        resume.content = content
        db.session.commit()
    small = encoded(Image.new("RGB", (300, 200), (200, 120, 50)), "JPEG")
    response = upload(auth_client, resume_id, small, "me.jpg")
    assert response.status_code == 422
    assert "another section of this resume breaks a rule" in response.get_data(as_text=True)
    assert photo_id(app, resume_id) is None


def test_photo_uploads_are_limited_per_account(auth_client, app, resume_id):
    small = encoded(Image.new("RGB", (300, 200), (200, 120, 50)), "JPEG")
    for _ in range(3):
        assert upload(auth_client, resume_id, small, "me.jpg").status_code == 302
    refused = upload(auth_client, resume_id, small, "me.jpg")
    assert refused.status_code == 429
    with app.app_context():
        assert db.session.get(Resume, resume_id).version == 4


def peak_memory(tmp_path, data: bytes) -> dict:
    """Run `photos.reencode(data)` in a new interpreter; return its outcome and peak MB."""
    path = tmp_path / "upload"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("make", [
    pytest.param(phone_photo, id="12 MP phone JPEG"),
    pytest.param(lambda: phone_photo(fmt="MPO"), id="12 MP phone MPO"),
    pytest.param(lambda: phone_photo((6000, 4000)), id="24 MP camera JPEG"),
    *(pytest.param(lambda kind=kind: at_the_limit(kind), id=f"largest {kind}")
      for kind in photos.FULL_DECODE_BYTES_PER_PIXEL),
])
def test_any_upload_within_the_limits_costs_less_than_50_mb(tmp_path, make):
    measured = peak_memory(tmp_path, make())
    assert measured["outcome"] == "accepted"
    assert measured["peak_mb"] < PEAK_BUDGET_MB, measured


def test_the_limits_are_the_largest_images_accepted():
    side = largest_square("WebP") + 1
    with pytest.raises(photos.PhotoRejected, match="a WebP photo can have at most 2.5 megapixels"):
        photos.reencode(lossless_webp(side, side))
