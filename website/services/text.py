"""Text folding shared by search and matching: one form for case and accents everywhere."""
import unicodedata
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l

from website.services import resume_document


def fold(text: str) -> str:
    """Return `text` lower-cased with its accents removed ("MÜNCHEN" and "München" → "munchen")."""
    if text.isascii():  # nothing to decompose: the fast path for most text
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """Return `fold(text)` and, for each of its characters, the index in `text` it came from."""
    if text.isascii():  # most text: folding is lower-casing, one character for one
        return text.lower(), range(len(text))
    folded, offsets = [], []
    for index, char in enumerate(text):
        part = fold(char)
        folded.append(part)
        offsets.extend([index] * len(part))
    return "".join(folded), offsets


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def content_fields(title: str, content: dict) -> list[tuple[str, str]]:
    """Return (where, text) for every piece of text of a resume: title, basics, each section."""
    # Read as stored, without `normalize`: its deep copy would cost more than the whole search.
    basics = content.get("basics") or {}
    # `where` is shown beside a search result: lazy, in the reader's language.
    fields = [(_l("Title"), title), (_l("Name"), basics.get("name") or "")]
    fields += [(spec.label, basics.get(spec.key) or "") for spec in resume_document.BASICS_FIELDS
               if spec.key not in ("name", "email", "url")]
    fields += [(_l("Location"), text) for text in _strings(basics.get("location"))]
    fields += [(_l("Profiles"), text) for text in _strings(basics.get("profiles"))]
    for section in resume_document.SECTIONS:
        fields += [(section.title, text) for text in _strings(content.get(section.key))]
    return [(where, text) for where, text in fields if isinstance(text, str) and text.strip()]
