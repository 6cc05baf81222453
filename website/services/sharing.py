"""Public share links: a resume seen by whoever holds its unguessable token, until revoked."""
import secrets

from website.extensions import db
from website.models import Resume, ResumeShare
from website.services import design_settings, events
from website.services.design_settings import Settings
from website.services.errors import NotFound

# 32 random bytes: 256 bits, 43 URL-safe characters.
TOKEN_BYTES = 32


def share_of(resume: Resume) -> ResumeShare | None:
    """Return the resume's share link, or None when it is not shared."""
    return db.session.execute(
        db.select(ResumeShare).where(ResumeShare.resume_id == resume.id)).scalar_one_or_none()


def share(resume: Resume) -> ResumeShare:
    """Turn sharing on with a new token; an older link of the resume stops working."""
    link = share_of(resume)
    if link is None:
        link = ResumeShare(resume=resume)
        db.session.add(link)
    link.token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.commit()
    return link


def stop_sharing(resume: Resume) -> bool:
    """Turn sharing off, so the link 404s; return whether it was on."""
    link = share_of(resume)
    if link is None:
        return False
    db.session.delete(link)
    db.session.commit()
    return True


def show_photo(resume: Resume, shown: bool) -> bool:
    """Choose whether the public page shows the resume's photo; return whether that changed
    (False too when the resume is not shared)."""
    link = share_of(resume)
    if link is None or link.show_photo == shown:
        return False
    link.show_photo = shown
    db.session.commit()
    return True


def shown_settings(resume: Resume, link: ResumeShare) -> Settings:
    """Return the settings the public page, its photo and its PDF draw the resume with: the
    resume's own, the photo left out when the share page says so."""
    return design_settings.public(resume, link.show_photo)


def get_shared(token: str) -> tuple[Resume, ResumeShare]:
    """Return the resume shared under `token` and its link, or raise NotFound (also when the
    resume is in the trash)."""
    found = db.session.execute(
        db.select(Resume, ResumeShare).join(ResumeShare, ResumeShare.resume_id == Resume.id)
        .where(ResumeShare.token == token, Resume.deleted_at.is_(None))).first()
    if found is None:
        raise NotFound
    return found.Resume, found.ResumeShare


def record_view(resume: Resume) -> None:
    """Count one visit of the public link."""
    events.publish(events.RESUME_SHARE_VIEWED, resume)
    db.session.commit()
