"""Resumes, their photos and their version history."""
import json
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import (
    DDL,
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from website.extensions import db
from website.models import version_codec
from website.models.base import TimestampMixin, UTCDateTime, utcnow
from website.services import resume_document

if TYPE_CHECKING:
    from website.models.user import User

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
Document = JSON().with_variant(JSONB(), "postgresql")


class Resume(TimestampMixin, db.Model):
    """One resume: its current content as a JSON Resume document plus its settings."""

    __tablename__ = "resumes"
    __table_args__ = (
        Index("ix_resumes_user_id_deleted_at", "user_id", "deleted_at"),
        # Trigram index for the substring search; SQLite scans the user's few rows instead.
        Index("ix_resumes_search_text_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(100))
    design_slug: Mapped[str] = mapped_column(String(50))
    # Layout choices, including which photo is shown, so versions capture them too.
    design_settings: Mapped[dict] = mapped_column(Document, default=dict)
    content: Mapped[dict] = mapped_column(Document, default=dict)
    # The number of the newest version; edit forms carry it to refuse stale saves.
    version: Mapped[int] = mapped_column(default=0)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    download_count: Mapped[int] = mapped_column(default=0)
    # Every text of the resume folded (lower case, no accents): what search compares with.
    # `website.services.search` keeps it current in the transaction of each content change.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The completion percentage of `content`, kept with each version so that lists of many
    # resumes (the dashboard) need not load and check every document.
    completion_percent: Mapped[int] = mapped_column(default=0, server_default="0")
    # A tailored variant's master, and the master's version it last took changes from: the
    # base of the three-way merge that brings the master's later changes in.
    master_id: Mapped[int | None] = mapped_column(
        ForeignKey("resumes.id", ondelete="SET NULL"), index=True)
    master_version: Mapped[int | None]

    owner: Mapped["User"] = relationship(back_populates="resumes")
    versions: WriteOnlyMapped["ResumeVersion"] = relationship(
        back_populates="resume", passive_deletes=True, cascade="all, delete-orphan",
        lazy="write_only")
    photos: Mapped[list["ResumePhoto"]] = relationship(
        back_populates="resume", passive_deletes=True, cascade="all, delete-orphan")
    master: Mapped["Resume | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Resume {self.id} {self.title!r} v{self.version}>"

    @property
    def document(self) -> dict:
        """Return `content` normalized, computed once per content value; read it, never change
        it (a copy from `resume_document.normalize` is yours to change)."""
        # Kept with the content object it was made from: content loaded again after an expiry
        # is a new object. An assignment, or a change in place flagged as SQLAlchemy requires
        # for it to be saved, forgets it (see `_forget_document`).
        cached = self.__dict__.get("_document")
        if cached is None or cached[0] is not self.content:
            cached = self._document = (self.content, resume_document.normalize(self.content))
        return cached[1]

    @document.setter
    def document(self, document: dict) -> None:
        """Store `document`, as `normalize` returned it, as the content: being normalized
        already, it is its own document."""
        self.content = document
        self._document = (document, document)


@event.listens_for(Resume.content, "set")
@event.listens_for(Resume.content, "modified")
def _forget_document(resume: Resume, *_) -> None:
    resume.__dict__.pop("_document", None)


# The trigram operator class comes from an extension; tables made without migrations need it too.
event.listen(Resume.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))


class ResumeShare(db.Model):
    """A resume's public link: whoever has the token may see the resume, until it is revoked.

    The token is stored as it is (unique): it is as secret as the resume it opens, which the
    same database holds, and the owner can copy the link again at any time.
    """

    __tablename__ = "resume_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"),
                                           unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Whether the public page shows the photo the resume's design shows; the owner decides on
    # the share page, whatever the preview's setting.
    show_photo: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    resume: Mapped["Resume"] = relationship()


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

    resume: Mapped["Resume"] = relationship(back_populates="photos")


class ResumeVersion(db.Model):
    """A resume as one change left it, written in the same transaction as the change.

    Its settings and content are stored compressed, most versions as a delta from the keyframe
    version before them (see `version_codec`); `design_settings` and `content` read them.
    """

    __tablename__ = "resume_versions"
    __table_args__ = (UniqueConstraint("resume_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(100))
    design_slug: Mapped[str] = mapped_column(String(50))
    # `version_codec.pack` of {version_codec.SETTINGS_KEY: ..., "content": ...}.
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    # The version whose JSON `snapshot` was compressed against; None for a keyframe.
    keyframe_id: Mapped[int | None] = mapped_column(
        ForeignKey("resume_versions.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What changed since the previous version, in words; computed once, when saved.
    summary: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Written by autosave: until an explicit save, a pause or the end of its window closes it,
    # the same author's next autosaves update this row (renumbered) instead of adding rows.
    autosaved: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When an autosave last updated it (None: never autosaved).
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    resume: Mapped["Resume"] = relationship(back_populates="versions")
    author: Mapped["User | None"] = relationship()
    keyframe: Mapped["ResumeVersion | None"] = relationship(remote_side=[id])

    @cached_property
    def state_json(self) -> bytes:
        """Return the JSON of the design settings and content this version stores."""
        keyframe_json = self.keyframe.state_json if self.keyframe is not None else None
        return version_codec.unpack(self.snapshot, keyframe_json)

    @cached_property
    def _state(self) -> dict:
        return json.loads(self.state_json)

    @property
    def design_settings(self) -> dict:
        """Return the layout settings as this version saved them."""
        return self._state[version_codec.SETTINGS_KEY]

    @property
    def content(self) -> dict:
        """Return the resume document as this version saved it."""
        return self._state["content"]

    @cached_property
    def document(self) -> dict:
        """Return `content` normalized, computed once (a version never changes); read it, never
        change it."""
        return resume_document.normalize(self.content)
