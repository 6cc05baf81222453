"""Bad input: an empty resume, fifty jobs, 300-character words and addresses, right-to-left
scripts, emoji and every section hidden render in every design and format, keep every glyph on
the page and fetch nothing."""
import io
import logging

import docx
import pytest

from tests import export_samples as samples
from tests.pdf_readers import glyphs, pages, poppler_text
from tests.renderings import (
    DESIGNS,
    drawing_app,  # noqa: F401  (a fixture)
    flat,
    render,
    word_and_text,
    word_text,
)
from website.services.design_settings import SECTION_KEYS

pytestmark = pytest.mark.usefixtures("pdftotext")

BAD_INPUT = {
    "empty": (samples.empty, ()),
    "fifty_jobs": (samples.many_jobs, ()),
    "long_words": (samples.long_words, ()),
    "right_to_left": (samples.right_to_left, ()),
    "emoji": (samples.emoji, ()),
    "every_section_hidden": (samples.full, SECTION_KEYS),
}


def off_the_page(pdf: bytes) -> list[str]:
    """Return the glyphs of `pdf` that lie wholly or partly outside their page."""
    outside = []
    for number, page in enumerate(pages(pdf), start=1):
        for glyph in glyphs(page):
            if glyph.x0 < 0 or glyph.y0 < 0 or glyph.x1 > page.width or glyph.y1 > page.height:
                outside.append(f"page {number}: {glyph.get_text()!r} at "
                               f"({glyph.x0:.0f}, {glyph.y0:.0f})-({glyph.x1:.0f}, {glyph.y1:.0f})")
    return outside


@pytest.mark.parametrize("sample", BAD_INPUT)
@pytest.mark.parametrize("design", DESIGNS)
def test_bad_input_renders_in_every_format_on_the_page_fetching_nothing(
        drawing_app, caplog, design, sample):  # noqa: F811
    make, hidden = BAD_INPUT[sample]
    with caplog.at_level(logging.WARNING, logger="website.services.export.rendering"):
        drawn = render(drawing_app, design, make(), hidden)
        word, text = word_and_text(drawing_app, design, make(), hidden)

    name = flat(drawn.view.name)
    assert name in flat(text) and name in flat(word_text(word))
    assert docx.Document(io.BytesIO(word)).paragraphs
    assert poppler_text(drawn.pdf).strip(), "the PDF has no text"
    outside = off_the_page(drawn.pdf)
    assert not outside, f"{len(outside)} glyphs off the page, first: {outside[:3]}"
    refused = [record.getMessage() for record in caplog.records if "Refused" in record.getMessage()]
    assert not refused
