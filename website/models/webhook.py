"""Webhook endpoints of a user, and the deliveries of events to them (an outbox)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from website.extensions import db
from website.models.base import TimestampMixin, UTCDateTime
from website.models.outbox import OutboxMixin
from website.models.resume import Document

URL_MAX_LENGTH = 2048
PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"


class Webhook(TimestampMixin, db.Model):
    """An HTTPS endpoint of a user's integration and the events it wants."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(URL_MAX_LENGTH))
    description: Mapped[str] = mapped_column(String(200), default="")
    events: Mapped[list] = mapped_column(Document, default=list)
    # "whsec_" + base64 of 32 random bytes; the previous one keeps signing for a day after a
    # rotation, so receivers can switch over without losing a delivery.
    secret: Mapped[str] = mapped_column(String(60))
    previous_secret: Mapped[str | None] = mapped_column(String(60))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_active: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(300))
    # Deliveries that failed for good in a row; the tenth turns the endpoint off.
    failure_count: Mapped[int] = mapped_column(default=0)
    last_triggered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    deliveries: Mapped[list["WebhookDelivery"]] = relationship(
        back_populates="webhook", cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<Webhook {self.id} {self.url}>"


class WebhookDelivery(OutboxMixin, db.Model):
    """One event on its way to one endpoint; `attempt_log` keeps each attempt's exchange."""

    __tablename__ = "webhook_deliveries"
    QUEUED = PENDING
    SENT = DELIVERED
    FAILED = FAILED

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    # The webhook-id header: the same on every attempt and redelivery, so receivers dedupe.
    event_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(40))
    # The exact body sent (and signed), built when the event happened.
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    response_status: Mapped[int | None] = mapped_column()
    response_body: Mapped[str | None] = mapped_column(Text)  # at most 4 KB
    duration_ms: Mapped[int | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column("delivered_at", UTCDateTime())
    # [{"attempt", "at", "request_headers", "status", "body", "duration_ms", "error"}, ...]
    attempt_log: Mapped[list] = mapped_column(Document, default=list)

    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")

    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        # The history page: an endpoint's deliveries, newest first, optionally by status.
        Index("ix_webhook_deliveries_webhook_created", "webhook_id", "created_at"),
        Index("ix_webhook_deliveries_webhook_status", "webhook_id", "status", "created_at"),
    )

    @property
    def delivered_at(self) -> datetime | None:
        """When the receiver accepted it (stored in the `delivered_at` column)."""
        return self.sent_at

    def __repr__(self) -> str:
        return f"<WebhookDelivery {self.id} {self.event_type} {self.status}>"
