"""Per-account rate limits, announced in the RateLimit and RateLimit-Policy headers."""
import math
import time

from flask import Response, current_app
from flask_limiter.util import get_remote_address

from website.api.auth import known_token
from website.extensions import account_key, export_limit, limiter


def token_key() -> str:
    """Rate-limit key: the token, if it works; otherwise the caller's address, so that
    guessing tokens is as slow as one token's budget allows."""
    token = known_token()
    if token is not None:
        return f"token:{token.id}"
    return "address:" + get_remote_address()


def account_of_token_key() -> str:
    """Rate-limit key: the account of the token, if it works (so all its tokens and its pages
    share one budget); otherwise the caller's address."""
    token = known_token()
    if token is not None:
        return account_key(token.user_id)
    return token_key()


# Every API call counts against the account's API_RATE_LIMIT (more tokens must not multiply
# it); exports also against the account's EXPORT_LIMIT, which downloads from the pages share.
every_call = limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api",
                                  key_func=account_of_token_key)
exports = export_limit(account_of_token_key)


def seconds_to_reset() -> int:
    """Return how long until the current request's tightest limit starts afresh."""
    current = limiter.current_limit
    return max(0, math.ceil(current.reset_at - time.time())) if current else 0


def add_headers(response: Response) -> Response:
    """Announce the tightest limit this request counted against (IETF RateLimit headers)."""
    current = limiter.current_limit
    if current is not None:
        name = "export" if "/export/" in current.key else "api"
        window = current.limit.get_expiry()
        response.headers["RateLimit-Policy"] = f'"{name}";q={current.limit.amount};w={window}'
        wait = min(seconds_to_reset(), window)
        response.headers["RateLimit"] = f'"{name}";r={current.remaining};t={wait}'
    return response
