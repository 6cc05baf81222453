"""Resumes: create, save with a version row per change, duplicate, trash and restore."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError

from website.extensions import db
from website.models import Resume, ResumePhoto, ResumeVersion, User, utcnow, version_codec
from website.models.base import MAX_ROW_ID, app_now
from website.services import (
    design_settings,
    designs,
    events,
    quotas,
    resume_diff,
    resume_document,
    search,
)
from website.services.errors import NotFound
from website.services.export import ahead as render_ahead

TITLE_MAX_LENGTH = 100
# Autosaves by one author update one open version, so history stays readable: until the
# version is AUTOSAVE_WINDOW old, or the author paused for longer than AUTOSAVE_PAUSE.
AUTOSAVE_WINDOW = timedelta(minutes=10)
AUTOSAVE_PAUSE = timedelta(minutes=2)
# The summary of an open version whose later autosaves undid its changes.
NO_CHANGES = _l("No changes from the version before")
# The largest value of an integer column in PostgreSQL: ids and version numbers never exceed
# it, and a larger one in a query would fail instead of finding nothing.


class StaleVersion(Exception):
    """The change was based on a version that is no longer the newest."""


class InvalidResume(ValueError):
    """The title or content breaks a rule; `problems` says where, as `validate` reports."""

    def __init__(self, problems: dict):
        super().__init__(f"invalid resume: {problems}")
        self.problems = problems


def _check(title: str, document: dict) -> None:
    problems = resume_document.validate(document)
    if not title or len(title) > TITLE_MAX_LENGTH:
        problems["title"] = _("Use 1 to %(max)d characters.", max=TITLE_MAX_LENGTH)
    if problems:
        raise InvalidResume(problems)


@dataclass(frozen=True)
class Snapshot:
    """Everything a version records about a resume."""

    title: str
    design_slug: str
    design_settings: dict
    content: dict
    document: dict = field(compare=False, repr=False)  # `content` normalized

    @classmethod
    def of(cls, resume: Resume) -> "Snapshot":
        """Return the current state of `resume`."""
        return cls(resume.title, resume.design_slug, dict(resume.design_settings or {}),
                   resume.content, resume.document)


def get_owned(resume_id: int, user: User, *, trashed: bool = False) -> Resume:
    """Return the user's resume (in the trash if `trashed`), or raise NotFound."""
    # A number no row can have never reaches the query (SQLite cannot even bind past 2**63).
    resume = db.session.get(Resume, resume_id) if 0 < resume_id <= MAX_ROW_ID else None
    if resume is None or resume.user_id != user.id or (resume.deleted_at is not None) != trashed:
        raise NotFound
    return resume


def _listed(user: User, trashed: bool) -> Select:
    query = db.select(Resume).where(Resume.user_id == user.id)
    if trashed:
        return query.where(Resume.deleted_at.is_not(None)).order_by(Resume.deleted_at.desc())
    return query.where(Resume.deleted_at.is_(None)).order_by(Resume.updated_at.desc(),
                                                             Resume.id.desc())


def list_resumes(user: User, *, trashed: bool = False) -> list[Resume]:
    """Return the user's resumes, newest change first (or its trash, newest deletion first)."""
    return list(db.session.execute(_listed(user, trashed)).scalars())


def list_page(user: User, page: int, per_page: int) -> Pagination:
    """Return one page of the user's resumes outside the trash, newest change first."""
    return db.paginate(_listed(user, trashed=False), page=page, per_page=per_page,
                       error_out=False)


def _latest_keyframe(resume: Resume, replacing: ResumeVersion | None) -> ResumeVersion | None:
    if resume.id is None:  # a new resume has no versions yet
        return None
    query = db.select(ResumeVersion).where(ResumeVersion.resume_id == resume.id,
                                           ResumeVersion.keyframe_id.is_(None))
    if replacing is not None:  # the row being rewritten cannot be its own keyframe
        query = query.where(ResumeVersion.id != replacing.id)
    with db.session.no_autoflush:
        return db.session.execute(query.order_by(ResumeVersion.number.desc()).limit(1)
                                  ).scalar_one_or_none()


def _packed(resume: Resume, replacing: ResumeVersion | None = None
            ) -> tuple[bytes, ResumeVersion | None]:
    """Return the resume's current state compressed for its next version number (a new row,
    or `replacing` renumbered), and the keyframe it is a delta from (None when the version is
    a keyframe itself)."""
    state_json = version_codec.to_json({version_codec.SETTINGS_KEY: resume.design_settings,
                                        "content": resume.content})
    keyframe = _latest_keyframe(resume, replacing)
    if keyframe is None:
        return version_codec.encode(state_json, None, 0)[0], None
    snapshot, is_delta = version_codec.encode(state_json, keyframe.state_json,
                                              resume.version + 1 - keyframe.number)
    return snapshot, keyframe if is_delta else None


def _check_room(resume: Resume, added_bytes: int) -> None:
    """Raise QuotaExceeded, with every change of this transaction rolled back, unless the
    owner's quota has room for `added_bytes` more."""
    try:
        quotas.check_room(resume.owner, added_bytes, new_resume=resume.version == 0)
    except quotas.QuotaExceeded:
        db.session.rollback()
        raise


def _refresh_derived(resume: Resume) -> None:
    """Compute the columns derived from the resume's current state, for the version being
    written."""
    resume.completion_percent = completion(resume).percent
    resume.search_text = search.search_text(resume.title, resume.content)


def _write_version(resume: Resume, author: User | None, summary: str, *,
                   autosaved: bool = False, now: datetime | None = None) -> None:
    """Add the version row of the resume's current state, or, if the owner's quota has no
    room for it, roll back every change of this transaction and raise QuotaExceeded."""
    snapshot, keyframe = _packed(resume)
    _check_room(resume, len(snapshot))
    resume.version += 1
    _refresh_derived(resume)
    now = now or app_now()
    db.session.add(ResumeVersion(
        resume=resume, number=resume.version, title=resume.title,
        design_slug=resume.design_slug, snapshot=snapshot, keyframe=keyframe,
        author_id=author.id if author else None, summary=summary, created_at=now,
        autosaved=autosaved, updated_at=now if autosaved else None))


def _open_autosave(resume: Resume, author: User, now: datetime) -> ResumeVersion | None:
    """Return the resume's newest version if it is still open to `author`'s autosaves: an
    autosave of theirs, younger than AUTOSAVE_WINDOW, updated within AUTOSAVE_PAUSE."""
    newest = _newest_version(resume)
    if newest is None or not newest.autosaved or newest.author_id != author.id:
        return None
    if now - newest.created_at > AUTOSAVE_WINDOW or now - newest.updated_at > AUTOSAVE_PAUSE:
        return None
    return newest


def _newest_version(resume: Resume) -> ResumeVersion | None:
    with db.session.no_autoflush:
        return db.session.execute(db.select(ResumeVersion).where(
            ResumeVersion.resume_id == resume.id, ResumeVersion.number == resume.version)
        ).scalar_one_or_none()


def _version_before(version: ResumeVersion) -> ResumeVersion | None:
    with db.session.no_autoflush:
        return db.session.execute(
            db.select(ResumeVersion).where(ResumeVersion.resume_id == version.resume_id,
                                           ResumeVersion.number < version.number)
            .order_by(ResumeVersion.number.desc()).limit(1)).scalar_one_or_none()


def _update_open_version(resume: Resume, open_version: ResumeVersion, now: datetime) -> None:
    """Rewrite `open_version` as the resume's current state under the next version number,
    its summary measured from the version before it; raise StaleVersion if another save
    renumbered or replaced it first (the WHERE on its number makes two requests exclusive)."""
    # Never None: a resume's first version is written by `create`, not by an autosave.
    previous = _version_before(open_version)
    changes = resume_diff.changes(previous, Snapshot.of(resume), designs.names())
    snapshot, keyframe = _packed(resume, replacing=open_version)
    _check_room(resume, len(snapshot) - len(open_version.snapshot))
    base = resume.version
    resume.version += 1
    _refresh_derived(resume)
    try:
        renumbered = db.session.execute(
            db.update(ResumeVersion)
            .where(ResumeVersion.id == open_version.id, ResumeVersion.number == base)
            .values(number=resume.version, title=resume.title,
                    design_slug=resume.design_slug, snapshot=snapshot,
                    keyframe_id=keyframe.id if keyframe else None,
                    summary=resume_diff.summary(changes) or str(NO_CHANGES), updated_at=now)
            .execution_options(synchronize_session=False)).rowcount
    except IntegrityError as error:  # another save took the new number first
        db.session.rollback()
        raise StaleVersion() from error
    if renumbered != 1:
        db.session.rollback()
        raise StaleVersion()
    db.session.expire(open_version)


def newest_is_autosave(resume: Resume) -> bool:
    """Whether the newest version was written by autosave and no explicit save closed it."""
    newest = _newest_version(resume)
    return newest is not None and newest.autosaved


def close_autosave(resume: Resume) -> None:
    """Keep the next autosave from updating the newest version (the user saved it, or a
    variant takes it as its merge base), in the caller's transaction."""
    newest = _newest_version(resume)
    if newest is not None and newest.autosaved:
        newest.autosaved = False


def _commit_or_stale() -> None:
    try:
        db.session.commit()
    except IntegrityError as error:  # another save took this version number first
        db.session.rollback()
        raise StaleVersion() from error


def _render_ahead(resume: Resume, autosave: bool = False) -> None:
    if resume.id is None:
        db.session.flush()  # a new resume needs its id for the job
    render_ahead.queue(resume, autosave=autosave)


def create(user: User, title: str, design_slug: str = designs.DEFAULT_DESIGN,
           content: dict | None = None, settings: dict | None = None, *,
           master: Resume | None = None, event: str = events.RESUME_CREATED,
           **details) -> Resume:
    """Create a resume for `user` with its first version, announced as `event` with `details`;
    new ones start with the user's name and email filled in. A resume made from `master` is
    its variant: it can later take in the master's changes."""
    document = resume_document.normalize(content or {})
    if not content:
        document["basics"]["name"] = user.name
        document["basics"]["email"] = user.email
    resume = _add(user, title, design_slug, document, settings or {})
    if master is not None:
        close_autosave(master)  # the version the variant starts from stays its merge base
        resume.master, resume.master_version = master, master.version
    _write_version(resume, user, _("Created"))
    _render_ahead(resume)
    events.publish(event, resume, **details)
    db.session.commit()
    return resume


def _add(user: User, title: str, design_slug: str, document: dict, settings: dict) -> Resume:
    _check(title.strip(), document)
    resume = Resume(owner=user, title=title.strip(), design_slug=design_slug,
                    design_settings=dict(settings), content=document, version=0)
    db.session.add(resume)
    return resume


def save(resume: Resume, author: User, base_version: int, *, content: dict | None = None,
         title: str | None = None, design_slug: str | None = None,
         settings: dict | None = None, note: str = "", autosave: bool = False,
         now: datetime | None = None, event: str = events.RESUME_UPDATED, **details) -> bool:
    """Apply the given changes as a new version announced as `event` with `details`; return
    False if nothing changed.

    The version's summary says what changed, after `note` (like "Restored version 3").
    Raises StaleVersion when `base_version` is not the resume's newest version, so a second
    tab can never overwrite what the first one saved, and InvalidResume for content that
    breaks a rule of `resume_document` (the forms check first, with messages per field).

    An `autosave` (at `now`, default the app clock's time) updates the version still open to the
    author's autosaves instead, renumbered, so a burst of typing makes one version; the
    resume's version number changes all the same, and the event says which number it
    replaced. Any other save closes the open version, even one that changes nothing.
    """
    if base_version != resume.version:
        raise StaleVersion()
    now = now or app_now()
    before = Snapshot.of(resume)
    document = before.document if content is None else resume_document.normalize(content)
    after = Snapshot(
        title=before.title if title is None else title.strip(),
        design_slug=design_slug or before.design_slug,
        design_settings=before.design_settings if settings is None else settings,
        content=before.content if content is None else document, document=document)
    if after == before:
        if not autosave:
            close_autosave(resume)
            db.session.commit()
        return False
    _check(after.title, after.content)
    open_version = _open_autosave(resume, author, now) if autosave else None
    resume.title, resume.design_slug = after.title, after.design_slug
    resume.design_settings = after.design_settings
    if content is not None:
        resume.document = after.document
    resume.updated_at = now
    if open_version is not None:
        details["replaced_version"] = open_version.number
        _update_open_version(resume, open_version, now)
    else:
        changes = resume_diff.changes(before, after, designs.names())
        _write_version(resume, author, resume_diff.summary([note, *changes] if note else changes),
                       autosaved=autosave, now=now)
    _render_ahead(resume, autosave=autosave)
    events.publish(event, resume, version=resume.version, **details)
    _commit_or_stale()
    return True


def change_design(resume: Resume, author: User, base_version: int, slug: str,
                  settings: design_settings.Settings | None = None, *, autosave: bool = False,
                  now: datetime | None = None) -> bool:
    """Save design `slug` for the resume as a new version, with `settings` or else its own
    with the look of `slug` (`author`'s saved one); return False if nothing changed. Raises
    as `save` does."""
    if settings is None:
        settings = design_settings.switched(resume, slug, author)
    return save(resume, author, base_version, design_slug=slug,
                settings=design_settings.stored_with(resume, settings),
                autosave=autosave, now=now)


def duplicate(resume: Resume, user: User, title: str | None = None,
              design_slug: str | None = None, settings: dict | None = None) -> Resume:
    """Return a new resume with the same content and photo, and the same settings and design
    unless given, titled `title` or "Copy of ..."."""
    title = title or _("Copy of %(title)s", title=resume.title)[:TITLE_MAX_LENGTH]
    settings = dict(resume.design_settings if settings is None else settings)
    copy = _add(user, title, design_slug or resume.design_slug, resume.content, settings)
    photo = db.session.get(ResumePhoto, settings.get("photo_id") or 0)
    if photo is not None and photo.resume_id == resume.id:
        # A photo belongs to one resume, so the copy gets its own.
        copied = ResumePhoto(resume=copy, mime_type=photo.mime_type, width=photo.width,
                             height=photo.height, data=photo.data)
        db.session.add(copied)
        db.session.flush()
        copy.design_settings = {**settings, "photo_id": copied.id}
    _write_version(copy, user, _("Copied from “%(title)s”", title=resume.title))
    _render_ahead(copy)
    events.publish(events.RESUME_CREATED, copy, copied_from=resume.id)
    db.session.commit()
    return copy


def move_to_trash(resume: Resume) -> None:
    """Soft-delete: the resume and its history wait in the trash until restored or purged."""
    resume.deleted_at = utcnow()
    events.publish(events.RESUME_DELETED, resume)
    db.session.commit()


def restore_from_trash(resume: Resume) -> None:
    """Bring a trashed resume back, with its whole history."""
    resume.deleted_at = None
    resume.updated_at = utcnow()
    events.publish(events.RESUME_RESTORED, resume)
    db.session.commit()


def delete_for_good(resume: Resume) -> None:
    """Delete a trashed resume and its history permanently."""
    db.session.delete(resume)
    db.session.commit()


def record_view(resume: Resume) -> None:
    """Announce that the owner looked at the resume in its design."""
    events.publish(events.RESUME_VIEWED, resume)
    db.session.commit()


def completion(resume: Resume) -> resume_document.Completion:
    """Return the completion of the resume's current content."""
    return resume_document.completion(resume.document)
