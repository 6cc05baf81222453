"""The bytes of each download of a resume: its current content, in its own design and settings
or in a `design` and `settings` given only for this file (the API's exports), nothing saved.

PDF and Word files come from the shared store when nothing they are drawn from has changed
(rendered ahead after each save, or by an earlier download) and are rendered now otherwise."""
from datetime import UTC, datetime

from flask import current_app

from website.models import Resume, ResumeVersion
from website.services import rendering, template_settings
from website.services.export import docx, fit, json_resume, store, text, view
from website.services.template_settings import Settings

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",  # Flask adds "; charset=utf-8"
    "json": "application/json",
}


def _stored_or_made(kind: str, resume: Resume, design: str | None, settings: Settings | None,
                    make) -> bytes:
    design = rendering.design_of(resume, design)
    settings = settings or template_settings.effective(resume)
    return store.fetched_or_made(resume.id, kind, store.key(kind, resume, design, settings),
                                 lambda: make(resume, design, settings))


def pdf(resume: Resume, design: str | None = None, settings: Settings | None = None) -> bytes:
    """Return the resume as a PDF in its design or `design`, its JSON Resume file attached."""
    return _stored_or_made(store.PDF, resume, design, settings, _pdf)


def _pdf(resume: Resume, design: str, settings: Settings) -> bytes:
    # A PDF goes to other people: the data it carries leaves out what its page hides.
    shown = {**resume.content, **{key: [] for key in settings.hidden_sections}}
    return rendering.render_pdf(resume, settings, design,
                                data=_json(resume, shown, design, settings))


def shared_pdf(resume: Resume, settings: Settings) -> bytes:
    """Return the PDF of what the resume's public page shows (drawn with `settings`, which
    say whether the photo is shown), with no data attached."""
    return _stored_or_made(store.SHARED_PDF, resume, None, settings,
                           lambda resume, design, settings: rendering.render_pdf(
                               resume, settings, design))


def version_pdf(version: ResumeVersion, settings: Settings) -> bytes:
    """Return the PDF of a saved version in its own design drawn with `settings` (a tracked
    link's, which say whether the photo is shown), with no data attached."""
    design = rendering.design_of(version)
    return store.fetched_or_made(version.resume_id, store.VERSION_PDF,
                                 store.key(store.VERSION_PDF, version, design, settings),
                                 lambda: rendering.render_pdf(version, settings, design))


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
    `settings`, dated when it was made."""
    return _stored_or_made(store.DOCX, resume, design, settings, _word)


def _word(resume: Resume, design: str, settings: Settings) -> bytes:
    now = datetime.fromtimestamp(current_app.config["CLOCK"](), UTC).replace(second=0,
                                                                       microsecond=0)
    return docx.render_docx(view.of(resume, settings), design, settings, now)


def forget_cached() -> None:
    """Delete every stored file and forget every fit (the benchmarks do, to time the
    renderers themselves)."""
    store.forget_all()
    fit.forget()
