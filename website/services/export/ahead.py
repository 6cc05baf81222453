"""Rendering ahead: after a resume changes, the worker renders its PDF, Word file and first-page
picture into the shared file store, so the next download or manage page finds them ready.

A job names only the resume and renders it as it is when the job runs, so a burst of saves
needs one job: `queue` adds none while one is still waiting. An autosave's job waits until the
typing pauses (RENDER_AHEAD_AUTOSAVE_DELAY), so a user typing for a minute costs one rendering,
not twenty; a download meanwhile renders on demand as always. Files already stored are skipped.
"""
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import select

from website.extensions import db
from website.models import RenderJob, Resume
from website.models.base import app_now
from website.services import outbox, thumbnails
from website.services.export import files, store

PRUNE_EVERY_SECONDS = 3600
_pruned_at = -PRUNE_EVERY_SECONDS
_prune_lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Have the outbox's render lane render the queued resumes' files."""
    outbox.register(app, RenderJob, _renderer, lane=outbox.RENDERS)


def queue(resume: Resume, *, autosave: bool = False) -> None:
    """Queue the rendering of the resume's files, in the caller's transaction, unless a job for
    it is already waiting (then moved to when this save asks for it), or rendering ahead is
    off. An `autosave`'s job is due once the typing pauses."""
    if not current_app.config["RENDER_AHEAD"]:
        return
    due = app_now() + timedelta(
        seconds=current_app.config["RENDER_AHEAD_AUTOSAVE_DELAY"] if autosave else 0)
    waiting = db.session.execute(select(RenderJob).where(
        RenderJob.resume_id == resume.id, RenderJob.status == RenderJob.QUEUED,
        RenderJob.locked_until.is_(None)).limit(1)).scalar()
    if waiting is not None:
        waiting.next_attempt_at = due
        return
    # The commit wakes the render senders (website/services/outbox.py).
    db.session.add(RenderJob(resume_id=resume.id, next_attempt_at=due))


@contextmanager
def _renderer() -> Iterator:
    # Designs link their stylesheet and fonts with url_for, which needs a request's context.
    with current_app.test_request_context("/"):
        yield render


def render(job: RenderJob) -> None:
    """Store the PDF, Word file and first-page picture of the job's resume, as it is now."""
    resume = db.session.get(Resume, job.resume_id)
    if resume is None or resume.deleted_at is not None:
        return
    # The downloads first: a user who saved is more likely to download than to open the list.
    files.pdf(resume)
    files.word(resume)
    thumbnails.resume_thumbnail(resume)  # drawn from the PDF just stored
    _prune_now_and_then()


def _prune_now_and_then() -> None:
    """Prune files unused for a month, at most once an hour per process (it scans an index)."""
    global _pruned_at
    with _prune_lock:
        if time.monotonic() - _pruned_at < PRUNE_EVERY_SECONDS:
            return
        _pruned_at = time.monotonic()
    store.prune_unused()
