"""The shared store of rendered files: each PDF, Word file and first-page picture of a resume,
kept in the database under a hash of everything it is drawn from, so any web process on any
dyno serves a file that the worker (or another process) rendered before.

A file is made at most once at a time: on PostgreSQL a process about to render takes an
advisory lock on the file's key (others wait, then find the file stored); on SQLite, the
embedded database of one process, a lock in memory does. The store only ever saves work: when
it cannot be read or written, or a row does not match its checksum, the file is rendered anew.
"""
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import timedelta
from functools import cache
from importlib import metadata
from pathlib import Path

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from website.extensions import db, dialect_insert
from website.models import RenderedFile, Resume, ResumePhoto, ResumeVersion
from website.models.base import utcnow
from website.services.design_settings import Settings

log = logging.getLogger(__name__)
PDF, SHARED_PDF, DOCX, PNG = "pdf", "shared-pdf", "docx", "png"
# A saved version's PDF, as a tracked link hands out the version an application sent.
VERSION_PDF = "sent-pdf"
# Files kept per resume and kind: the current one and the one before (an API export in another
# design, or the version a second tab still shows).
KEEP_PER_KIND = 2
# Files nobody asked for in this long are pruned, whatever resume they belong to.
UNUSED_DAYS = 30
# `used_at` is written at most this often per file, so serving a file is a read.
USED_AT_GRANULARITY = timedelta(hours=1)
# How long a process waits for another to finish rendering the same file before rendering it
# itself (a render takes a fraction of a second; a stuck one must not stall downloads).
LOCK_TIMEOUT_MS = 20_000
_SOURCES = Path(__file__).resolve().parent.parent.parent
_RENDERER_FILES = ("templates/resumes/designs/*", "services/export/*.py",
                   "services/thumbnails.py", "services/design_settings.py",
                   "services/resume_document.py",
                   "static/vendor/fonts/*/VERSION")  # the vendored fonts' package versions
_RENDERER_PACKAGES = ("weasyprint", "pydyf", "python-docx", "pypdfium2", "pillow")
# On SQLite: renderings of the same key in this process take turns (64 stripes, no cleanup).
_stripes = [threading.Lock() for _ in range(64)]


@cache
def renderer_version() -> str:
    """Return a hash of the code, designs and libraries that draw the files, so a deploy that
    changes how files look never serves one drawn the old way."""
    digest = hashlib.sha256()
    for pattern in _RENDERER_FILES:
        for path in sorted(_SOURCES.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in _RENDERER_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()


def key(kind: str, resume: Resume | ResumeVersion, design: str, settings: Settings) -> str:
    """Return the key of the resume's (or version's) file of `kind` in `design` drawn with
    `settings`: a hash of its content, design, settings, photo and the renderer's version (and
    its title where the file shows it: in place of a blank name). A translation is drawn from
    its translated content with settings in its language, so languages never share a file."""
    stored_settings = resume.design_settings or {}
    photo, photo_id = None, stored_settings.get("photo_id")
    owner_id = resume.resume_id if isinstance(resume, ResumeVersion) else resume.id
    if settings.show_photo and photo_id:
        # The photo's id and upload time name its bytes: photos are never changed in place.
        photo = db.session.execute(select(ResumePhoto.id, ResumePhoto.created_at).where(
            ResumePhoto.id == photo_id, ResumePhoto.resume_id == owner_id)).first()
    # Stored content is normalised, so its name is the one the files show. The stored slug and
    # settings go into the PDF's attached JSON Resume file as they are.
    shown_title = None if (resume.content or {}).get("basics", {}).get("name") else resume.title
    made_from = [kind, resume.id, resume.content, shown_title, design, asdict(settings),
                 resume.design_slug, stored_settings,
                 None if photo is None else [photo.id, photo.created_at.isoformat()],
                 renderer_version()]
    return hashlib.sha256(json.dumps(made_from, sort_keys=True, default=str,
                                     ensure_ascii=False).encode()).hexdigest()


def fetched_or_made(resume_id: int, kind: str, file_key: str, make: Callable[[], bytes]) -> bytes:
    """Return the stored file under `file_key`, or `make()` it (once, however many processes
    ask at the same time) and store it for the resume."""
    data = fetched(kind, file_key)
    if data is not None:
        return data
    with _making(file_key):
        data = fetched(kind, file_key)  # made by whoever held the lock before us
        if data is None:
            data = make()
            _stored(resume_id, kind, file_key, data)
    return data


def fetched(kind: str, file_key: str) -> bytes | None:
    """Return the stored file under `file_key`, or None if there is none, it is damaged or the
    store cannot be read."""
    try:
        row = db.session.execute(select(
            RenderedFile.id, RenderedFile.data, RenderedFile.checksum, RenderedFile.used_at)
            .where(RenderedFile.kind == kind, RenderedFile.key == file_key)).first()
        if row is None:
            return None
        if hashlib.sha256(row.data).hexdigest() != row.checksum:
            log.warning("Stored %s %s does not match its checksum: rendering it again", kind,
                        row.id)
            db.session.execute(delete(RenderedFile).where(RenderedFile.id == row.id))
            db.session.commit()
            return None
        if utcnow() - row.used_at > USED_AT_GRANULARITY:
            db.session.execute(update(RenderedFile).where(RenderedFile.id == row.id)
                               .values(used_at=utcnow()))
            db.session.commit()
        return row.data
    except SQLAlchemyError:
        log.warning("The file store could not be read: rendering instead", exc_info=True)
        db.session.rollback()
        return None


def _stored(resume_id: int, kind: str, file_key: str, data: bytes) -> None:
    """Store `data` under `file_key` (unless another process just did) and prune what the
    resume's older files of `kind` leave over."""
    try:
        db.session.execute(dialect_insert(RenderedFile).values(
            resume_id=resume_id, kind=kind, key=file_key, data=data,
            checksum=hashlib.sha256(data).hexdigest(), size=len(data), created_at=utcnow(),
            used_at=utcnow()).on_conflict_do_nothing())
        _prune_resume(resume_id, kind)
        db.session.commit()
    except SQLAlchemyError:
        log.warning("The file store could not be written: the file is served unstored",
                    exc_info=True)
        db.session.rollback()


def _prune_resume(resume_id: int, kind: str) -> None:
    kept = select(RenderedFile.id).where(
        RenderedFile.resume_id == resume_id, RenderedFile.kind == kind).order_by(
        RenderedFile.used_at.desc(), RenderedFile.id.desc()).limit(KEEP_PER_KIND)
    db.session.execute(delete(RenderedFile).where(
        RenderedFile.resume_id == resume_id, RenderedFile.kind == kind,
        RenderedFile.id.not_in(kept.scalar_subquery())))


def prune_unused() -> int:
    """Delete files nobody asked for in UNUSED_DAYS days; return how many."""
    deleted = db.session.execute(delete(RenderedFile).where(
        RenderedFile.used_at < utcnow() - timedelta(days=UNUSED_DAYS))).rowcount
    db.session.commit()
    return deleted


def forget_all() -> None:
    """Delete every stored file (the benchmarks do, to time the renderers themselves)."""
    db.session.execute(delete(RenderedFile))
    db.session.commit()


@contextmanager
def _making(file_key: str) -> Iterator[None]:
    """Hold the right to render `file_key`: in every process on PostgreSQL (the advisory lock
    holds threads of one process apart too), in this one on SQLite."""
    if db.engine.dialect.name == "postgresql":
        with _advisory_lock(int.from_bytes(bytes.fromhex(file_key[:16]), "big", signed=True)):
            yield
        return
    with _stripes[int(file_key[:8], 16) % len(_stripes)]:
        yield


@contextmanager
def _advisory_lock(lock_id: int) -> Iterator[None]:
    # A connection of its own: the lock must not end with the request's transaction.
    try:
        connection = db.engine.connect()
    except SQLAlchemyError:
        log.warning("No connection for the render lock: rendering unlocked", exc_info=True)
        yield
        return
    with connection:
        try:
            connection.execute(text(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}"))
            connection.execute(select(func.pg_advisory_lock(lock_id)))
        except SQLAlchemyError:
            log.warning("Waited too long for another rendering of the same file", exc_info=True)
            yield
            return
        try:
            yield
        finally:
            try:
                connection.execute(select(func.pg_advisory_unlock(lock_id)))
                connection.commit()
            except SQLAlchemyError:  # closing the connection releases the lock all the same
                log.warning("Could not release the render lock", exc_info=True)
