"""Checks on what the API is sent, beyond what marshmallow's own validators cover."""
import re

from marshmallow import ValidationError

# PostgreSQL cannot store NUL in text, and lone surrogates cannot be encoded as UTF-8.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(value: str) -> None:
    """Refuse text with characters no database column can hold."""
    if UNSTORABLE.search(value):
        raise ValidationError("Leave out NUL characters and unpaired surrogates.")
