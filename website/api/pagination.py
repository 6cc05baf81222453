"""Page-numbered lists with a Link header (first, prev, next, last) and a total count."""
from flask import request, url_for
from flask_sqlalchemy.pagination import Pagination
from marshmallow import Schema, fields, validate

from website.routing import MAX_PAGE

MAX_PER_PAGE = 100


class PageArgs(Schema):
    """The query parameters of every list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE),
                          metadata={"description": "Page number, from 1."})
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                              metadata={"description": f"Items per page, 1 to {MAX_PER_PAGE}."})


HEADERS = {
    "Link": {"description": 'Links to the other pages: rel="first", "prev", "next" and "last" '
                            "(RFC 8288).", "schema": {"type": "string"}},
    "X-Total-Count": {"description": "How many items all pages hold together.",
                      "schema": {"type": "integer"}},
}


def _page_url(number: int, per_page: int) -> str:
    others = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
    query = {"page": number, "per_page": per_page, **others}
    return url_for(request.endpoint, **(request.view_args or {}), **query, _external=True)


def headers(pagination: Pagination) -> dict[str, str]:
    """Return the Link and X-Total-Count headers for one page of a list."""
    last = max(pagination.pages, 1)
    pages = {"first": 1, "last": last}
    if pagination.has_prev:
        pages["prev"] = min(pagination.page - 1, last)
    if pagination.has_next:
        pages["next"] = pagination.page + 1
    links = ", ".join(f'<{_page_url(number, pagination.per_page)}>; rel="{rel}"'
                      for rel, number in pages.items())
    return {"Link": links, "X-Total-Count": str(pagination.total)}
