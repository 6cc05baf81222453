"""Browsers that have signed in to an account before, remembered by a signed cookie.

Failed logins are limited per account and address; on top, an account-wide ceiling slows
strangers down when many addresses guess at one account. A browser the owner has signed in
with (or reset the password from) is not a stranger, so such an attack cannot lock them out.
"""
from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from website.models.user import normalize_email

COOKIE = "known_device"
SALT = "known-device"
MAX_AGE = 365 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def remember(response: Response, email: str) -> Response:
    """Mark this browser as one the owner of `email` uses."""
    response.set_cookie(COOKIE, _serializer().dumps(normalize_email(email)), max_age=MAX_AGE,
                        httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def is_known_for_submitted_email() -> bool:
    """Return whether this browser has signed in to the account the login form names."""
    try:
        known = _serializer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return False
    return known == normalize_email(request.form.get("email") or "")
