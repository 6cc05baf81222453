"""Personal access tokens: made, shown once, checked on every API call, revoked."""
import hashlib
import secrets
from datetime import timedelta

from flask import abort

from website.extensions import db
from website.models import User, utcnow
from website.models.api_token import READ, READ_WRITE, ApiToken
from website.services import accounts

SCOPES = {READ: "Read only", READ_WRITE: "Read and write"}
NAME_MAX_LENGTH = 100
MAX_ACTIVE_TOKENS = 20
TOKEN_PREFIX = "rbt_"  # noqa: S105 (a marker that says what the text is, not a secret)
PREFIX_SHOWN = 10
# Recording every use would write a row per API call; a minute is precise enough to show.
LAST_USED_PRECISION = timedelta(minutes=1)


class TooManyTokens(Exception):
    """The user already has as many active tokens as allowed."""


def _digest(raw: str) -> str:
    # A token is 256 random bits, so a fast hash is enough: no dictionary can guess it, and a
    # slow one would cost every API call the time a password check costs a login.
    return hashlib.sha256(raw.encode()).hexdigest()


def create(user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; return it with its secret text, which is never kept."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    accounts.lock_for_counting(user)
    if len(list_for(user)) >= MAX_ACTIVE_TOKENS:
        db.session.rollback()  # let go of the lock
        raise TooManyTokens()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:NAME_MAX_LENGTH], scope=scope,
                     prefix=raw[:PREFIX_SHOWN], token_hash=_digest(raw))
    db.session.add(token)
    db.session.commit()
    return token, raw


def list_for(user: User) -> list[ApiToken]:
    """Return the user's tokens that still work, newest first."""
    query = (db.select(ApiToken)
             .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
             .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return list(db.session.execute(query).scalars())


def get_owned_or_404(token_id: int, user: User) -> ApiToken:
    """Return the user's working token, or abort with 404."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        abort(404)
    return token


def revoke(token: ApiToken) -> None:
    """Stop the token working, at once and for good."""
    token.revoked_at = utcnow()
    db.session.commit()


def authenticate(raw: str) -> ApiToken | None:
    """Return the working token whose secret text is `raw`, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == _digest(raw))).scalar_one_or_none()
    if token is None or token.revoked_at is not None:
        return None
    return token


def touch(token: ApiToken) -> None:
    """Record that the token was just used (to the minute)."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
