"""Checks on what the API is sent, beyond what marshmallow's own validators cover."""
import re

from marshmallow import ValidationError

from website.services.resumes import MAX_INTEGER

# The largest id a row can have (PostgreSQL's integer); a larger one in a path matches no route,
# so it is a 404 rather than an overflow in the database driver.
ID = f"int(max={MAX_INTEGER})"
# PostgreSQL cannot store NUL in text, and lone surrogates cannot be encoded as UTF-8.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(value: str) -> None:
    """Refuse text with characters no database column can hold."""
    if UNSTORABLE.search(value):
        raise ValidationError("Leave out NUL characters and unpaired surrogates.")
