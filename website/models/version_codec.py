"""How a version's settings and content are stored: compressed JSON, mostly as a delta.

Every KEYFRAME_EVERY versions (and whenever a delta would not be much smaller) a version is a
keyframe: its JSON compressed on its own. The versions after it are compressed with the
keyframe's JSON as zlib's preset dictionary, so a small edit costs tens of bytes, and reading
any version decompresses at most two rows, itself and its keyframe.
"""
import json
import zlib

KEYFRAME_EVERY = 50
# A delta at least this fraction of the keyframe-less size starts a new keyframe instead.
DELTA_WORTH_IT = 0.5
# Not 9: on repetitive text level 9 searches far longer (270 ms against 15 ms for a 256 KB
# resume of two-letter noise) for output a few per cent smaller.
LEVEL = 6
# A version's state is {SETTINGS_KEY: design settings, "content": document}. The key keeps the
# name designs had when the first versions were written; a new one would mean rewriting them all.
SETTINGS_KEY = "template_settings"


def to_json(state: dict) -> bytes:
    """Return the compact UTF-8 JSON of a version's state ({SETTINGS_KEY, "content"})."""
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


def pack(state_json: bytes, keyframe_json: bytes | None) -> bytes:
    """Return `state_json` compressed, with `keyframe_json` as the dictionary if given."""
    if keyframe_json is None:
        return zlib.compress(state_json, LEVEL)
    compressor = zlib.compressobj(LEVEL, zdict=keyframe_json)
    return compressor.compress(state_json) + compressor.flush()


def unpack(packed: bytes, keyframe_json: bytes | None) -> bytes:
    """Return the JSON `pack` compressed, given the same keyframe JSON (or None)."""
    if keyframe_json is None:
        return zlib.decompress(packed)
    decompressor = zlib.decompressobj(zdict=keyframe_json)
    return decompressor.decompress(packed) + decompressor.flush()


def encode(state_json: bytes, keyframe_json: bytes | None,
           versions_since_keyframe: int) -> tuple[bytes, bool]:
    """Return a new version's packed state and whether it is a delta from the keyframe
    (False: it is a keyframe itself, as every KEYFRAME_EVERY versions or when a delta would
    save too little)."""
    alone = pack(state_json, None)
    if keyframe_json is not None and versions_since_keyframe < KEYFRAME_EVERY:
        delta = pack(state_json, keyframe_json)
        if len(delta) < DELTA_WORTH_IT * len(alone):
            return delta, True
    return alone, False
