"""Who is calling: the personal access token in `Authorization: Bearer ...`, never a cookie."""
from flask import g, request

from website.api.problems import Problem
from website.models import User
from website.models.api_token import ApiToken
from website.services import api_tokens

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Blueprints whose every call only reads, whatever its method (exports are POSTs with a body).
READ_ONLY_BLUEPRINTS: set[str] = set()


def is_write() -> bool:
    """Whether the current API call may change data, and so needs a read-and-write token."""
    return request.method not in READ_METHODS and request.blueprint not in READ_ONLY_BLUEPRINTS


def bearer_text() -> str:
    """Return the token text of the Authorization header, or "" when there is none."""
    scheme, _, text = request.headers.get("Authorization", "").partition(" ")
    return text.strip() if scheme.lower() == "bearer" else ""


def known_token() -> ApiToken | None:
    """Return the working token the request carries, or None (looked up once per request)."""
    if "api_token_found" not in g:
        text = bearer_text()
        g.api_token_found = api_tokens.authenticate(text) if text else None
    return g.api_token_found


def authenticate() -> None:
    """Check the request's token (run before every API view); raise a 401 or 403 problem."""
    text = bearer_text()
    if not text:
        raise Problem(401, "Send a personal access token as “Authorization: Bearer <token>”. "
                           "Make one on your account page.",
                      headers={"WWW-Authenticate": 'Bearer realm="api"'})
    token = known_token()
    if token is None:
        raise Problem(401, "This token is not valid: it may be mistyped or revoked.",
                      headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'})
    if is_write() and not token.can_write:
        raise Problem(403, "This token is read-only. Make a read-and-write token to change data.",
                      headers={"WWW-Authenticate":
                               'Bearer realm="api", error="insufficient_scope"'})
    api_tokens.touch(token)
    g.api_token = token


def token_user() -> User:
    """Return the owner of the token the current API request was made with."""
    return g.api_token.user
