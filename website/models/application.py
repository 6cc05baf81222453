"""Job applications: what was sent where, its cover letter, its tracked links and its history."""
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from website.extensions import db
from website.models.base import TimestampMixin, UTCDateTime, utcnow
from website.models.resume import Document

if TYPE_CHECKING:
    from website.models.analytics import JobMatch
    from website.models.resume import Resume, ResumeVersion
    from website.models.user import User

# The pipeline, in the order the board shows its columns.
SAVED = "saved"
APPLIED = "applied"
INTERVIEWING = "interviewing"
OFFER = "offer"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
STATUSES = (SAVED, APPLIED, INTERVIEWING, OFFER, REJECTED, WITHDRAWN)

URL_MAX_LENGTH = 2048


class Application(TimestampMixin, db.Model):
    """One job a user applies (or means to apply) for, and the resume version sent to it."""

    __tablename__ = "applications"
    __table_args__ = (
        # The list and the board: a user's applications, by status, newest change first.
        Index("ix_applications_user_deleted_status_changed", "user_id", "deleted_at", "status",
              "status_changed_at"),
        Index("ix_applications_user_deleted_updated", "user_id", "deleted_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200), default="", server_default="")
    ad_url: Mapped[str] = mapped_column(String(URL_MAX_LENGTH), default="", server_default="")
    ad_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default=SAVED)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The furthest step of the pipeline reached (applied, interviewing, offer), whatever the
    # status is now, and whether the employer answered: the funnel counts these columns.
    furthest_status: Mapped[str] = mapped_column(String(20), default=SAVED)
    responded: Mapped[bool] = mapped_column(default=False, server_default=false())
    applied_on: Mapped[date | None] = mapped_column(Date)
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    # The resume sent and the exact version of it: later edits never change what the employer
    # received. The design is copied so the statistics group by it without reading versions.
    resume_id: Mapped[int | None] = mapped_column(
        ForeignKey("resumes.id", ondelete="SET NULL"), index=True)
    sent_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("resume_versions.id", ondelete="SET NULL"))
    sent_version: Mapped[int | None]
    sent_design: Mapped[str | None] = mapped_column(String(50))
    # The analysis of the sent version against the ad.
    match_id: Mapped[int | None] = mapped_column(ForeignKey("job_matches.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    owner: Mapped["User"] = relationship()
    resume: Mapped["Resume | None"] = relationship()
    sent: Mapped["ResumeVersion | None"] = relationship()
    match: Mapped["JobMatch | None"] = relationship()
    cover_letter: Mapped["CoverLetter | None"] = relationship(back_populates="application",
                                                              passive_deletes=True)
    links: Mapped[list["ApplicationLink"]] = relationship(
        back_populates="application", passive_deletes=True,
        order_by="ApplicationLink.id.desc()", lazy="select")

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.company!r} {self.status}>"


class ApplicationEvent(db.Model):
    """Something that happened to an application (created, status changed, viewed): its
    timeline, the API's event list and the source of the webhooks' payloads."""

    __tablename__ = "application_events"
    __table_args__ = (
        Index("ix_application_events_application_created", "application_id", "created_at"),
        Index("ix_application_events_user_type_created", "user_id", "type", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(Document, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application: Mapped["Application"] = relationship()


class CoverLetter(TimestampMixin, db.Model):
    """An application's cover letter: recipient, date, greeting, paragraphs and closing."""

    __tablename__ = "cover_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    # {"recipient": {"name", "title", "company", "address"}, "date", "subject", "greeting",
    #  "paragraphs": [str], "closing", "signature"}
    content: Mapped[dict] = mapped_column(Document, default=dict)
    # The number of the newest version; edit forms carry it to refuse stale saves.
    version: Mapped[int] = mapped_column(default=0)

    application: Mapped["Application"] = relationship(back_populates="cover_letter")
    versions: WriteOnlyMapped["CoverLetterVersion"] = relationship(
        back_populates="cover_letter", passive_deletes=True, lazy="write_only")


class CoverLetterVersion(db.Model):
    """A cover letter as one save left it; history only grows, as a resume's does."""

    __tablename__ = "cover_letter_versions"
    __table_args__ = (UniqueConstraint("cover_letter_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cover_letter_id: Mapped[int] = mapped_column(
        ForeignKey("cover_letters.id", ondelete="CASCADE"))
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(Document, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    cover_letter: Mapped["CoverLetter"] = relationship(back_populates="versions")
    author: Mapped["User | None"] = relationship()


class ApplicationLink(db.Model):
    """A tracked link to what an application sent: the resume version (and the cover letter)
    for whoever holds the token, until it expires or is revoked; each visit is counted."""

    __tablename__ = "application_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    # Stored as it is, as a share link's is: the owner can copy the link again at any time.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    show_photo: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    view_count: Mapped[int] = mapped_column(default=0, server_default="0")
    last_viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application: Mapped["Application"] = relationship(back_populates="links")
