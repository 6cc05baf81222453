"""URL converters shared by every route."""
from werkzeug.routing import IntegerConverter

from website.models.base import MAX_ROW_ID


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` with an upper bound, so a number no row can have is a 404 (no route),
    not a database error on the look-up (a 500); the OpenAPI document shows the bound."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)
