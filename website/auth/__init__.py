"""Accounts: sign up, log in and out, password reset and the account page."""
from flask_login import current_user

from website.models import User


def logged_in_user() -> User:
    """Return the logged-in user's model rather than Flask-Login's proxy, which services
    cannot attach to new rows."""
    return current_user._get_current_object()
