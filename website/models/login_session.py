"""Server-side login sessions: what a session or remember-me cookie stands for."""
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from website.extensions import db
from website.models.base import TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from website.models.user import User


class LoginSession(TimestampMixin, db.Model):
    """One login on one browser; the cookies carry its token, the row only a hash of it."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "Firefox on Windows": enough for the owner to recognise the browser in the list.
    device: Mapped[str] = mapped_column(String(100))
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    user: Mapped["User"] = relationship()

    # The token itself, known only in the request that made or presented it; never stored.
    token = None

    def __repr__(self) -> str:
        return f"<LoginSession {self.id} user={self.user_id} {self.device!r}>"
