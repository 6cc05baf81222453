"""Bounds on how much pdfminer may unpack from one PDF.

pdfminer.six inflates every stream it reads in one piece and offers no limit, so a 5 MB upload
of packed zeros would take gigabytes of memory before any check of ours could run. Its decoding
module looks its decompressors up by name at call time, so `install` hands it bounded ones;
`budget` sets how much one read may unpack in all.
"""
import contextlib
import contextvars
import zlib
from collections.abc import Iterator
from io import BytesIO

from pdfminer import pdftypes
from pdfminer.lzw import LZWDecoder
from pdfminer.runlength import rldecode

# One stream: a resume page's drawing takes under 100 KB, an embedded font a few MB.
MAX_STREAM_BYTES = 8 * 1024 * 1024
# A whole read: ten pages with their fonts, with room to spare.
MAX_TOTAL_BYTES = 48 * 1024 * 1024
# Run-length coding turns 2 bytes into at most 128.
RUN_LENGTH_GROWTH = 64

_unpacked: contextvars.ContextVar[int | None] = contextvars.ContextVar("unpacked", default=None)


class TooMuchUnpacked(Exception):
    """A stream, or the file, unpacks to far more than any resume."""


def _count(size: int) -> None:
    """Add `size` unpacked bytes to this read's total; raise past a bound."""
    total = _unpacked.get()
    if total is None:  # outside `budget`: pdfminer used for something else
        return
    if size > MAX_STREAM_BYTES or total + size > MAX_TOTAL_BYTES:
        raise TooMuchUnpacked
    _unpacked.set(total + size)


CHUNK = 64 * 1024


def _inflate(data: bytes, keep_damaged: bool) -> bytes:
    """Unpack a zlib stream, at most MAX_STREAM_BYTES of it; a truncated stream gives what it
    holds. Damaged data raises zlib.error, or with `keep_damaged` ends the output there."""
    inflater, pieces, size = zlib.decompressobj(), [], 0
    for start in range(0, len(data), CHUNK):
        try:
            piece = inflater.decompress(data[start:start + CHUNK], MAX_STREAM_BYTES + 1 - size)
        except zlib.error:
            if keep_damaged:
                break
            raise
        size += len(piece)
        if size > MAX_STREAM_BYTES or inflater.unconsumed_tail:
            raise TooMuchUnpacked
        pieces.append(piece)
        if inflater.eof:
            break
    _count(size)
    return b"".join(pieces)


class _BoundedZlib:
    """The part of the zlib module pdfminer's decoding uses, bounded."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        """Unpack a whole stream, at most MAX_STREAM_BYTES of it."""
        return _inflate(data, keep_damaged=False)


def _repaired(data: bytes) -> bytes:
    """What a damaged stream holds before the damage (pdfminer's own repair feeds the stream
    one byte at a time: seconds for a large one)."""
    return _inflate(data, keep_damaged=True)


def _lzw(data: bytes) -> bytes:
    """pdfminer's LZW decoding, stopped past MAX_STREAM_BYTES."""
    pieces, size = [], 0
    for piece in LZWDecoder(BytesIO(data)).run():
        size += len(piece)
        if size > MAX_STREAM_BYTES:
            raise TooMuchUnpacked
        pieces.append(piece)
    _count(size)
    return b"".join(pieces)


def _run_length(data: bytes) -> bytes:
    """pdfminer's run-length decoding, for streams that cannot grow past MAX_STREAM_BYTES."""
    if len(data) * RUN_LENGTH_GROWTH > MAX_STREAM_BYTES:
        raise TooMuchUnpacked
    out = rldecode(data)
    _count(len(out))
    return out


def install() -> None:
    """Give pdfminer's stream decoding the bounded decompressors."""
    pdftypes.zlib = _BoundedZlib
    pdftypes.decompress_corrupted = _repaired
    pdftypes.lzwdecode = _lzw
    pdftypes.rldecode = _run_length


@contextlib.contextmanager
def budget() -> Iterator[None]:
    """Count what pdfminer unpacks inside the block against MAX_TOTAL_BYTES."""
    token = _unpacked.set(0)
    try:
        yield
    finally:
        _unpacked.reset(token)
