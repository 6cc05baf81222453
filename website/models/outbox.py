"""Columns that make a table a durable queue, delivered by website/services/outbox.py."""
from datetime import datetime
from typing import ClassVar

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from website.models.base import TimestampMixin, UTCDateTime, app_now

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"


class OutboxMixin(TimestampMixin):
    """Delivery state of a row that a sender delivers after the request: status, retries, lease."""

    # The names a table gives its states; webhook deliveries say "pending" and "delivered".
    QUEUED: ClassVar[str] = QUEUED
    SENT: ClassVar[str] = SENT
    FAILED: ClassVar[str] = FAILED

    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    # When a sender may pick the row up: at once when queued, later after a failed attempt.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=app_now)
    # Set while a sender works on the row; if the sender dies, the row is due again after it.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        # Senders look for queued rows that are due, oldest first.
        return (Index(f"ix_{cls.__tablename__}_due", "status", "next_attempt_at"),)
