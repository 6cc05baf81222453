"""Accounts: sign-up, authentication, password reset tokens and account changes."""
import functools
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from website.extensions import db
from website.models.user import User, hash_password, normalize_email

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
    return generate_password_hash("decoy password", method="scrypt")


def authenticate(email: str, password: str) -> User | None:
    """Return the user if the credentials match, else None, in similar time either way."""
    user = find_by_email(email)
    if user is None:
        # Hash anyway so response time does not reveal which addresses have accounts.
        check_password_hash(_decoy_hash(), password)
        return None
    return user if user.check_password(password) else None


def load_session_user(session_id: str) -> User | None:
    """Return the user for a Flask-Login id `"<id>:<token>"` if the token is still current."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def make_reset_token(user: User) -> str:
    """Return a signed token that resets this user's password until it is used or expires."""
    # Binding to the session token makes it single use: a reset rotates that token.
    return _reset_serializer().dumps({"uid": user.id, "st": user.session_token})


def user_for_reset_token(token: str) -> User | None:
    """Return the user a still-valid, unused reset token belongs to, else None."""
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    return load_session_user(f"{data['uid']}:{data.get('st', '')}")


def lock_for_counting(user: User) -> None:
    """Hold `user`'s row until the transaction ends, so that counting what the account owns and
    adding one more cannot interleave with another request doing the same (a cap of 10 must
    not let 11 in)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(db.select(User.id).where(User.id == user.id).with_for_update())
    else:
        # SQLite lets reads run side by side and locks the whole file only to write: writing
        # first makes the count that follows wait for, and see, the other writer's row.
        db.session.execute(db.text("UPDATE users SET id = id WHERE id = :id"), {"id": user.id})


def change_password(user: User, new_password: str) -> None:
    """Set a new password, which also ends the user's other sessions and reset links."""
    user.set_password(new_password)
    db.session.commit()


def change_name(user: User, name: str) -> None:
    """Rename the account."""
    user.name = name.strip()
    db.session.commit()


def change_email(user: User, new_email: str) -> None:
    """Move the account to a new address; raise EmailTaken if another account has it."""
    if email_in_use(new_email, except_user=user):
        raise EmailTaken(new_email)
    user.email = normalize_email(new_email)
    db.session.commit()


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
