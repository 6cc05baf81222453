"""Email notifications (an outbox of messages) and the optional ones a user turned off."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from website.extensions import db
from website.models.base import UTCDateTime, utcnow
from website.models.outbox import OutboxMixin
from website.models.resume import Document


class EmailNotification(OutboxMixin, db.Model):
    """One email to a user (or to an address that has no account yet, such as a sign-up's),
    rendered in full when queued, so sending needs nothing else."""

    __tablename__ = "email_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deleting the account deletes its mail, so nothing queued is sent to a deleted account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)
    kind: Mapped[str] = mapped_column(String(40))
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # Extra headers such as List-Unsubscribe.
    headers: Mapped[dict] = mapped_column(Document, default=dict)
    # The same on every attempt, so a receiving server can recognise a repeat.
    message_id: Mapped[str] = mapped_column(String(255))
    # At most one row per key (e.g. one download email per resume and day).
    dedupe_key: Mapped[str | None] = mapped_column(String(100), unique=True)

    def __repr__(self) -> str:
        return f"<EmailNotification {self.id} {self.kind} {self.status}>"


class EmailOptOut(db.Model):
    """A user's "no, thanks" to one kind of optional email; without a row they get it."""

    __tablename__ = "email_opt_outs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
