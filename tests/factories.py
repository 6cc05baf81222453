"""Builders of the app's rows, made through the services as the app makes them.

Each builder takes the app and the owner first and keyword arguments for the variations; it
returns the new row's id (or what a caller needs of it), never an object bound to a session.
"""
import functools

from tests.helpers import PASSWORD
from website.extensions import db
from website.models import User
from website.models.user import hash_password
from website.services import accounts, api_tokens


@functools.cache
def password_hash(password: str) -> str:
    """Return the stored form of `password`, hashed once a run: scrypt takes a tenth of a second
    of CPU, and most tests make a user with the same password (logging in still checks it)."""
    return hash_password(password)


def create_user(app, email: str = "jane@example.com", name: str = "Jane Doe",
                password: str = PASSWORD) -> User:
    """Create a user through the service; return it detached, its columns loaded."""
    with app.app_context():
        user = accounts.create_user_with_hash(name, email, password_hash(password))
        db.session.refresh(user)  # load the committed row before detaching it
        db.session.expunge(user)
        return user


def make_token(app, user, scope: str = "read-write") -> str:
    """Return the text of a new personal access token of `user`."""
    with app.app_context():
        return api_tokens.create(db.session.get(User, user.id), "tests", scope)[1]
