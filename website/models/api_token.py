"""Personal access tokens for the REST API."""
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from website.extensions import db
from website.models.base import TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from website.models.user import User

READ = "read"
READ_WRITE = "read-write"


class ApiToken(TimestampMixin, db.Model):
    """A named token a user made for scripts; only a hash of the token itself is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The token's first characters, so the owner can tell tokens apart in the list.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10), default=READ)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped["User"] = relationship()

    @property
    def can_write(self) -> bool:
        """Whether the token may change data, not only read it."""
        return self.scope == READ_WRITE

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.name!r} {self.scope}>"
