"""Layout of the classic, modern, Compact and minimal designs as a reader sees the PDF: page
count of the nine-year career, dates beside titles, nothing past the page's margins."""
import dataclasses
import re
import subprocess

import pytest

from tests import export_samples
from tests.renderings import drawing_app  # noqa: F401  (a fixture: drawing needs no PostgreSQL)
from website.models import Resume
from website.services import design_settings
from website.services.export import rendering

DESIGNS = ("classic", "modern", "professional", "minimal")
PAGE_SIZES = ("A4", "Letter")
POINTS_PER_MM = 72 / 25.4
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def render(app, design: str, page_size: str, sample: str) -> tuple[bytes, int]:
    """Return (PDF, margin in mm) of `sample` in `design` with its default look on `page_size`."""
    with app.test_request_context():
        settings = dataclasses.replace(design_settings.defaults(design), page_size=page_size)
        # Never added to the session: a resume that exists only to be drawn.
        resume = Resume(title="Sample", design_slug=design, design_settings={},
                        content=getattr(export_samples, sample)())
        pdf = rendering.render_pdf(rendering.RenderContext.of(resume, settings))
        return pdf, settings.margin_mm


def text(tool: str, pdf: bytes, *options: str) -> str:
    """Return what pdftotext reads from `pdf` with `options`."""
    # -bbox copies the document title's bytes into its HTML header without converting them.
    return subprocess.run([tool, "-enc", "UTF-8", *options, "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode(errors="replace")


def pages(tool: str, pdf: bytes,
          margin: float) -> list[tuple[float, float, list[tuple[float, ...]]]]:
    """Return each page's width, height and its body's words' (left, right, bottom) in points:
    not the footer, which stands wholly in the bottom margin by design."""
    found = []
    for width, height, words in PAGE.findall(text(tool, pdf, "-bbox")):
        boxes = [tuple(map(float, word)) for word in WORD.findall(words)]
        found.append((float(width), float(height),
                      [(left, right, bottom) for left, top, right, bottom in boxes
                       if top < float(height) - margin]))
    return found


@pytest.mark.parametrize("page_size", PAGE_SIZES)
@pytest.mark.parametrize("design", DESIGNS)
def test_a_nine_year_career_fits_on_two_pages_and_fills_the_first(  # noqa: F811
        drawing_app, pdftotext, design, page_size):  # noqa: F811
    pdf, margin_mm = render(drawing_app, design, page_size, "nine_years")
    found = pages(pdftotext, pdf, margin_mm * POINTS_PER_MM)
    assert len(found) <= 2
    _, height, words = found[0]
    if len(found) == 2:  # the first page ends less than a fifth of the page short
        assert height - margin_mm * POINTS_PER_MM - max(bottom for *_, bottom in words) \
            < height / 5


@pytest.mark.parametrize("design", DESIGNS)
def test_dates_stand_on_the_line_of_their_title(drawing_app, pdftotext, design):  # noqa: F811
    pdf, _ = render(drawing_app, design, "A4", "nine_years")
    lines = text(pdftotext, pdf, "-layout").splitlines()

    def on_one_line(title: str, dates: str) -> bool:
        return any(title in line and dates in line for line in lines)

    assert on_one_line("Senior Platform Engineer", "Apr 2021 – Present")
    assert on_one_line("Backend Engineer", "Feb 2018 – Mar 2021")
    assert on_one_line("MSc in Computer Science", "2013 – 2015")
    assert on_one_line("Certified Kubernetes Administrator", "May 2022")


@pytest.mark.parametrize("sample", ["hostile", "many_jobs", "full"])
@pytest.mark.parametrize("design", DESIGNS)
def test_no_word_crosses_the_page_margins(drawing_app, pdftotext, design, sample):  # noqa: F811
    pdf, margin_mm = render(drawing_app, design, "A4", sample)
    margin = margin_mm * POINTS_PER_MM
    outside = [(left, right, bottom) for width, height, words in pages(pdftotext, pdf, margin)
               for left, right, bottom in words
               if left < margin - 1 or right > width - margin + 1 or bottom > height - margin + 1]
    assert not outside
