"""Personal access tokens: made, shown once, checked on every API call, revoked."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from website.extensions import db
from website.models import User, utcnow
from website.models.api_token import READ, READ_WRITE, ApiToken
from website.services import account_lock
from website.services.errors import NotFound
from website.services.secret_tokens import digest, new_token

SCOPES = {READ: _l("Read only"), READ_WRITE: _l("Read and write")}
NAME_MAX_LENGTH = 100
MAX_ACTIVE_TOKENS = 20
TOKEN_PREFIX = "rbt_"  # noqa: S105 (a marker that says what the text is, not a secret)
PREFIX_SHOWN = 10
# Recording every use would write a row per API call; a minute is precise enough to show.
LAST_USED_PRECISION = timedelta(minutes=1)


class TooManyTokens(Exception):
    """The user already has as many active tokens as allowed."""


def create(user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; return it with its secret text, which is never kept."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    account_lock.hold(user)
    if len(list_for(user)) >= MAX_ACTIVE_TOKENS:
        db.session.rollback()  # let go of the lock
        raise TooManyTokens()
    raw = new_token(TOKEN_PREFIX)
    token = ApiToken(user_id=user.id, name=name.strip()[:NAME_MAX_LENGTH], scope=scope,
                     prefix=raw[:PREFIX_SHOWN], token_hash=digest(raw))
    db.session.add(token)
    db.session.commit()
    return token, raw


def list_for(user: User) -> list[ApiToken]:
    """Return the user's tokens that still work, newest first."""
    query = (db.select(ApiToken)
             .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
             .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return list(db.session.execute(query).scalars())


def get_owned(token_id: int, user: User) -> ApiToken:
    """Return the user's working token, or raise NotFound."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound
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
        db.select(ApiToken).where(ApiToken.token_hash == digest(raw))).scalar_one_or_none()
    if token is None or token.revoked_at is not None:
        return None
    return token


def revoke_all(user: User) -> int:
    """Stop every working token of `user` (in the caller's transaction); return how many."""
    result = db.session.execute(
        db.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
    return result.rowcount


def touch(token: ApiToken) -> None:
    """Record that the token was just used (to the minute)."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.commit()
