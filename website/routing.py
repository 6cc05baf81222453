"""How every route reads its URL: bounded ids and storable text in the path, bounded page
numbers in the query."""
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError

from website.models.base import MAX_ROW_ID
from website.services import user_input

# Far beyond any list's last page, and within what every database's OFFSET takes.
MAX_PAGE = 100_000


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` with an upper bound, so a number no row can have is a 404 (no route),
    not a database error on the look-up (a 500); the OpenAPI document shows the bound."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


class StorableStringConverter(UnicodeConverter):
    """`<name>` (a slug, a share or reset token) without NUL, which no look-up can hold: such a
    path matches no route (a 404) rather than failing in the database (a 500)."""

    def to_python(self, value: str) -> str:
        if not user_input.is_storable(value):
            raise ValidationError()  # to werkzeug: this rule does not match
        return value


CONVERTERS = {"int": BoundedIntegerConverter, "default": StorableStringConverter,
              "string": StorableStringConverter}


class NoSuchPage(NotFound):
    """A page number beyond any list; the error page shows its description."""

    description = (f"Lists have pages 1 to {MAX_PAGE:,} at most, and this one has no page with "
                   "that number.")


def requested_page(args: MultiDict) -> int:
    """Return the page of a list that `args` ask for: 1 when `page` is missing or not a whole
    number, and a 404 saying so when no list has that page (a database would overflow)."""
    page = args.get("page", 1, type=int)
    if not 1 <= page <= MAX_PAGE:
        raise NoSuchPage()
    return page
