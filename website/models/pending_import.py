"""An imported file as it was understood, kept until its owner reviews it and creates a resume
from it or discards it."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from website.extensions import db
from website.models.base import UTCDateTime, utcnow


class PendingImport(db.Model):
    """One import awaiting review: the document and warnings a reader produced, never a resume
    of its own (quotas apply when the owner confirms it)."""

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The review page's address names this random token, not a number one could count through.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    # The title given on the new-resume page, if any; the review page offers it first.
    title: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(20))
    document: Mapped[dict] = mapped_column(JSON)
    # [{"section": ..., "message": ...}]: the reader's ImportWarnings, in order.
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    # The design to offer first: the one the file names, else the one chosen before uploading.
    design: Mapped[str | None] = mapped_column(String(50))
    # The layout choices the file brought with its design; None when the file named no design.
    settings: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<PendingImport {self.id} {self.source} of user {self.user_id}>"
