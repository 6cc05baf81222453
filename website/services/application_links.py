"""Tracked links: what an application sent, for whoever holds the link's unguessable token.

A link works until it expires or is revoked, and only while its application is out of the
trash; each visit is counted on the link and announced as application.viewed.
"""
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from website.extensions import db
from website.models import Application, ApplicationLink, ResumePhoto, ResumeVersion, User, utcnow
from website.models.base import MAX_ROW_ID
from website.services import applications, design_settings, events
from website.services.design_settings import Settings
from website.services.errors import NotFound
from website.services.export import rendering

# 32 random bytes: 256 bits, 43 URL-safe characters, as share links have.
TOKEN_BYTES = 32
# Enough for every employer of a search; more would only be forgotten links.
LIVE_LINKS_PER_APPLICATION = 5


# Further ahead than any hiring round; a link without end needs no date at all.
MAX_DAYS_AHEAD = 366


class LinkRefused(ValueError):
    """A link cannot be made as asked; the message says why, for the person asking, and
    `field` names the value at fault ("expires_at"), if one is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def links_of(application: Application) -> list[ApplicationLink]:
    """Return the application's links, newest first, revoked and expired ones included."""
    return list(db.session.execute(
        db.select(ApplicationLink).where(ApplicationLink.application_id == application.id)
        .order_by(ApplicationLink.id.desc())).scalars())


def is_live(link: ApplicationLink, now: datetime | None = None) -> bool:
    """Whether the link still opens: not revoked, not expired."""
    now = now or utcnow()
    return link.revoked_at is None and (link.expires_at is None or link.expires_at > now)


# What a link's state is called on the owner's pages and in the API.
LIVE, EXPIRED, REVOKED = "live", "expired", "revoked"


def state(link: ApplicationLink, now: datetime | None = None) -> str:
    """Return LIVE, EXPIRED or REVOKED (a revoked link stays revoked once past its expiry)."""
    if link.revoked_at is not None:
        return REVOKED
    return LIVE if is_live(link, now) else EXPIRED


def create(application: Application, *, expires_at: datetime | None = None,
           show_photo: bool = True) -> ApplicationLink:
    """Make a new link to what the application sent; raise LinkRefused when no resume was
    sent yet, the expiry is not in the next MAX_DAYS_AHEAD days, or
    LIVE_LINKS_PER_APPLICATION are live."""
    now = utcnow()
    if application.sent_version_id is None:
        raise LinkRefused(_("Choose the resume you send with this application first."))
    if expires_at is not None and expires_at <= now:
        raise LinkRefused(_("Choose an expiry date in the future, or none."), "expires_at")
    if expires_at is not None and expires_at > now + timedelta(days=MAX_DAYS_AHEAD):
        raise LinkRefused(ngettext("Choose an expiry within %(num)d day, or none.",
                                   "Choose an expiry within %(num)d days, or none.",
                                   MAX_DAYS_AHEAD), "expires_at")
    if sum(is_live(link, now) for link in links_of(application)) >= LIVE_LINKS_PER_APPLICATION:
        raise LinkRefused(ngettext("This application has %(num)d working link already: "
                                   "revoke it first.",
                                   "This application has %(num)d working links already: "
                                   "revoke one first.", LIVE_LINKS_PER_APPLICATION))
    link = ApplicationLink(application=application, token=secrets.token_urlsafe(TOKEN_BYTES),
                           expires_at=expires_at, show_photo=show_photo)
    db.session.add(link)
    db.session.commit()
    return link


def get_owned(application: Application, link_id: int) -> ApplicationLink:
    """Return link `link_id` of `application`, or raise NotFound."""
    link = db.session.get(ApplicationLink, link_id) if 0 < link_id <= MAX_ROW_ID else None
    if link is None or link.application_id != application.id:
        raise NotFound
    return link


def revoke(link: ApplicationLink) -> bool:
    """Stop the link from opening; return False when it was revoked already."""
    if link.revoked_at is not None:
        return False
    link.revoked_at = utcnow()
    db.session.commit()
    return True


def find(token: str) -> ApplicationLink | None:
    """Return the link with `token` whatever its state, or None (also for a trashed
    application's links, which must not even tell that they once worked)."""
    if not token or len(token) > 64:
        return None
    return db.session.execute(
        db.select(ApplicationLink).join(Application)
        .where(ApplicationLink.token == token, Application.deleted_at.is_(None))
    ).scalar_one_or_none()


def record_view(link: ApplicationLink) -> None:
    """Count one visit of the link and announce application.viewed, in one commit."""
    link.view_count = ApplicationLink.view_count + 1  # atomic under concurrent visits
    link.last_viewed_at = utcnow()
    applications.record_event(link.application, events.APPLICATION_VIEWED, link_id=link.id)
    db.session.commit()


def total_views(user: User) -> int:
    """Return how many times the user's links were opened, over all applications."""
    return db.session.scalar(
        db.select(db.func.coalesce(db.func.sum(ApplicationLink.view_count), 0))
        .join(Application).where(Application.user_id == user.id,
                                 Application.deleted_at.is_(None)))


def sent_version(link: ApplicationLink) -> ResumeVersion | None:
    """Return the frozen resume version the link shows, or None when it no longer exists (the
    resume was deleted for good)."""
    return link.application.sent


def sends_a_photo(application: Application) -> bool:
    """Whether the version the application sent shows a photo, which its links may hide."""
    version = application.sent
    return version is not None and \
        rendering.shown_photo(version, design_settings.effective(version)) is not None


def shown_settings(link: ApplicationLink, version: ResumeVersion) -> Settings:
    """Return the settings the version was sent with, the photo left out unless both the
    version showed it and the link shows it."""
    return design_settings.public(version, link.show_photo)


def shown_photo(link: ApplicationLink, version: ResumeVersion,
                photo_id: int) -> ResumePhoto | None:
    """Return photo `photo_id` when it is the one the link's page shows, else None."""
    photo = rendering.shown_photo(version, shown_settings(link, version))
    return photo if photo is not None and photo.id == photo_id else None
