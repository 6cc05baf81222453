"""The bytes of each download of a resume: its current content, in its own design and settings
or in a `design` and `settings` given only for this file (the API's exports), nothing saved."""
import hashlib
import json
import threading
from dataclasses import asdict
from datetime import UTC, datetime

from cachetools import LRUCache
from flask import current_app

from website.models import Resume
from website.services import rendering, template_settings
from website.services.export import docx, json_resume, text, view
from website.services.template_settings import Settings

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",  # Flask adds "; charset=utf-8"
    "json": "application/json",
}

# Recent Word files by a hash of everything they are made from, so re-downloading an unchanged
# resume skips python-docx; bounded by size, per process, nothing on disk.
_words: LRUCache = LRUCache(maxsize=16 * 1024 * 1024, getsizeof=len)
_words_lock = threading.Lock()


def pdf(resume: Resume, design: str | None = None, settings: Settings | None = None) -> bytes:
    """Return the resume as a PDF in its design or `design`, its JSON Resume file attached
    (from the cache if nothing it is made from has changed)."""
    drawn = settings or template_settings.effective(resume)
    # A PDF goes to other people: the data it carries leaves out what its page hides.
    shown = {**resume.content, **{key: [] for key in drawn.hidden_sections}}
    return rendering.cached_pdf(resume, drawn, design, data=_json(resume, shown, design, drawn))


def plain_text(resume: Resume, design: str | None = None,
               settings: Settings | None = None) -> bytes:
    """Return the resume as UTF-8 plain text: its visible sections in the order of its
    settings (text has no design)."""
    shown = view.of(resume, settings or template_settings.effective(resume))
    return text.render_text(shown).encode("utf-8")


def json_file(resume: Resume, design: str | None = None,
              settings: Settings | None = None) -> bytes:
    """Return the resume as a JSON Resume file with its template and settings under meta."""
    return _json(resume, resume.content, design, settings)


def _json(resume: Resume, content: dict, design: str | None, settings: Settings | None) -> bytes:
    # The settings the resume is drawn with (defaults filled in, unusable values left out),
    # whoever asks: the page's download, the API's and the PDF's attachment are one file.
    drawn = settings or template_settings.effective(resume)
    return json_resume.json_bytes(content, template_slug=design or resume.template_slug,
                                  template_settings=template_settings.stored_with(resume, drawn))


def word(resume: Resume, design: str | None = None, settings: Settings | None = None) -> bytes:
    """Return the resume as a Word document in its design or `design` with its settings or
    `settings` (from the cache if nothing it is made from has changed)."""
    settings = settings or template_settings.effective(resume)
    design = design or resume.template_slug
    shown = view.of(resume, settings)
    # The file is dated now; to the minute, so a burst of downloads still shares one file.
    now = datetime.fromtimestamp(current_app.config["CLOCK"](), UTC).replace(second=0,
                                                                               microsecond=0)
    made_from = json.dumps([asdict(shown), design, settings.stored(), now.isoformat()],
                           sort_keys=True)
    key = hashlib.sha256(made_from.encode()).hexdigest()
    with _words_lock:
        data = _words.get(key)
    if data is None:
        data = docx.render_docx(shown, design, settings, now)
        with _words_lock:
            _words[key] = data
    return data


def forget_cached() -> None:
    """Empty the PDF and Word caches (the benchmark does, to time the renderers themselves)."""
    rendering.forget_pdfs()
    with _words_lock:
        _words.clear()
