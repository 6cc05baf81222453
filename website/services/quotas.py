"""Per-account quotas: how many resumes (the trash included) and how many stored bytes.

Stored bytes are what an account's history costs: every version as stored (compressed, see
`version_codec`), which includes each resume's current content, plus the photos.
"""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func

from website.extensions import db
from website.models import Resume, ResumePhoto, ResumeVersion, User
from website.services import account_lock

# From this share of a quota on, the manage and account pages warn.
WARN_FROM = 0.8


class QuotaExceeded(Exception):
    """The change would take the account past a quota; the message says what to do."""


def human_size(size: int) -> str:
    """Return a byte count as people read it, like "9.1 MB", "10 MB" or "52 KB"."""
    if size < 2**20:
        return f"{round(size / 1024)} KB"
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


@dataclass(frozen=True)
class Usage:
    """What an account stores, against its quotas."""

    resumes: int
    stored_bytes: int
    max_resumes: int
    max_bytes: int

    @property
    def near_limit(self) -> bool:
        """Whether either quota is nearly used up, so the pages should say so."""
        return (self.stored_bytes >= WARN_FROM * self.max_bytes
                or self.resumes >= WARN_FROM * self.max_resumes)

    def describe(self) -> str:
        """Return the usage in words, like "You are using 9.1 MB of 10 MB and 3 of 50 resumes"."""
        return _("You are using %(used)s of %(most)s and %(resumes)d of %(max_resumes)d resumes "
                 "(the trash included).", used=human_size(self.stored_bytes),
                 most=human_size(self.max_bytes), resumes=self.resumes,
                 max_resumes=self.max_resumes)


def usage(user: User) -> Usage:
    """Return what `user` stores now (pending, unflushed rows left out)."""
    with db.session.no_autoflush:
        owned = db.select(Resume.id).where(Resume.user_id == user.id)
        resumes = db.session.scalar(db.select(func.count()).select_from(owned.subquery()))
        versions = db.session.scalar(
            db.select(func.coalesce(func.sum(func.length(ResumeVersion.snapshot)), 0))
            .where(ResumeVersion.resume_id.in_(owned)))
        photos = db.session.scalar(
            db.select(func.coalesce(func.sum(func.length(ResumePhoto.data)), 0))
            .where(ResumePhoto.resume_id.in_(owned)))
    config = current_app.config
    return Usage(resumes, int(versions) + int(photos), config["RESUME_QUOTA"],
                 config["STORAGE_QUOTA_BYTES"])


def check_room(user: User, added_bytes: int, *, new_resume: bool = False) -> None:
    """Raise QuotaExceeded unless `user` may store `added_bytes` more (and a new resume)."""
    account_lock.hold(user)
    found = usage(user)
    if new_resume and found.resumes >= found.max_resumes:
        raise QuotaExceeded(ngettext(
            "You have %(num)d resume, the trash included: the most one account can keep. "
            "Delete one you no longer need for good, from the trash, to make room.",
            "You have %(num)d resumes, the trash included: the most one account can keep. "
            "Delete one you no longer need for good, from the trash, to make room.",
            found.resumes))
    if found.stored_bytes + added_bytes > found.max_bytes:
        raise QuotaExceeded(_(
            "Not saved: your resumes and their history already use %(used)s of the %(most)s an "
            "account can store. Delete resumes you no longer need for good, from the trash, to "
            "make room.", used=human_size(found.stored_bytes), most=human_size(found.max_bytes)))
