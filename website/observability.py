"""Logging to stdout, one line per request with method, path, status and duration; secrets in a
path (reset, share, unsubscribe and confirmation links) are left out."""
import functools
import logging
import re
import sys
import time

from flask import Flask, current_app, g, request
from werkzeug.routing import Map

request_log = logging.getLogger("website.requests")
# Route variables whose value opens something by itself: a log reader must not see them.
SECRET_ROUTE_VARIABLES = frozenset({"token"})
REDACTED = "[redacted]"


def loggable_path() -> str:
    """Return the request's path with the value of each secret route variable redacted, also
    when the path reaches no view (a mangled link: a slash added or doubled)."""
    return _secret_segments(current_app.url_map).sub(rf"\1{REDACTED}", request.path)


@functools.cache
def _secret_segments(url_map: Map) -> re.Pattern:
    """Return a pattern whose group 1 is a path up to a secret route variable, whose value
    (the path segment after it) follows: one alternative per route with such a variable."""
    alternatives = set()
    for rule in url_map.iter_rules():
        for name in SECRET_ROUTE_VARIABLES & rule.arguments:
            before = re.split(rf"<(?:[^<>:]+:)?{name}>", rule.rule)[0]
            parts = re.split(r"(<[^<>]+>)", before)
            alternatives.add("".join("[^/]+" if part.startswith("<") else
                                     re.escape(part).replace("/", "/+") for part in parts))
    if not alternatives:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile(rf"^((?:{'|'.join(sorted(alternatives))})/*)[^/]+")


def configure_logging(app: Flask) -> None:
    """Send the app's logs to stdout, where Heroku and `make run` collect them."""
    root = logging.getLogger()
    if not any(getattr(h, "_resume_builder", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._resume_builder = True
        root.addHandler(handler)
    root.setLevel(logging.INFO)

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.pop("request_started", None)
        duration_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        request_log.info("%s %s %s %.1fms", request.method, loggable_path(),
                         response.status_code, duration_ms)
        return response
