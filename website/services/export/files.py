"""The bytes of each download of a resume: its current content, in its own design and settings
or in a `design` and `settings` given only for this file (the API's exports), nothing saved;
in its own language or, given a `language` it is translated into, in that one (see
resume_translations: a language it has no translation for gives the original).

PDF and Word files come from the shared store when nothing they are drawn from has changed
(rendered ahead after each save, or by an earlier download) and are rendered now otherwise."""
from collections.abc import Callable

from website.models import Resume, ResumeVersion
from website.models.base import app_now
from website.services import design_settings, resume_translations
from website.services.design_settings import Settings
from website.services.export import docx, fit, json_resume, rendering, store, text, view

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain",  # Flask adds "; charset=utf-8"
    "json": "application/json",
}


def _in_language(resume: Resume, settings: Settings | None, language: str | None):
    """Return the resume (or its translated reading) and the settings to draw it with."""
    return resume_translations.shown(resume, settings or design_settings.effective(resume),
                                     language)


def _stored_or_made(kind: str, resume: Resume, design: str | None, settings: Settings | None,
                    language: str | None,
                    make: Callable[[rendering.RenderContext], bytes]) -> bytes:
    context = rendering.RenderContext.of(*_in_language(resume, settings, language), design)
    # The key hashes the content and settings drawn: a translation's text and its language.
    file_key = store.key(kind, context.source, context.slug, context.settings)
    return store.fetched_or_made(resume.id, kind, file_key, lambda: make(context))


def pdf(resume: Resume, design: str | None = None, settings: Settings | None = None,
        language: str | None = None) -> bytes:
    """Return the resume as a PDF in its design or `design`, its JSON Resume file attached."""
    return _stored_or_made(store.PDF, resume, design, settings, language, _pdf)


def _pdf(context: rendering.RenderContext) -> bytes:
    # A PDF goes to other people: the data it carries leaves out what its page hides, and the
    # resume's other languages.
    source, settings = context.source, context.settings
    shown = {**source.content, **{key: [] for key in settings.hidden_sections}}
    shown.pop(resume_translations.KEY, None)
    return rendering.render_pdf(context, data=_json(source, shown, context.slug, settings))


def shared_pdf(resume: Resume, settings: Settings, language: str | None = None) -> bytes:
    """Return the PDF of what the resume's public page shows (drawn with `settings`, which
    say whether the photo is shown), with no data attached."""
    return _stored_or_made(store.SHARED_PDF, resume, None, settings, language,
                           rendering.render_pdf)


def version_pdf(version: ResumeVersion, settings: Settings) -> bytes:
    """Return the PDF of a saved version in its own design drawn with `settings` (a tracked
    link's, which say whether the photo is shown), with no data attached."""
    context = rendering.RenderContext.of(version, settings)
    return store.fetched_or_made(version.resume_id, store.VERSION_PDF,
                                 store.key(store.VERSION_PDF, version, context.slug, settings),
                                 lambda: rendering.render_pdf(context))


def plain_text(resume: Resume, design: str | None = None, settings: Settings | None = None,
               language: str | None = None) -> bytes:
    """Return the resume as UTF-8 plain text: its visible sections in the order of its
    settings (text has no design)."""
    source, settings = _in_language(resume, settings, language)
    return text.render_text(view.of(source, settings)).encode("utf-8")


def json_file(resume: Resume, design: str | None = None, settings: Settings | None = None,
              language: str | None = None) -> bytes:
    """Return the resume as a JSON Resume file with its design and settings under meta.

    In its own language the file keeps the translations as the top-level "translations" (the
    schema allows more properties, JSON Resume tools pass over them, and an import here gets
    them back); in a translated language it is that language's resume alone."""
    source, settings = _in_language(resume, settings, language)
    return _json(resume, source.content, design, settings)


def _json(resume: Resume, content: dict, design: str | None, settings: Settings | None) -> bytes:
    # The settings the resume is drawn with (defaults filled in, unusable values left out),
    # whoever asks: the page's download, the API's and the PDF's attachment are one file.
    drawn = settings or design_settings.effective(resume)
    return json_resume.json_bytes(content, design_slug=design or resume.design_slug,
                                  design_settings=design_settings.stored_with(resume, drawn))


def word(resume: Resume, design: str | None = None, settings: Settings | None = None,
         language: str | None = None) -> bytes:
    """Return the resume as a Word document in its design or `design` with its settings or
    `settings`, dated when it was made."""
    return _stored_or_made(store.DOCX, resume, design, settings, language, _word)


def _word(context: rendering.RenderContext) -> bytes:
    now = app_now().replace(second=0, microsecond=0)
    return docx.render_docx(context.resume_view, context.slug, context.settings, now)


def forget_cached() -> None:
    """Delete every stored file and forget every fit (the benchmarks do, to time the
    renderers themselves)."""
    store.forget_all()
    fit.forget()
