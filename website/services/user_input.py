"""What any text or JSON a user sends must be before we read further: storable, bounded in depth."""
import json
import re

from flask_babel import gettext as _

# PostgreSQL cannot store NUL in text, and lone surrogates cannot be encoded as UTF-8.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# A JSON Resume is 4 levels deep; Python's parser recurses per level and fails near 1,000.
MAX_JSON_DEPTH = 32



def unstorable_message() -> str:
    """Return why text with NUL or a lone surrogate is refused, in the reader's language."""
    return _("Leave out NUL characters and unpaired surrogates.")


def too_deep_message() -> str:
    """Return why JSON nested too deep is refused, in the reader's language."""
    return _("The JSON is nested more than %(depth)d levels deep.", depth=MAX_JSON_DEPTH)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class UnreadableJSON(ValueError):
    """JSON this app will not read; the message says why and `path` (keys, indexes) where."""

    def __init__(self, message: str, path: list | None = None):
        super().__init__(message)
        self.path = path


def is_storable(text: str) -> bool:
    """Whether every character of `text` can be stored in a text column."""
    return not UNSTORABLE.search(text)


def _too_deep(text: str) -> bool:
    """Whether `text` opens more than MAX_JSON_DEPTH arrays or objects inside each other,
    counted without parsing (so without recursion): brackets inside strings do not count."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for bracket in _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def unstorable_path(value) -> list | None:
    """Return the path (keys, indexes) to the first key or string in `value` that is not
    storable, or None."""
    if isinstance(value, str):
        return None if is_storable(value) else []
    pending = [(value, None)] if isinstance(value, dict | list) else []
    # Each path is kept as (parent path, key), so nothing is copied on the way down.
    while pending:
        item, path = pending.pop()
        children = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in children:
            if isinstance(key, str) and not is_storable(key) or \
                    isinstance(child, str) and not is_storable(child):
                return _unlinked((path, key))
            if isinstance(child, dict | list):
                pending.append((child, (path, key)))
    return None


def _unlinked(path) -> list:
    keys = []
    while path is not None:
        path, key = path
        keys.append(key)
    return keys[::-1]


def loads(text: str | bytes):
    """Parse JSON a user sent; raise UnreadableJSON if it is nested too deep or holds text no
    column can store, and json.JSONDecodeError (or UnicodeDecodeError) if it is not JSON."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if _too_deep(text):
        raise UnreadableJSON(too_deep_message())
    data = json.loads(text)
    # Only a \u escape can put NUL or a lone surrogate in parsed JSON: walk the data only then.
    path = unstorable_path(data) if _SUSPECT_ESCAPE.search(text) else None
    if path is not None:
        raise UnreadableJSON(unstorable_message(), path)
    return data
