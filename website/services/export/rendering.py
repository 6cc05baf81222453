"""Resume designs: the HTML both the preview and the PDF show, and the PDF made from it.

WeasyPrint fetches only what `_Fetcher` allows: our font files and the resume's own photo from
the database. Anything else raises, so no request leaves the server. The design's stylesheet
goes to WeasyPrint already parsed, from a per-thread cache (see `_design_sheet`).

A PDF is tagged PDF/UA-1 (structure, language, title, author, XMP metadata), carries the
resume's JSON Resume document as an attachment and, past one page, a name-and-page footer.
With fit-to-pages on, the HTML and the PDF are both drawn with the settings `fit` finds.

Each rendering reads one `RenderContext`: its design, settings, view and photo, resolved once
and handed down to every step (the HTML, the stylesheet, the fit search, the PDF).
"""
import gc
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property, partial
from urllib.parse import urlencode, urljoin, urlsplit

from flask import render_template, url_for
from weasyprint import CSS, HTML, Attachment, Document
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from website.extensions import db
from website.models import Resume, ResumePhoto, ResumeVersion
from website.services import design_settings, designs, languages
from website.services.design_settings import FONT_FILES, FONTS, STATIC_DIR, Settings
from website.services.export import fit, view

# The origin WeasyPrint resolves our relative links against; it is never contacted.
BASE_URL = "https://resume-builder.invalid/"
# Tagged PDF: a structure tree, /Lang from <html lang>, title and author, XMP metadata.
PDF_VARIANT = "pdf/ua-1"
ATTACHMENT_NAME = "resume.json"

log = logging.getLogger(__name__)
# The Content-Security-Policy of a design's HTML shown in a page's frame: it may load only our
# stylesheet, fonts and photo, run nothing, and be framed only by our own pages.
DOCUMENT_POLICY = {"default-src": "'none'", "style-src": "'self'", "font-src": "'self'",
                   "img-src": "'self'", "base-uri": "'none'", "form-action": "'none'",
                   "frame-ancestors": "'self'"}


# One font configuration per thread, shared by its renderings: WeasyPrint's own one per document
# loads the system's font list again and is never freed (about 0.3 MB of Fontconfig and Pango
# per rendering, 450 MB over the export bench); a shared one adds each @font-face once. Pango
# objects are not for sharing between threads. So are the parsed design stylesheets, whose
# @font-face rules are registered in the font configuration they were parsed with.
_per_thread = threading.local()
# Parsed design stylesheets kept per thread: a design in a few looks each, not every look seen.
DESIGN_SHEETS_KEPT = 16
# How many renderings are running with the cyclic garbage collector paused, and whether it was
# on before the first of them.
_collector = {"pausing": 0, "was_enabled": True}
_collector_lock = threading.Lock()


class RefusedFetch(ValueError):
    """WeasyPrint asked for something outside the resume's own files."""


def stylesheet_query(settings: Settings) -> dict[str, str]:
    """Return the query string values a design stylesheet is drawn from."""
    return {"accent": settings.accent, "font": settings.font,
            "font_size": f"{settings.font_size:g}", "page_size": settings.page_size,
            "margin_mm": settings.margin_mm, "spacing": f"{settings.spacing:g}",
            "language": settings.language}


def font_family(key: str) -> str:
    """Return the CSS font-family of font `key`: it, the families drawing what it lacks, and
    its generic family."""
    families = design_settings.families(key)
    return ", ".join([f'"{family.name}"' for family in families] + [FONTS[key].generic])


def footer_parts(pattern: str) -> list[tuple[str, str]]:
    """Return the footer's "Page %(page)s of %(pages)s" (in the resume's language) as
    ("text", css string), ("page", "") and ("pages", "") parts, in the language's order."""
    parts = []
    for index, piece in enumerate(re.split(r"%\((page|pages)\)s", pattern)):
        if index % 2:
            parts.append((piece, ""))
        elif piece:
            parts.append(("text", css_string(piece)))
    return parts


def render_css(slug: str, settings: Settings) -> str:
    """Return the stylesheet of design `slug` drawn with `settings`; its `space(x)` is x em of
    vertical space times the spacing fit-to-pages chose."""
    font, families = FONTS[settings.font], design_settings.families(settings.font)
    return render_template(
        f"resumes/designs/{slug}.css", settings=settings, font=font, families=families,
        font_family=font_family(settings.font), direction=languages.direction(settings.language),
        font_url=lambda file: url_for("static", filename=file),
        space=lambda em: f"{em * settings.spacing:.3f}em")


def css_string(text: str) -> str:
    """Return `text` as a quoted CSS string, quotes, backslashes and controls escaped."""
    return '"' + "".join(f"\\{ord(char):x} " if char in '"\\' or not char.isprintable()
                         else char for char in text) + '"'


def _resume_id(source: Resume | ResumeVersion) -> int:
    return source.resume_id if isinstance(source, ResumeVersion) else source.id


def shown_photo(source: Resume | ResumeVersion, settings: Settings) -> ResumePhoto | None:
    """Return the photo the resume shows with `settings`: its own, if any and if shown."""
    photo_id = (source.design_settings or {}).get("photo_id")
    if not settings.show_photo or not photo_id:
        return None
    photo = db.session.get(ResumePhoto, photo_id)
    return photo if photo is not None and photo.resume_id == _resume_id(source) else None


def design_of(source: Resume | ResumeVersion, design: str | None = None) -> str:
    """Return the design the resume is drawn in: `design`, else its own."""
    slug = design or source.design_slug
    # Retired designs still render; only a slug the catalogue never had falls back.
    return slug if designs.get(slug) is not None else designs.DEFAULT_DESIGN


def stylesheet_url(slug: str, settings: Settings) -> str:
    """Return the path of the stylesheet `render_html` links for design `slug`."""
    return url_for("export.design_css", slug=slug) + "?" + urlencode(stylesheet_query(settings))


def photo_path(photo: ResumePhoto | None,
               link: Callable[[ResumePhoto], str] | None = None) -> str | None:
    """Return the path of `photo` (None for none): the owner's photo route, or what `link`
    makes of it (the public page's own route)."""
    if photo is None:
        return None
    if link is not None:
        return link(photo)
    return url_for("editor.photo", resume_id=photo.resume_id, photo_id=photo.id)


def _shows(settings: Settings) -> tuple:
    """Return what of `settings` changes what a resume shows, not only how it is laid out."""
    return settings.section_order, settings.hidden_sections, settings.language, \
        settings.show_photo


@dataclass(frozen=True)
class RenderContext:
    """One resume (or version) drawn in one design with one set of settings: what every step
    of its rendering reads (the HTML, the stylesheet, the fit, the PDF), each resolved once."""

    source: Resume | ResumeVersion
    settings: Settings
    slug: str  # the design drawn, resolved by `design_of`

    @classmethod
    def of(cls, source: Resume | ResumeVersion, settings: Settings,
           design: str | None = None) -> "RenderContext":
        """Return the context of drawing `source` with `settings` in `design` (else its own)."""
        return cls(source, settings, design_of(source, design))

    # Worked out at first use: a file served from the store needs neither.
    @cached_property
    def resume_view(self) -> view.ResumeView:
        """Return what the resume shows, shaped for its design."""
        return view.of(self.source, self.settings)

    @cached_property
    def photo(self) -> ResumePhoto | None:
        """Return the photo the resume shows, if any."""
        return shown_photo(self.source, self.settings)

    def drawn_with(self, settings: Settings) -> "RenderContext":
        """Return the context of drawing the same resume in the same design with `settings`,
        keeping the view and photo already worked out when those settings show the same (a
        fit step changes only the type, margins and spacing)."""
        drawn = replace(self, settings=settings)
        if _shows(settings) == _shows(self.settings):
            drawn.__dict__.update({name: value for name, value in self.__dict__.items()
                                   if name in ("resume_view", "photo")})
        return drawn


def _html(context: RenderContext, photo_link: Callable[[ResumePhoto], str] | None = None,
          linked: bool = True) -> str:
    """Return the resume's HTML; `linked` False leaves out the link to the design's stylesheet,
    for WeasyPrint, which is given the stylesheet parsed."""
    return render_template(
        f"resumes/designs/{context.slug}.html", slug=context.slug, resume=context.resume_view,
        stylesheet=stylesheet_url(context.slug, context.settings) if linked else None,
        photo=photo_path(context.photo, photo_link))


def _key(context: RenderContext, html: str, *extra: bytes) -> str:
    """Return a hash of everything a rendering of `html` is made from."""
    css = render_css(context.slug, context.settings)
    digest = hashlib.sha256((html + "\0" + css).encode())
    if context.photo is not None:  # its id is in the HTML, but SQLite may reuse a deleted id
        digest.update(context.photo.data)
    for part in extra:
        digest.update(b"\0" + part)
    return digest.hexdigest()


def _page_count(context: RenderContext, keep: dict[Settings, Document] | None,
                settings: Settings) -> int:
    document = _render(context.drawn_with(settings))
    if keep is not None:
        keep[settings] = document
    return len(document.pages)


def _fitting(context: RenderContext,
             keep: dict[Settings, Document] | None = None) -> fit.Fit | None:
    if not context.settings.fit_pages:
        return None
    return fit.fitted(_fit_key(context), context.settings, partial(_page_count, context, keep))


def fitting(source: Resume | ResumeVersion, settings: Settings,
            design: str | None = None) -> fit.Fit | None:
    """Return how the resume fits on settings.fit_pages pages (None when fitting is off), from
    the cache when its content and settings were fitted before."""
    return _fitting(RenderContext.of(source, settings, design))


def _fit_key(context: RenderContext) -> str:
    return _key(context, _html(context), str(context.settings.fit_pages).encode())


def fitted_before(source: Resume | ResumeVersion, settings: Settings,
                  design: str | None = None) -> fit.Fit | None:
    """Return the fit `fitting` found for the resume as it is now, without searching: None when
    fitting is off or this content and these settings were never fitted."""
    if not settings.fit_pages:
        return None
    return fit.known(_fit_key(RenderContext.of(source, settings, design)))


def _drawn(context: RenderContext,
           keep: dict[Settings, Document] | None = None) -> RenderContext:
    """Return the context the resume is drawn in: `context`, with fitted settings when it
    asks to be fitted; a fit search adds the renderings it makes to `keep`, by settings."""
    found = _fitting(context, keep)
    return context if found is None else context.drawn_with(found.settings)


def render_html(source: Resume | ResumeVersion, settings: Settings,
                design: str | None = None,
                photo_link: Callable[[ResumePhoto], str] | None = None) -> str:
    """Return the resume's HTML in its design (or `design`): exactly what the PDF is made of;
    `photo_link` gives the photo's address where the owner's route does not serve it."""
    return _html(_drawn(RenderContext.of(source, settings, design)), photo_link)


class _FontFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only the font files we ship, never the network."""

    def __init__(self):
        super().__init__(allowed_protocols=())
        self.static_path = url_for("static", filename="")

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """Return one of our font files; raise RefusedFetch for anything else."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and not parts.query \
                and parts.path.startswith(self.static_path):
            name = parts.path.removeprefix(self.static_path)
            if name in FONT_FILES:  # an exact path we ship, so no "../" reaches beyond static/
                return URLFetcherResponse(url, (STATIC_DIR / name).read_bytes(),
                                          {"Content-Type": FONT_FILES[name]})
        log.warning("Refused to fetch %r while making a PDF", url[:200])
        raise RefusedFetch(f"not a file of this resume: {url[:200]}")


class _Fetcher(_FontFetcher):
    """A WeasyPrint URL fetcher that serves only the files of one rendering, never the network."""

    def __init__(self, context: RenderContext):
        super().__init__()
        self.photo = context.photo
        self.photo_url = urljoin(BASE_URL, photo_path(context.photo) or "")

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        """Return one of this rendering's files; raise RefusedFetch for anything else."""
        if self.photo is not None and url == self.photo_url:
            return URLFetcherResponse(url, self.photo.data,
                                      {"Content-Type": self.photo.mime_type})
        return super().fetch(url, headers)


def _document(html: str, context: RenderContext) -> HTML:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_Fetcher(context))


def _font_config() -> FontConfiguration:
    if not hasattr(_per_thread, "fonts"):
        _per_thread.fonts = FontConfiguration()
    return _per_thread.fonts


def _design_sheet(slug: str, settings: Settings) -> CSS:
    """Return design `slug`'s stylesheet drawn with `settings`, parsed once per thread and text:
    parsing it took about a tenth of a rendering. It holds no @counter-style rule, so sharing it
    between resumes shares nothing of theirs."""
    text = render_css(slug, settings)
    sheets = _per_thread.__dict__.setdefault("design_sheets", OrderedDict())
    if text in sheets:
        sheets.move_to_end(text)
        return sheets[text]
    sheet = sheets[text] = CSS(string=text, base_url=BASE_URL, url_fetcher=_FontFetcher(),
                               font_config=_font_config())
    if len(sheets) > DESIGN_SHEETS_KEPT:
        sheets.popitem(last=False)
    return sheet


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while WeasyPrint renders: its tens of thousands
    of boxes set off collections that walk them again and again (a tenth of a rendering) and are
    freed by reference counting anyway. Process-wide, so on until the last rendering ends."""
    with _collector_lock:
        if _collector["pausing"] == 0:
            _collector["was_enabled"] = gc.isenabled()
            gc.disable()
        _collector["pausing"] += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector["pausing"] -= 1
            if _collector["pausing"] == 0 and _collector["was_enabled"]:
                gc.enable()


def _render(context: RenderContext) -> Document:
    """Lay out the resume's pages, footer included, ready to be written as a PDF."""
    # The footer sheet names the candidate, so it is never shared (the design's stylesheet is
    # public); its counter styles go to this document's own registry, fresh each time, or one
    # resume's footer could print another's name.
    font_config, counter_style = _font_config(), CounterStyle()
    resume, settings = context.resume_view, context.settings
    footer = CSS(string=render_template("resumes/designs/_footer.css",
                                        name=css_string(resume.name),
                                        page_of=footer_parts(resume.words.page_of),
                                        font_family=font_family(settings.font)),
                 font_config=font_config, counter_style=counter_style)
    design_sheet = _design_sheet(context.slug, settings)
    html = _html(context, linked=False)
    with _collector_paused():
        return _document(html, context).render(
            stylesheets=[design_sheet, footer], font_config=font_config,
            counter_style=counter_style)


def _laid_out(context: RenderContext) -> Document:
    """Return the PDF's pages laid out, reusing the rendering a fit search made with the
    settings it found (one rendering fewer)."""
    renderings: dict[Settings, Document] = {}
    drawn = _drawn(context, renderings)
    return renderings.get(drawn.settings) or _render(drawn)


def _written(document: Document, data: bytes | None, description: str = "") -> bytes:
    attachments = [] if data is None else [Attachment(
        string=data, name=ATTACHMENT_NAME, description=description)]
    with _collector_paused():
        return document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments)


def render_pdf(context: RenderContext, data: bytes | None = None) -> bytes:
    """Return the resume as a PDF, made from `render_html` with WeasyPrint, with `data` (its
    JSON Resume file) attached."""
    return _written(_laid_out(context), data, context.resume_view.words.attachment)


def render_page_pdf(html: str, context: RenderContext, extra_css: str = "") -> bytes:
    """Return `html`, another page drawn in the resume's design (a cover letter), as a tagged
    PDF made with the design's stylesheet, `extra_css` after it, and this module's fetcher."""
    font_config, counter_style = _font_config(), CounterStyle()
    sheets = [_design_sheet(context.slug, context.settings)]
    if extra_css:
        sheets.append(CSS(string=extra_css, base_url=BASE_URL, url_fetcher=_FontFetcher(),
                          font_config=font_config, counter_style=counter_style))
    with _collector_paused():
        document = _document(html, context).render(
            stylesheets=sheets, font_config=font_config, counter_style=counter_style)
    return _written(document, None)
