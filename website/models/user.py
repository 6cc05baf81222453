"""User accounts."""
import secrets
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from website.extensions import db
from website.models.base import TimestampMixin

if TYPE_CHECKING:
    from website.models.resume import Resume


def new_session_token() -> str:
    """Return a fresh random password stamp; changing it voids every reset link sent before."""
    return secrets.token_urlsafe(24)


def normalize_email(email: str) -> str:
    """Return the canonical form under which an address is stored and compared."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """Return the form in which `password` is stored: salted scrypt."""
    return generate_password_hash(password, method="scrypt")


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Replaced with every password change, which makes each password-reset link single use.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # Set only by the `flask users make-admin` command; opens the site-wide statistics.
    # A plain "0" default (false on both databases) lets SQLite add the column in place.
    is_admin: Mapped[bool] = mapped_column(default=False, server_default="0")
    # The interface language chosen on the account page, like "de"; None follows the browser.
    language: Mapped[str | None] = mapped_column(String(16))

    resumes: Mapped[list["Resume"]] = relationship(
        back_populates="owner", cascade="all, delete-orphan", passive_deletes=True)

    # The server-side LoginSession this request is logged in with (set when a session starts or
    # a cookie is loaded); None outside a logged-in request. Not a column.
    login_session = None

    def set_password(self, password: str) -> None:
        """Hash and store `password` and void the reset links sent before."""
        self.password_hash = hash_password(password)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        """Return whether `password` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in both cookies: the login session's token."""
        if self.login_session is None:
            raise RuntimeError("no login session: log users in with accounts.start_session")
        return self.login_session.token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
