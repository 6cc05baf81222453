"""Sign-ups and password resets asked for by address: queued in the request, answered by email.

The page gives the same answer, after the same work (a password is hashed for every sign-up),
whether or not the address has an account; the outbox (website/services/outbox.py) looks the
address up afterwards and emails its owner: a reset link, a sign-up link, or a note that the
address already has an account.
"""
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import Flask, current_app, url_for

from website.extensions import db
from website.models import User, utcnow
from website.models.account_request import PASSWORD_RESET, SIGNUP, AccountRequest
from website.models.user import hash_password, normalize_email
from website.services import accounts, email_service, outbox, signed_links

SIGNUP_SALT = "signup-link"


def init_app(app: Flask) -> None:
    """Have the app's outbox senders answer queued account requests."""
    outbox.register(app, AccountRequest, _transport)


def ask_password_reset(email: str, language: str | None = None) -> None:
    """Queue a password reset for `email`, asked in `language`; its owner, if any, gets the
    link."""
    _enqueue(AccountRequest(kind=PASSWORD_RESET, email=normalize_email(email),
                            language=language))


def ask_signup(name: str, email: str, password: str, language: str | None = None) -> None:
    """Queue a sign-up for `email`, asked in `language`: a link that creates the account, or a
    note to its owner."""
    _enqueue(AccountRequest(kind=SIGNUP, email=normalize_email(email), name=name.strip(),
                            password_hash=hash_password(password), language=language))


def _enqueue(request: AccountRequest) -> None:
    db.session.add(request)
    db.session.commit()  # which wakes the senders (website/services/outbox.py)


def pending_signup(token: str) -> AccountRequest | None:
    """Return the sign-up a still-valid, unused link names, else None."""
    request_id = signed_links.unsign_fresh(SIGNUP_SALT, token,
                                           current_app.config["SIGNUP_LINK_MAX_AGE"])
    if not isinstance(request_id, int):
        return None
    request = db.session.get(AccountRequest, request_id)
    if request is None or request.kind != SIGNUP or request.password_hash is None:
        return None
    return request


def complete_signup(request: AccountRequest) -> User:
    """Create the account `request` asked for and forget its password hash (the link is used).

    Raises accounts.EmailTaken if the address got an account since.
    """
    password_hash, request.password_hash = request.password_hash, None
    user = accounts.create_user_with_hash(request.name, request.email, password_hash)
    email_service.send_welcome_email(user)
    return user


@contextmanager
def _transport() -> Iterator[outbox.Deliver]:
    yield _answer


def _answer(request: AccountRequest) -> None:
    """Email the owner of the request's address what it calls for (nothing if nobody owns it)."""
    owner = accounts.find_by_email(request.email)
    once = f"account_request:{request.id}"  # a retried job must not send twice
    if request.kind == PASSWORD_RESET:
        if owner is not None:
            email_service.send_password_reset_email(owner, dedupe_key=once,
                                                    asked_in=request.language)
    elif owner is not None:
        email_service.send_signup_attempt_email(owner, dedupe_key=once,
                                                asked_in=request.language)
        _forget_password(request)
    else:
        link = url_for("auth.confirm_signup", token=signed_links.sign(SIGNUP_SALT, request.id),
                       _external=True)
        email_service.send_signup_link_email(request.email, request.name, link, once,
                                             asked_in=request.language)
    _forget_expired_signups()


def _forget_password(request: AccountRequest) -> None:
    db.session.execute(db.update(AccountRequest).where(AccountRequest.id == request.id)
                       .values(password_hash=None))
    db.session.commit()


def _forget_expired_signups() -> None:
    """Drop the password hashes of sign-ups whose link has expired unused."""
    expired = utcnow() - timedelta(seconds=current_app.config["SIGNUP_LINK_MAX_AGE"])
    db.session.execute(db.update(AccountRequest).where(
        AccountRequest.kind == SIGNUP, AccountRequest.created_at < expired,
        AccountRequest.password_hash.is_not(None)).values(password_hash=None))
    db.session.commit()
