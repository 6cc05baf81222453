"""The editor's live preview: the resume drawn as its form shows it, before anything is saved.

The draft is a `Resume` that is never added to the session, so drawing it cannot write a row.
It keeps the saved resume's design and settings. With fit-to-pages on, it is drawn with the type,
margins and spacing the saved resume's fitting found: a fit search lays the resume out up to
three times with WeasyPrint, far too slow for every pause in typing, and an unsaved word rarely
changes the page count. When the saved content changed since its last fit (an autosave), the
spacing last found for the resume stays until the page is loaded again.
"""
import threading
from dataclasses import replace

from cachetools import LRUCache

from website.models import Resume
from website.services import design_settings
from website.services.design_settings import Settings
from website.services.export import rendering

# (resume id, design, settings) -> the settings its last fit drew it with; per process, small.
_last_fit: LRUCache = LRUCache(maxsize=256)
_lock = threading.Lock()


def draft(resume: Resume, content: dict) -> Resume:
    """Return an unsaved copy of `resume` holding `content`; it is never added to the session
    (no relationship is set that could cascade it in), so it is never written."""
    return Resume(id=resume.id, user_id=resume.user_id, title=resume.title,
                  design_slug=resume.design_slug,
                  design_settings=resume.design_settings, content=content)


def _drawn_settings(resume: Resume, settings: Settings) -> Settings:
    """Return the settings to draw a draft of `resume` with, fitted as the saved resume was."""
    if not settings.fit_pages:
        return settings
    remembered = (resume.id, resume.design_slug, settings)
    found = rendering.fitted_before(resume, settings)
    if found is None:
        with _lock:
            last = _last_fit.get(remembered)
        if last is not None:
            return last
        found = rendering.fitting(resume, settings)  # never fitted in this process: once
    with _lock:
        _last_fit[remembered] = found.settings
    return found.settings


def render_html(resume: Resume, content: dict) -> str:
    """Return the design HTML of `resume` with `content` in place of its saved content."""
    drawn = _drawn_settings(resume, design_settings.effective(resume))
    # Fitting off: the draft is drawn with the settings found, not fitted again.
    return rendering.render_html(draft(resume, content), replace(drawn, fit_pages=0))
