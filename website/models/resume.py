"""Resumes, their photos and their version history."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from website.extensions import db
from website.models.base import TimestampMixin, UTCDateTime, utcnow

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
Document = JSON().with_variant(JSONB(), "postgresql")


class Resume(TimestampMixin, db.Model):
    """One resume: its current content as a JSON Resume document plus its settings."""

    __tablename__ = "resumes"
    __table_args__ = (Index("ix_resumes_user_id_deleted_at", "user_id", "deleted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(100))
    template_slug: Mapped[str] = mapped_column(String(50))
    # Layout choices, including which photo is shown, so versions capture them too.
    template_settings: Mapped[dict] = mapped_column(Document, default=dict)
    content: Mapped[dict] = mapped_column(Document, default=dict)
    # The number of the newest version; edit forms carry it to refuse stale saves.
    version: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    download_count: Mapped[int] = mapped_column(default=0)

    owner = relationship("User", back_populates="resumes")
    versions = relationship("ResumeVersion", back_populates="resume", passive_deletes=True,
                            cascade="all, delete-orphan", lazy="write_only")
    photos = relationship("ResumePhoto", back_populates="resume", passive_deletes=True,
                          cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Resume {self.id} {self.title!r} v{self.version}>"


class ResumePhoto(db.Model):
    """An uploaded photo, re-encoded; never replaced, so older versions keep theirs."""

    __tablename__ = "resume_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"),
                                           index=True)
    mime_type: Mapped[str] = mapped_column(String(20))
    width: Mapped[int]
    height: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    resume = relationship("Resume", back_populates="photos")


class ResumeVersion(db.Model):
    """A full snapshot of a resume, written in the same transaction as each change."""

    __tablename__ = "resume_versions"
    __table_args__ = (UniqueConstraint("resume_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(100))
    template_slug: Mapped[str] = mapped_column(String(50))
    template_settings: Mapped[dict] = mapped_column(Document, default=dict)
    content: Mapped[dict] = mapped_column(Document, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What changed since the previous version, in words; computed once, when saved.
    summary: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    resume = relationship("Resume", back_populates="versions")
    author = relationship("User")
