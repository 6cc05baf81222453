"""Taking an account back from someone who knew its password, by links in the owner's notices.

Whoever moved the account to another address, or turned two-factor sign-in on with an app of
theirs, knows the password and may be logged in: undoing it also retires the password (which
ends every session and API token) and emails the owner a link to choose a new one.
"""
import secrets

from flask import url_for

from website.extensions import db
from website.models import User
from website.services import accounts, email_service, signed_links, two_factor
from website.services.secret_tokens import digest

TWO_FACTOR_UNDO_SALT = "two-factor-undo"
TWO_FACTOR_UNDO_MAX_AGE = 7 * 24 * 3600


def retire_password(user: User) -> None:
    """Replace the password with one nobody knows and email the owner a reset link."""
    accounts.change_password(user, secrets.token_urlsafe(32))
    email_service.send_password_reset_email(user)


def _secret_digest(user: User) -> str | None:
    """Name the authenticator secret now guarding `user`, so a link undoes only that one."""
    if not two_factor.is_enabled(user):
        return None
    return digest(two_factor.credential(user).secret)[:32]


def two_factor_undo_link(user: User) -> str:
    """Return the link, for the "two-factor sign-in is on" notice, that turns it off again."""
    token = signed_links.sign(TWO_FACTOR_UNDO_SALT,
                              {"uid": user.id, "secret": _secret_digest(user)})
    return url_for("auth.undo_two_factor", token=token, _external=True)


def user_for_two_factor_undo(token: str) -> User | None:
    """Return the user a genuine, unexpired undo link names while the same app guards the
    account, or None."""
    data = signed_links.unsign_fresh(TWO_FACTOR_UNDO_SALT, token, TWO_FACTOR_UNDO_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or data.get("secret") is None or _secret_digest(user) != data["secret"]:
        return None
    return user


def undo_two_factor(user: User) -> None:
    """Turn two-factor sign-in off and retire the password of whoever turned it on."""
    two_factor.disable(user)
    retire_password(user)
