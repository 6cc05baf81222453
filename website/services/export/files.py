"""The bytes of each download of a resume, in its current content, design and settings."""
import hashlib
import json
import threading

from cachetools import LRUCache

from website.models import Resume
from website.services import rendering, resume_document, template_settings
from website.services.export import docx, json_resume, text

# Recent Word files by a hash of everything they are made from, so re-downloading an unchanged
# resume skips python-docx; bounded by size, per process, nothing on disk.
_words: LRUCache = LRUCache(maxsize=16 * 1024 * 1024, getsizeof=len)
_words_lock = threading.Lock()


def pdf(resume: Resume) -> bytes:
    """Return the resume as a PDF in its design (from the cache if it has not changed)."""
    return rendering.cached_pdf(resume, template_settings.effective(resume))


def plain_text(resume: Resume) -> bytes:
    """Return the resume as UTF-8 plain text, sections in the resume's order."""
    order = list(template_settings.effective(resume).section_order)
    return text.render_text(resume_document.normalize(resume.content), resume.title,
                            order).encode("utf-8")


def json_file(resume: Resume) -> bytes:
    """Return the resume as a JSON Resume file with its template and settings under meta."""
    return json_resume.json_bytes(resume.content, template_slug=resume.template_slug,
                                  template_settings=resume.template_settings or {})


def word(resume: Resume) -> bytes:
    """Return the resume as a Word document in its font and accent colour (from the cache if
    nothing it is made from has changed)."""
    settings = template_settings.effective(resume)
    document = resume_document.normalize(resume.content)
    made_from = json.dumps([document, resume.title, settings.font, settings.accent,
                            settings.section_order], sort_keys=True)
    key = hashlib.sha256(made_from.encode()).hexdigest()
    with _words_lock:
        data = _words.get(key)
    if data is None:
        data = docx.render_docx(document, resume.title,
                                font_family=template_settings.FONTS[settings.font].name,
                                accent=settings.accent, section_order=list(settings.section_order))
        with _words_lock:
            _words[key] = data
    return data


def forget_cached() -> None:
    """Empty the PDF and Word caches (the benchmark does, to time the renderers themselves)."""
    rendering.forget_pdfs()
    with _words_lock:
        _words.clear()
