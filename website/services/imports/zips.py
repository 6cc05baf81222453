"""Open ZIP archives (Word files, LinkedIn exports) without trusting what they claim.

An archive is checked from its directory before anything is decompressed (how many members,
their declared sizes, how much they claim to shrink, encryption, compression method), and
members are then read in small chunks with a cap on what comes out, so a member whose header
lies about its size, or a "zip bomb" of many megabytes of zeros, is refused after reading a
little more than the cap, never decompressed in full.
"""
import io
import struct
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from website.services.imports import ImportRejected, number

MB = 1024 * 1024
# Only the two methods Word and LinkedIn use: bzip2 and LZMA decompress a whole block at a time,
# so their reads could not be held to a small chunk.
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
CHUNK = 64 * 1024
# Below this size a member may shrink as much as it likes (an empty XML part full of spaces):
# it cannot cost much however it was made.
RATIO_FREE_BYTES = 1 * MB


@dataclass(frozen=True)
class Limits:
    """What one archive may hold and what reading it may produce, in bytes after decompression."""

    members: int = 1000  # a Word file has 10 to 50 parts, a LinkedIn export about 40 files
    member_bytes: int = 20 * MB  # declared or actual size of any one member read
    total_bytes: int = 100 * MB  # declared size of all members, and actual size of all reads
    ratio: int = 100  # decompressed / compressed; text shrinks 5 to 20 times, zeros 1,000


DEFAULT = Limits()


def _too_big(what: str) -> ImportRejected:
    """Return the refusal of an archive that unpacks to more than a resume needs; `what`
    says how much, in a phrase."""
    return ImportRejected(_("The archive unpacks to far more than a resume could need "
                            "(%(what)s), so it was not opened. Export the file again from the "
                            "program that made it.", what=what))


class SafeZip:
    """An archive checked by `open_safely`, whose members are read with bounded reads."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits):
        self.archive = archive
        self.limits = limits
        self.read_bytes = 0  # what all reads have produced so far, held to limits.total_bytes

    def namelist(self) -> list[str]:
        """Return the names of the archive's members, folders left out."""
        return [info.filename for info in self.archive.infolist() if not info.is_dir()]

    def __contains__(self, name: str) -> bool:
        return name in self.archive.NameToInfo

    def size(self, name: str) -> int:
        """Return the size member `name` declares it has once decompressed."""
        return self.archive.getinfo(name).file_size

    def read(self, name: str, cap: int | None = None) -> bytes:
        """Return the decompressed content of member `name`; raise ImportRejected when it
        would exceed the limits (or `cap` bytes), whatever its header says, or is damaged."""
        info = self.archive.getinfo(name)
        cap = min(cap or self.limits.member_bytes, self.limits.member_bytes,
                  self.limits.total_bytes - self.read_bytes)
        chunks, size = [], 0
        try:
            with self.archive.open(info) as member:
                # zipfile stops at the declared size; reading chunk by chunk also stops a
                # member that decompresses to more than the cap, long before it is all out.
                while size <= cap and (chunk := member.read(CHUNK)):
                    size += len(chunk)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ImportRejected(_("The archive is damaged: “%(name)s” cannot be unpacked.",
                                   name=name)) from error
        if size > cap:
            raise _too_big(_("more than %(size)s MB in “%(name)s”",
                             size=number(round(cap / MB)), name=name))
        self.read_bytes += size
        return b"".join(chunks)

    def repacked(self) -> bytes:
        """Return the archive rebuilt from bounded reads of every member, uncompressed, so a
        library that reads whole members at once (python-docx) reads only checked bytes."""
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as copy:
            for name in self.namelist():
                copy.writestr(name, self.read(name))
        return output.getvalue()


def _declared_members(raw: bytes) -> int:
    """Return the member count the end-of-directory record states (0 if not found), read
    before zipfile parses a directory that could list tens of thousands of members."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end < 0 or end + 12 > len(raw):
        return 0
    return struct.unpack_from("<H", raw, end + 10)[0]


def _check_count(count: int, limits: Limits) -> None:
    if count > limits.members:
        raise ImportRejected(_("The archive holds %(count)s files; a resume file or a LinkedIn "
                               "export holds far fewer (at most %(limit)s are read), so it was "
                               "not opened.", count=number(count),
                               limit=number(limits.members)))


def _check(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Raise ImportRejected when the archive's directory shows what no resume file holds."""
    _check_count(len(infos), limits)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportRejected(_("The archive is protected with a password (“%(name)s” is "
                                   "encrypted). Remove the password and upload it again.",
                                   name=info.filename))
        if info.compress_type not in METHODS:
            raise ImportRejected(_("The archive uses a compression method this site does not "
                                   "read (for “%(name)s”). Zip it again with the usual "
                                   "“deflate” method.", name=info.filename))
        if info.file_size > limits.member_bytes:
            raise _too_big(_("%(size)s MB in “%(name)s”",
                             size=number(info.file_size // MB), name=info.filename))
        if (info.file_size > RATIO_FREE_BYTES
                and info.file_size > limits.ratio * max(info.compress_size, 1)):
            raise _too_big(_("“%(name)s” grows %(times)s times when unpacked",
                             name=info.filename,
                             times=number(info.file_size // max(info.compress_size, 1))))
        total += info.file_size
    if total > limits.total_bytes:
        raise _too_big(_("%(size)s MB in all", size=number(total // MB)))


def open_safely(raw: bytes, limits: Limits = DEFAULT) -> SafeZip:
    """Return the archive in `raw` once its directory passes the limits; raise ImportRejected,
    with a message for the user, when it is damaged or looks like a zip bomb."""
    _check_count(_declared_members(raw), limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise ImportRejected(_("The file is a damaged ZIP archive; it cannot be opened.")) \
            from error
    _check(archive.infolist(), limits)
    return SafeZip(archive, limits)
