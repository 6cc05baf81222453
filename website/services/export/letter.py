"""A cover letter in the design of the resume version its application sent: HTML (the
editor's preview and the recruiter's frame), PDF (WeasyPrint, as the resume's), Word (the
design's Word look, the resume's masthead as letterhead) and plain text.

The letterhead is the resume's own masthead, drawn from the version sent with its settings, so
the letter and the resume the employer received look like one set of papers.
"""
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlencode

from docx.oxml.ns import qn
from flask import render_template, url_for
from flask_babel import gettext as _

from website.models import Application, ResumePhoto, ResumeVersion
from website.models.base import app_now
from website.services import cover_letters, design_settings
from website.services.design_settings import Settings
from website.services.export import docx, docx_styles, rendering, text, view
from website.services.export.docx_styles import element

# Word spacing after a letter's paragraphs, in twentieths of a point.
PARAGRAPH_GAP = "200"
SIGNATURE_GAP = "600"


def _source(application: Application) -> ResumeVersion:
    if application.sent is None:
        raise cover_letters.NoResumeSent(_("The application has no resume version sent."))
    return application.sent


def _settings(source: ResumeVersion, show_photo: bool = True) -> Settings:
    """The version's settings, unfitted (a letter is one page of its own), photo as asked."""
    settings = replace(design_settings.effective(source), fit_pages=0)
    return settings if show_photo else replace(settings, show_photo=False)


def _content(application: Application, content: dict | None) -> dict:
    if content is not None:
        return cover_letters.normalized(content)
    letter = application.cover_letter
    return cover_letters.normalized(letter.content if letter is not None else None)


def render_letter_css(slug: str, settings: Settings) -> str:
    """Return the letter's own rules for design `slug` (drawn after the design's stylesheet)."""
    return render_template("resumes/designs/_letter.css", slug=slug, settings=settings)


def stylesheet_url(slug: str, settings: Settings) -> str:
    """Return the path of the letter's stylesheet in design `slug`: the design's and the
    letter's rules in one file."""
    return url_for("public_letters.letter_css", slug=slug) + "?" + urlencode(
        rendering.stylesheet_query(settings))


def _context(application: Application, show_photo: bool) -> rendering.RenderContext:
    """Return the rendering of the letter: the resume version sent, in its own design."""
    source = _source(application)
    return rendering.RenderContext.of(source, _settings(source, show_photo))


def _html(application: Application, content: dict | None, context: rendering.RenderContext,
          photo_link: Callable[[ResumePhoto], str] | None, linked: bool) -> str:
    return render_template(
        "resumes/designs/_letter.html", slug=context.slug, resume=context.resume_view,
        letter=_content(application, content),
        stylesheet=stylesheet_url(context.slug, context.settings) if linked else None,
        photo=rendering.photo_path(context.photo, photo_link))


def letter_html(application: Application, *, photo_link: Callable[[ResumePhoto], str] | None
                = None, show_photo: bool = True, content: dict | None = None) -> str:
    """Return the application's cover letter (or `content`, unsaved) as HTML in the design of
    the resume version sent; `photo_link` gives the photo's address off the owner's pages."""
    return _html(application, content, _context(application, show_photo), photo_link,
                 linked=True)


def letter_pdf(application: Application, *, show_photo: bool = True) -> bytes:
    """Return the application's cover letter as a PDF in the design of the resume sent."""
    context = _context(application, show_photo)
    html = _html(application, None, context, None, linked=False)
    return rendering.render_page_pdf(html, context, extra_css=render_letter_css(
        context.slug, context.settings))


def recipient_lines(letter: dict) -> list[str]:
    """Return the lines of the recipient's block: name, title, company, address lines."""
    recipient = letter["recipient"]
    lines = [recipient[key].strip() for key in ("name", "title", "company")]
    lines += [line.strip() for line in recipient["address"].splitlines()]
    return [line for line in lines if line]


def _spaced(paragraph, after: str, align: str | None = None) -> None:
    """Give a written paragraph space after it (and an alignment), in OOXML's order."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = element("w:pPr")
        paragraph.insert(0, properties)
    properties.append(element("w:spacing", after=after))
    if align:
        properties.append(element("w:jc", val=align))


def letter_docx(application: Application) -> bytes:
    """Return the application's cover letter as a Word document in the design's Word look,
    the resume's masthead as its letterhead."""
    source = _source(application)
    settings = _settings(source)
    letter = _content(application, None)
    now = app_now().replace(second=0, microsecond=0)
    look = docx_styles.look(rendering.design_of(source))
    resume = view.of(source, settings)
    word, writer = docx.start_document(resume, look, settings, now, resume.words.cover_letter)
    _spaced(writer.paragraph(), "0")  # a blank line between letterhead and letter
    lines = recipient_lines(letter)
    for index, line in enumerate(lines):
        _spaced(writer.text(line), PARAGRAPH_GAP if index == len(lines) - 1 else "0")
    if letter["date"]:
        # Word reads "right" in a right-to-left paragraph as its end, the left.
        _spaced(writer.text(letter["date"]), PARAGRAPH_GAP,
                "right" if look.name_align == "left" else None)
    if letter["subject"]:
        subject = writer.paragraph()
        writer.run(subject, letter["subject"], bold=True)
        _spaced(subject, PARAGRAPH_GAP)
    for part in [letter["greeting"], *letter["paragraphs"], letter["closing"]]:
        if part:
            _spaced(writer.text(part), PARAGRAPH_GAP)
    if letter["signature"]:
        writer.text(letter["signature"]).addprevious(_gap())
    return docx.saved(word, resume)


def _gap():
    """Return an empty paragraph as tall as the room left to sign by hand."""
    paragraph = element("w:p")
    _spaced(paragraph, SIGNATURE_GAP)
    return paragraph


def letter_text(application: Application) -> str:
    """Return the application's cover letter as plain text wrapped at 80 columns, the
    resume's name and contact details at its head."""
    source = _source(application)
    resume = view.of(source, _settings(source))
    letter = _content(application, None)
    lines = text.wrap(resume.name)
    if resume.label:
        lines += text.wrap(resume.label)
    lines += text.join_items([item.text for item in resume.contact])
    blocks = [recipient_lines(letter), [letter["date"]], [letter["subject"]],
              [letter["greeting"]], *([p] for p in letter["paragraphs"]),
              [letter["closing"], "", letter["signature"]] if letter["signature"]
              else [letter["closing"]]]
    for block in blocks:
        if any(block):
            lines.append("")
            for line in block:
                lines += text.wrap(line)
    return "\n".join(lines) + "\n"


def letter_file(application: Application, extension: str) -> bytes:
    """Return the letter's file in `extension`: pdf, docx or txt (UTF-8)."""
    if extension == "pdf":
        return letter_pdf(application)
    if extension == "docx":
        return letter_docx(application)
    return letter_text(application).encode("utf-8")


def file_name(application: Application, extension: str) -> str:
    """Return an ASCII file name like "Jane-Doe-Cover-Letter-Acme.pdf"."""
    words = [*_words(candidate_name(application))[:6], "Cover", "Letter",
             *_words(application.company)[:4]]
    return "-".join(words) + f".{extension}"


def candidate_name(application: Application) -> str:
    """Return the candidate's name as the letterhead shows it."""
    source = _source(application)
    return view.of(source, _settings(source)).name


def _words(value: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.findall(r"[A-Za-z0-9]+", ascii_text)
