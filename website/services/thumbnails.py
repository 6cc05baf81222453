"""Pictures of first pages as PNGs: a sample resume in each design (the gallery) and each
user's own resumes (the manage page).

Drawn from the PDF (rasterised by pdfium), never kept on disk: a Heroku dyno's disk is wiped
on restart. Design pictures are kept in memory and in the designs table; a resume's picture
in the shared file store beside its PDF, rendered ahead after each save. Each picture is keyed
by a hash of everything it was drawn from, so a change is drawn again.
"""
import hashlib
import io
import threading

import pypdfium2
from cachetools import LRUCache

from website.extensions import db
from website.models import Design, Resume
from website.services import design_settings
from website.services.export import files, rendering, store

WIDTH_PX = 640
# A resume's picture is shown about 200 CSS pixels wide: twice that stays sharp on any screen.
RESUME_WIDTH_PX = 400
# Page shapes as (width, height) in millimetres.
PAGE_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}
# A few designs' pictures: small enough to forget about, large enough to hold the catalogue.
_memory: LRUCache = LRUCache(maxsize=32)
_lock = threading.Lock()
# pdfium is not thread-safe: one rasterisation at a time per process.
_pdfium = threading.Lock()

# One page in every design, with what tells the designs apart: dates and places to align, a
# publication (the academic CV puts it first), skill groups and languages (the sidebar's), three
# roles (the timeline's).
SAMPLE = {
    "basics": {
        "name": "Alex Morgan", "label": "Product Designer", "email": "alex@example.com",
        "phone": "+44 20 7946 0958", "url": "https://alex.example.com",
        "summary": "Designer who turns research into calm, usable products; nine years in "
                   "fintech and health, from first sketch to shipped release.",
        "location": {"city": "London", "countryCode": "GB"},
        "profiles": [{"network": "LinkedIn", "username": "alexmorgan",
                      "url": "https://www.linkedin.com/in/alexmorgan"}],
    },
    "work": [
        {"position": "Lead Product Designer", "name": "Northwind Health", "location": "London",
         "startDate": "2021-04",
         "highlights": ["Raised appointment completion by 18% with a simpler booking flow",
                        "Built the design system used by four product teams"]},
        {"position": "Product Designer", "name": "Fabrikam Bank", "location": "London",
         "startDate": "2017-09", "endDate": "2021-03",
         "highlights": ["Redesigned onboarding: 30% fewer drop-offs in the first week",
                        "Made the mobile app pass a WCAG 2.1 AA accessibility audit"]},
        {"position": "UX Designer", "name": "Contoso Studio", "location": "Manchester",
         "startDate": "2015-06", "endDate": "2017-08",
         "highlights": ["Designed booking sites for twelve clients in travel and retail"]},
    ],
    "education": [{"institution": "University of the Arts London", "studyType": "BA",
                   "area": "Interaction Design", "startDate": "2012", "endDate": "2015",
                   "score": "First-class honours"}],
    "publications": [{"name": "Designing for Calm", "publisher": "UX Collective",
                      "releaseDate": "2023-05",
                      "summary": "Patterns that lower anxiety in health apps."}],
    "skills": [{"name": "Design", "keywords": ["Figma", "Prototyping", "Design systems"]},
               {"name": "Research", "keywords": ["Interviews", "Usability testing"]},
               {"name": "Front end", "keywords": ["HTML", "CSS", "Accessibility"]}],
    "languages": [{"language": "English", "fluency": "Native"},
                  {"language": "Spanish", "fluency": "Professional"},
                  {"language": "French", "fluency": "Basic"}],
}


# Only the document's metadata holds a resume's title, never the page the picture shows.
SAMPLE_TITLE = "Sample resume"


def _sample(slug: str) -> Resume:
    # Never added to the session: a resume that exists only to be drawn.
    return Resume(title=SAMPLE_TITLE, design_slug=slug, design_settings={}, content=SAMPLE)


def key(slug: str) -> str:
    """Return the hash of everything the picture of design `slug` is drawn from."""
    settings = design_settings.defaults(slug)
    sample = _sample(slug)
    drawn_from = (rendering.render_html(sample, settings) + rendering.render_css(slug, settings)
                  + f"|{WIDTH_PX}")
    return hashlib.sha256(drawn_from.encode()).hexdigest()


def first_page_png(pdf_data: bytes, width_px: int) -> bytes:
    """Return the first page of a PDF as a PNG `width_px` pixels wide."""
    with _pdfium:
        pdf = pypdfium2.PdfDocument(pdf_data)
        try:
            page = pdf[0]
            image = page.render(scale=width_px / page.get_width()).to_pil()
        finally:
            pdf.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


def _draw(slug: str) -> bytes:
    data = rendering.render_pdf(rendering.RenderContext.of(_sample(slug),
                                                           design_settings.defaults(slug)))
    return first_page_png(data, WIDTH_PX)


def thumbnail(slug: str) -> tuple[bytes, str]:
    """Return (PNG, key) of design `slug`'s picture: from memory, the database or drawn now."""
    current = key(slug)
    with _lock:
        cached = _memory.get(current)
    if cached is not None:
        return cached, current
    row = db.session.execute(db.select(Design).where(Design.slug == slug)).scalar_one()
    if row.thumbnail_key == current and row.thumbnail_png:
        png = row.thumbnail_png
    else:
        png = _draw(slug)
        row.thumbnail_png, row.thumbnail_key = png, current
        db.session.commit()
    with _lock:
        _memory[current] = png
    return png, current


def resume_size(resume: Resume) -> tuple[int, int]:
    """Return the (width, height) in pixels of the picture of the resume's first page."""
    width_mm, height_mm = PAGE_MM[design_settings.effective(resume).page_size]
    return RESUME_WIDTH_PX, round(RESUME_WIDTH_PX * height_mm / width_mm)


def resume_key(resume: Resume) -> str:
    """Return the hash of everything the picture of the resume's first page is drawn from:
    content, design, settings and photo."""
    return store.key(store.PNG, resume, rendering.design_of(resume),
                     design_settings.effective(resume))


def resume_thumbnail(resume: Resume) -> tuple[bytes, str]:
    """Return (PNG, key) of the resume's first page: from the file store or drawn now (from the
    stored PDF when there is one)."""
    current = resume_key(resume)
    png = store.fetched(store.PNG, current)
    if png is None:
        # The PDF first, outside the picture's render lock: taking the PDF's inside it could
        # wait on a lock this thread, or one waiting for it, already holds.
        pdf = files.pdf(resume)
        png = store.fetched_or_made(resume.id, store.PNG, current,
                                    lambda: first_page_png(pdf, RESUME_WIDTH_PX))
    return png, current
