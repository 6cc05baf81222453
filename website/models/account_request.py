"""Requests made by email address alone (sign-up, password reset), answered after the request."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from website.extensions import db
from website.models.outbox import OutboxMixin

SIGNUP = "signup"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of request, not a password)


class AccountRequest(OutboxMixin, db.Model):
    """A sign-up or password reset for an address, queued as it was asked for.

    The outbox looks the address up afterwards and emails whoever owns it, so the page's answer,
    and how long it took, are the same whether or not the address has an account.
    """

    __tablename__ = "account_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    # A sign-up's name and hashed password, kept until its emailed link creates the account.
    name: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # The interface language it was asked in: the answering email is written in it, unless
    # the address's account chose a language.
    language: Mapped[str | None] = mapped_column(String(16))

    def __repr__(self) -> str:
        return f"<AccountRequest {self.id} {self.kind} {self.status}>"
