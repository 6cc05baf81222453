"""Whether a request was started by a page of another site (a link, a redirect, a form).

A browser sends cookies with a top-level GET from another site (SameSite=Lax), so such a
navigation runs as the logged-in user. A GET may answer it, but must not count or announce
anything on the user's behalf: downloads, views, webhook events.
"""
from urllib.parse import urlsplit

from flask import current_app, request

# "none": typed, bookmarked or opened by the user; "same-site" is a sibling subdomain, which
# another party may control, so it counts as another site.
OWN_SITE = frozenset({"same-origin", "none"})


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def is_cross_site() -> bool:
    """Return whether another site started this request, by Sec-Fetch-Site, or by the Referer
    when the browser is too old to send it (no header at all: a direct request)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in OWN_SITE
    referrer = request.referrer
    return bool(referrer) and _origin(referrer) != _origin(current_app.config["PUBLIC_BASE_URL"])
