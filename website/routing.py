"""How every route reads its URL: bounded ids in the path, bounded page numbers in the query."""
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from website.models.base import MAX_ROW_ID

# Far beyond any list's last page, and within what every database's OFFSET takes.
MAX_PAGE = 100_000


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` with an upper bound, so a number no row can have is a 404 (no route),
    not a database error on the look-up (a 500); the OpenAPI document shows the bound."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


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
