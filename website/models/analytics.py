"""Analytics events and job-description match results, the raw material of every statistic."""
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from website.extensions import db
from website.models.base import UTCDateTime, utcnow
from website.models.resume import Document

if TYPE_CHECKING:
    from website.models.resume import Resume
    from website.models.user import User


class ResumeAnalytic(db.Model):
    """One thing a user or a visitor did with a resume: created, viewed, downloaded, ..."""

    __tablename__ = "resume_analytics"
    __table_args__ = (
        Index("ix_resume_analytics_user_id_created_at", "user_id", "created_at"),
        Index("ix_resume_analytics_resume_id_action_created_at", "resume_id", "action",
              "created_at"),
        # The admin statistics count all users' downloads per day.
        Index("ix_resume_analytics_action_created_at", "action", "created_at"),
        # The dashboard counts a user's events per resume and per day from this index alone.
        Index("ix_resume_analytics_user_id_action_created_at_resume_id", "user_id", "action",
              "created_at", "resume_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Kept when a resume is purged, so totals over time do not shrink.
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resumes.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    details: Mapped[dict] = mapped_column(Document, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped["User"] = relationship()
    resume: Mapped["Resume | None"] = relationship()


class JobMatch(db.Model):
    """One analysis of a resume against a job ad: its score and the keywords found or missed."""

    __tablename__ = "job_matches"
    __table_args__ = (
        Index("ix_job_matches_user_id_created_at", "user_id", "created_at"),
        Index("ix_job_matches_resume_id_created_at", "resume_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    # A short label of the ad (its first line), so a person can tell analyses apart.
    job_title: Mapped[str] = mapped_column(String(200), default="")
    score: Mapped[int]
    matched_keywords: Mapped[list] = mapped_column(Document, default=list)
    missing_keywords: Mapped[list] = mapped_column(Document, default=list)
    # Each skill the ad asked for: {"key", "name", "must": bool, "met": bool}, must-haves first.
    requirements: Mapped[list] = mapped_column(Document, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped["User"] = relationship()
    resume: Mapped["Resume"] = relationship()
