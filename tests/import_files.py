"""Builders of the ZIP archives the import tests feed in: Word files and LinkedIn exports
made in the test, and the broken or hostile archives an attacker could upload."""
import io
import struct
import zipfile

import pytest

from website.services.imports import ImportRejected, reader

MB = 1024 * 1024
ZEROS = b"\x00" * (40 * MB)


def archive(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return a ZIP archive of `files` (name → content)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", method) as built:
        for name, content in files.items():
            built.writestr(name, content)
    return output.getvalue()


def _patched(raw: bytes, signature: bytes, offset: int, value: bytes) -> bytes:
    """Return `raw` with `value` written at `offset` into every record starting `signature`."""
    data = bytearray(raw)
    start = data.find(signature)
    while start >= 0:
        data[start + offset:start + offset + len(value)] = value
        start = data.find(signature, start + 1)
    return bytes(data)


def lying_about_size(raw: bytes, size: int) -> bytes:
    """Return `raw` with every member's headers claiming `size` bytes when unpacked."""
    raw = _patched(raw, b"PK\x03\x04", 22, struct.pack("<I", size))
    return _patched(raw, b"PK\x01\x02", 24, struct.pack("<I", size))


def encrypted(raw: bytes) -> bytes:
    """Return `raw` with every member marked encrypted, as a password-protected ZIP is."""
    raw = _patched(raw, b"PK\x03\x04", 6, struct.pack("<H", 1))
    return _patched(raw, b"PK\x01\x02", 8, struct.pack("<H", 1))


def assert_refused(raw: bytes, message: str) -> None:
    """Assert that importing `raw` is refused with `message` (bench/import_speed.py times it)."""
    with pytest.raises(ImportRejected, match=message):
        reader.read(raw)
