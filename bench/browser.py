"""A browser behind Heroku's router, for benches that drive the Procfile's web process over HTTP.

Heroku's router speaks HTTPS to browsers and forwards plain HTTP to the app with
X-Forwarded-Proto and X-Forwarded-For (PROXY_COUNT=1, the production default, trusts one of
each). A Browser adds those headers itself, so a web process on loopback serves it as it serves
a browser on Heroku: over "HTTPS", with Secure cookies, a client address, and Flask-WTF checking
the Referer of every form post.
"""
import re
from urllib.parse import urlsplit, urlunsplit

import requests

from tests.helpers import INPUT_TAG, VALUE

# What the router forwards about a browser's request; documentation addresses (RFC 5737) stand
# for the browsers' own.
FORWARDED_PROTO = {"X-Forwarded-Proto": "https"}
ADDRESS = "198.51.100.1"


class Browser:
    """One browser's session: cookies, the page it shows, the router's headers; a bench times
    every request, so no redirect is followed."""

    def __init__(self, address: str = ADDRESS) -> None:
        self.session = requests.Session()
        self.session.headers.update({**FORWARDED_PROTO, "X-Forwarded-For": address})
        self.shown: str | None = None  # the page on screen, whose forms the browser posts

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        """Send one request to `url` (http:// on loopback) and return the response as is."""
        if method == "POST" and self.shown:
            # Browsers name the page a form was posted from; Flask-WTF checks it over HTTPS.
            kwargs["headers"] = {"Referer": urlunsplit(("https", *urlsplit(self.shown)[1:])),
                                 **kwargs.get("headers", {})}
        kwargs.setdefault("timeout", 60)
        response = self.session.request(method, url, allow_redirects=False, **kwargs)
        for cookie in self.session.cookies:
            # The browser speaks HTTPS to the router, which forwards plain HTTP as this one
            # does: the app's Secure cookies must still go back with each request.
            cookie.secure = False
        if response.ok and not response.is_redirect \
                and response.headers.get("Content-Type", "").startswith("text/html"):
            self.shown = url
        return response

    def get(self, url: str, **kwargs) -> requests.Response:
        """GET `url`."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data, **kwargs) -> requests.Response:
        """POST the form fields `data` (a dict or (name, value) pairs) to `url`."""
        return self.request("POST", url, data=data, **kwargs)


def field_value(html: str, name: str) -> str:
    """The value of the first input named `name` on the page `html`, e.g. its CSRF token."""
    named = re.compile(rf'\bname="{re.escape(name)}"')
    for tag in INPUT_TAG.findall(html):
        if named.search(tag) and (value := VALUE.search(tag)):
            return value.group(1)
    raise AssertionError(f"no {name} field on the page")
