"""Accounts: sign-up, authentication, login sessions, password reset tokens and changes."""
import functools
import hmac

from flask import current_app, request
from flask_login import login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from website.extensions import db
from website.models import LoginSession
from website.models.user import User, hash_password, normalize_email
from website.services import api_tokens, languages, login_sessions, signed_links

RESET_SALT = "password-reset"


class EmailTaken(ValueError):
    """Another account already uses this email address."""


def find_by_email(email: str) -> User | None:
    """Return the user with this address (case-insensitive), or None."""
    return db.session.execute(
        db.select(User).where(User.email == normalize_email(email))).scalar_one_or_none()


def email_in_use(email: str, except_user: User | None = None) -> bool:
    """Return whether an account other than `except_user` uses `email`."""
    owner = find_by_email(email)
    return owner is not None and owner is not except_user


def create_user(name: str, email: str, password: str) -> User:
    """Create and commit a new account; raise EmailTaken if the address is in use."""
    return create_user_with_hash(name, email, hash_password(password))


def create_user_with_hash(name: str, email: str, password_hash: str) -> User:
    """Create and commit a new account whose password was hashed already (at sign-up);
    raise EmailTaken if the address is in use."""
    if email_in_use(email):
        raise EmailTaken(email)
    user = User(name=name.strip(), email=normalize_email(email), password_hash=password_hash)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:  # a concurrent sign-up took the address first
        db.session.rollback()
        raise EmailTaken(email) from error
    return user


@functools.cache
def _decoy_hash() -> str:
    return hash_password("decoy password")


def authenticate(email: str, password: str) -> User | None:
    """Return the user if the credentials match, else None, in similar time either way."""
    user = find_by_email(email)
    if user is None:
        # Hash anyway so response time does not reveal which addresses have accounts.
        check_password_hash(_decoy_hash(), password)
        return None
    return user if user.check_password(password) else None


def start_session(user: User, remember: bool) -> None:
    """Log `user` in on this browser with a new server-side session, remembered if asked."""
    lifetime = current_app.config[
        "REMEMBER_COOKIE_DURATION" if remember else "PERMANENT_SESSION_LIFETIME"]
    user.login_session = login_sessions.start(
        user, login_sessions.describe_device(request.user_agent.string), lifetime)
    login_user(user, remember=remember, duration=lifetime)


def load_session_user(token: str) -> User | None:
    """Return the user of the live login session a session or remember cookie names, or None."""
    record = login_sessions.find(token)
    if record is None:
        return None
    login_sessions.touch(record)
    record.user.login_session = record
    return record.user


def end_session(user: User) -> None:
    """End this browser's session server-side, so no copy of its cookies works, and log out."""
    login_sessions.end(user.login_session)
    logout_user()


def end_all_sessions(user: User) -> None:
    """End every session of `user`, this browser's too, and log out."""
    login_sessions.end_all(user)
    db.session.commit()
    logout_user()


def make_reset_token(user: User) -> str:
    """Return a signed token that resets this user's password until it is used or expires."""
    # Binding to the password stamp makes it single use: a reset replaces the stamp.
    return signed_links.sign(RESET_SALT, {"uid": user.id, "st": user.session_token})


def user_for_reset_token(token: str) -> User | None:
    """Return the user a still-valid, unused reset token belongs to, else None."""
    data = signed_links.unsign_fresh(RESET_SALT, token,
                                     current_app.config["PASSWORD_RESET_MAX_AGE"])
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or not hmac.compare_digest(user.session_token, str(data.get("st", ""))):
        return None
    return user


def change_password(user: User, new_password: str, keep: LoginSession | None = None) -> int:
    """Set a new password, ending reset links, API tokens and sessions but `keep`; count tokens."""
    user.set_password(new_password)
    login_sessions.end_all(user, keep=keep)
    revoked = api_tokens.revoke_all(user)
    db.session.commit()
    return revoked


def change_name(user: User, name: str) -> None:
    """Rename the account."""
    user.name = name.strip()
    db.session.commit()


def change_language(user: User, language: str | None) -> None:
    """Set the account's interface language; None follows the browser's."""
    if language is not None and language not in languages.INTERFACE_LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    user.language = language
    db.session.commit()


def change_email(user: User, new_email: str) -> None:
    """Move the account to a new address; raise EmailTaken if another account has it."""
    if email_in_use(new_email, except_user=user):
        raise EmailTaken(new_email)
    user.email = normalize_email(new_email)
    try:
        db.session.commit()
    except IntegrityError as error:  # another account took it between the check and now
        db.session.rollback()
        raise EmailTaken(new_email) from error


def delete_account(user: User) -> None:
    """Delete the account and, through cascades, everything it owns."""
    db.session.delete(user)
    db.session.commit()


def make_admin(email: str) -> User | None:
    """Flag the user with `email` as an admin and commit; return None if there is none."""
    user = find_by_email(email)
    if user is not None:
        user.is_admin = True
        db.session.commit()
    return user
