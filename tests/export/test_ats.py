"""ATS-proof by test: every design hands four sample resumes to four text extractors, as
applicant tracking systems read them, and every field the reader sees comes out whole, in
order, in plain characters."""
import re
import unicodedata
from collections.abc import Callable

import pytest

from tests import export_samples as samples
from tests.pdf_readers import EXTRACTORS, pdftotext_by_column, poppler_text
from tests.renderings import (
    DESIGNS,
    Rendering,
    drawing_app,  # noqa: F401  (a fixture)
    flat,
    render,
    word_and_text,
    word_text,
)
from website.services.export.view import ResumeView

pytestmark = pytest.mark.usefixtures("pdftotext")

# Designs whose pages have two columns side by side. `pdftotext -layout` keeps each printed line
# whole, so there the two columns share lines by nature: that mode alone reads such a page
# column by column (pdftotext's -x/-y/-W/-H crop) and checks each column's text. The other
# extractors must read them as they are.
TWO_COLUMNS = {"sidebar"}
LIGATURES = {chr(code) for code in range(0xFB00, 0xFB07)}
NAME_WITHIN_LINES = 3


@pytest.fixture(scope="session")
def renderings(drawing_app) -> Callable[[str, str], Rendering]:  # noqa: F811
    """`renderings(design, sample)`: each sample's PDF in each design, drawn once a run."""
    cache: dict[tuple[str, str], Rendering] = {}

    def get(design: str, sample: str) -> Rendering:
        if (design, sample) not in cache:
            cache[design, sample] = render(drawing_app, design, samples.ATS_SAMPLES[sample]())
        return cache[design, sample]
    return get


@pytest.fixture(scope="session")
def texts(renderings) -> Callable[[str, str, str], str]:
    """`texts(design, sample, extractor)`: each PDF's text by each extractor, read once a run."""
    cache: dict[tuple[str, str, str], str] = {}

    def get(design: str, sample: str, extractor: str) -> str:
        if (design, sample, extractor) not in cache:
            pdf = renderings(design, sample).pdf
            if extractor == "pdftotext-layout" and design in TWO_COLUMNS:
                text = pdftotext_by_column(pdf, "-layout")
            else:
                text = EXTRACTORS[extractor](pdf)
            cache[design, sample, extractor] = text
        return cache[design, sample, extractor]
    return get


def fields(resume: ResumeView) -> list[tuple[str, str]]:
    """Return (what, text) of every field the resume shows a reader."""
    shown = [("name", resume.name), ("label", resume.label), ("summary", resume.summary)]
    shown += [(f"contact {item.kind}", item.text) for item in resume.contact]
    for section in resume.sections:
        shown.append((f"{section.key} heading", section.title))
        for number, entry in enumerate(section.entries, start=1):
            where = f"{section.key} {number}"
            shown += [(f"{where} {what}", value) for what, value in (
                ("title", entry.title), ("subtitle", entry.subtitle), ("dates", entry.dates),
                ("location", entry.location), ("about", entry.about), ("note", entry.note),
                ("link", entry.link.text if entry.link else ""), ("summary", entry.summary))]
            shown += [(f"{where} bullet", bullet) for bullet in entry.bullets]
            shown += [(f"{where} keyword", keyword) for keyword in entry.keywords]
    return [(what, text) for what, text in shown if text.strip()]


def links(resume: ResumeView) -> list[str]:
    """Return the text of every web and mail link the resume shows."""
    shown = [item.text for item in resume.contact
             if item.href.startswith(("http", "mailto:"))]
    return shown + [entry.link.text for section in resume.sections for entry in section.entries
                    if entry.link]


def whole_link(link: str) -> re.Pattern:
    """Return a pattern of `link` standing alone: not the start of a longer address."""
    return re.compile(rf"(?<![\w/.@-]){re.escape(flat(link))}(?![\w/@-])")


def find_in_order(text: str, wanted: list[str]) -> str | None:
    """Return the first of `wanted` not found in `text` after the one before it, or None."""
    start = 0
    for item in wanted:
        found = text.find(flat(item), start)
        if found < 0:
            return item
        start = found + len(flat(item))
    return None


CASES = [(design, sample, extractor) for design in DESIGNS for sample in samples.ATS_SAMPLES
         for extractor in EXTRACTORS]
IDS = ["-".join(case) for case in CASES]


@pytest.mark.parametrize("design, sample, extractor", CASES, ids=IDS)
def test_every_visible_field_comes_out_whole(renderings, texts, design, sample,
                                             extractor):
    resume, text = renderings(design, sample).view, flat(texts(design, sample, extractor))

    missing = [f"{what}: {value!r}" for what, value in fields(resume) if flat(value) not in text]

    assert not missing, "not found whole in the text:\n" + "\n".join(missing)


@pytest.mark.parametrize("design, sample, extractor", CASES, ids=IDS)
def test_entries_and_bullets_come_in_document_order(renderings, texts, design, sample,
                                                    extractor):
    resume, text = renderings(design, sample).view, flat(texts(design, sample, extractor))

    out_of_order = {}
    for section in resume.sections:
        # Each entry's title, then its bullets, after the section's heading: the dates and
        # place of an entry may come before or after its title (they are aligned right).
        wanted = [section.title] + [text for entry in section.entries
                                    for text in (entry.title, *entry.bullets)]
        if (first_wrong := find_in_order(text, wanted)) is not None:
            out_of_order[section.key] = first_wrong

    assert not out_of_order, f"missing or out of order, by section: {out_of_order}"


@pytest.mark.parametrize("design, sample, extractor", CASES, ids=IDS)
def test_text_has_no_ligatures_private_characters_or_cids(texts, design, sample,
                                                          extractor):
    text = texts(design, sample, extractor)

    odd = sorted({f"U+{ord(char):04X}" for char in text
                  if char in LIGATURES or unicodedata.category(char) == "Co" or char == "\ufffd"})

    assert not odd, f"characters an ATS cannot read: {odd}"
    assert "(cid:" not in text


@pytest.mark.parametrize("design, sample, extractor", CASES, ids=IDS)
def test_no_link_is_broken_across_lines(renderings, texts, design, sample, extractor):
    resume = renderings(design, sample).view
    lines = [flat(line) for line in texts(design, sample, extractor).splitlines()]

    broken = [link for link in links(resume)
              if not any(whole_link(link).search(line) for line in lines)]

    assert not broken, f"links not on one line: {broken}"


@pytest.mark.parametrize("design, sample, extractor", CASES, ids=IDS)
def test_the_name_comes_first(renderings, texts, design, sample, extractor):
    resume = renderings(design, sample).view
    lines = [line for line in texts(design, sample, extractor).splitlines() if line.strip()]

    assert flat(resume.name) in flat(" ".join(lines[:NAME_WITHIN_LINES])), lines[:5]


HIDDEN = ("references", "interests")
HIDDEN_TEXTS = ("References", "Interests", "John Roe", "Jane is a great colleague.", "Climbing",
                "Bouldering")


@pytest.mark.parametrize("design", DESIGNS)
def test_hidden_sections_are_in_no_format(drawing_app, design):  # noqa: F811
    pdf = render(drawing_app, design, samples.full(), HIDDEN).pdf
    word, text = word_and_text(drawing_app, design, samples.full(), HIDDEN)

    formats = {"PDF": flat(poppler_text(pdf)), "DOCX": flat(word_text(word)),
               "text": flat(text)}

    assert all("jane doe" in content and "engineer of the year" in content
               for content in formats.values())
    shown = {name: [hidden for hidden in HIDDEN_TEXTS if flat(hidden) in content]
             for name, content in formats.items()}
    assert not any(shown.values()), f"hidden sections' text shown: {shown}"
