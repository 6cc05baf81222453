"""Files rendered ahead (PDF, Word, first-page pictures) shared by every web process, and the
queue of resumes waiting to have theirs rendered."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from website.extensions import db
from website.models.base import UTCDateTime, utcnow
from website.models.outbox import OutboxMixin


class RenderedFile(db.Model):
    """One file of a resume, stored under a hash of everything it was drawn from, so a file is
    found again exactly while nothing it shows has changed."""

    __tablename__ = "rendered_files"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"),
                                           index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "pdf", "docx" or "png"
    key: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # The SHA-256 of `data`, checked on every read: a damaged row is rendered again.
    checksum: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Pruning looks for files unused for a month.
    used_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<RenderedFile {self.id} {self.kind} of resume {self.resume_id}>"


class RenderJob(OutboxMixin, db.Model):
    """A resume whose files are to be rendered ahead, as it is when the job runs."""

    __tablename__ = "render_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"),
                                           index=True)

    def __repr__(self) -> str:
        return f"<RenderJob {self.id} resume {self.resume_id} {self.status}>"
