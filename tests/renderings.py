"""Sample resumes drawn in every design and format without saving them (an unsaved Resume in a
request context, as the gallery pictures are drawn: services/thumbnails.py), and read back."""
import io
from collections.abc import Iterator
from dataclasses import dataclass

import docx
import pytest

from tests.helpers import make_test_app, temporary_database
from website.extensions import db
from website.models import Resume
from website.services import design_settings, designs
from website.services.export import files, view

DESIGNS = [slug for slug, *_ in designs.BUILT_IN]


@dataclass
class Rendering:
    """One resume in one design: what it shows and the files made of it."""

    view: view.ResumeView
    pdf: bytes


@pytest.fixture(scope="session")
def drawing_app(tmp_path_factory) -> Iterator:
    """An app whose database holds only the design catalogue, all that drawing a resume reads;
    the drawing is the same on every database, so SQLite alone is enough."""
    with temporary_database("sqlite", tmp_path_factory) as url:
        app = make_test_app(url)
        with app.app_context():
            db.create_all()
            designs.seed()
        yield app
        with app.app_context():
            db.engine.dispose()


def unsaved(design: str, content: dict, hidden_sections=()) -> Resume:
    """Return a resume that exists only to be drawn (never added to the session)."""
    return Resume(title="Sample resume", design_slug=design, content=content,
                  design_settings={"hidden_sections": list(hidden_sections)})


def render(app, design: str, content: dict, hidden_sections=()) -> Rendering:
    """Return the view and the PDF of `content` in `design` with its default look."""
    with app.test_request_context():
        resume = unsaved(design, content, hidden_sections)
        settings = design_settings.effective(resume)
        return Rendering(view.of(resume, settings), files.pdf(resume, settings=settings))


def word_and_text(app, design: str, content: dict, hidden_sections=()) -> tuple[bytes, str]:
    """Return the Word file and the plain text of `content` as downloaded in `design`."""
    with app.test_request_context():
        resume = unsaved(design, content, hidden_sections)
        settings = design_settings.effective(resume)
        return (files.word(resume, settings=settings),
                files.plain_text(resume, settings=settings).decode("utf-8"))


def word_text(data: bytes) -> str:
    """Return every paragraph of a Word file: body, tables, headers and footers."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = list(document.paragraphs)
    paragraphs += [p for table in document.tables for row in table.rows for cell in row.cells
                   for p in cell.paragraphs]
    for section in document.sections:
        paragraphs += section.header.paragraphs + section.footer.paragraphs
    return "\n".join(p.text for p in paragraphs)


def flat(text: str) -> str:
    """Return `text` with white space runs made one space and case folded: a field may wrap
    across lines, and a design may set headings or names in capitals."""
    return " ".join(text.split()).casefold()
