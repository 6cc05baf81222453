"""Absolute URLs that always start with PUBLIC_BASE_URL, whatever Host a request names."""
from urllib.parse import urlsplit

from flask import Flask, Request, request
from werkzeug.exceptions import SecurityError
from werkzeug.routing import MapAdapter


class PublicUrlFlask(Flask):
    """Flask whose `url_for(..., _external=True)` builds on PUBLIC_BASE_URL, in and out of requests.

    The Host header is the client's to choose: built on it, a password-reset link asked for
    with `Host: attacker.example` would send the token to that site. A Host outside
    TRUSTED_HOSTS is answered 400 before any view runs.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_request(_refuse_untrusted_host)

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Return Flask's adapter (which checks TRUSTED_HOSTS) with the public host and scheme."""
        base = urlsplit(self.config["PUBLIC_BASE_URL"])
        if request is None:  # an app context alone, e.g. the worker: links need no request
            return self.url_map.bind(base.netloc, script_name=base.path or "/",
                                     url_scheme=base.scheme)
        try:
            adapter = super().create_url_adapter(request)
        except SecurityError:
            # Still route, so the 400 page `_refuse_untrusted_host` leads to can build its links.
            adapter = self.url_map.bind_to_environ(request.environ, subdomain="")
        adapter.server_name, adapter.url_scheme = base.netloc, base.scheme
        return adapter


def _refuse_untrusted_host() -> None:
    """Answer 400 if the request names a Host outside TRUSTED_HOSTS (reading it raises)."""
    request.host  # noqa: B018
