"""Two-factor sign-in: an authenticator app's shared secret and one-time recovery codes."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from website.extensions import db
from website.models.base import TimestampMixin, UTCDateTime


class TotpCredential(TimestampMixin, db.Model):
    """A user's authenticator secret; it guards sign-in only once `confirmed_at` is set."""

    __tablename__ = "totp_credentials"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    secret: Mapped[str] = mapped_column(String(32))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The 30-second time step of the last code accepted: no code of it or before works again.
    last_used_step: Mapped[int | None]

    def __repr__(self) -> str:
        return f"<TotpCredential user={self.user_id} confirmed={self.confirmed_at is not None}>"


class RecoveryCode(TimestampMixin, db.Model):
    """One recovery code, stored as a hash; `used_at` is set when it signs someone in."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id} used={self.used_at is not None}>"
