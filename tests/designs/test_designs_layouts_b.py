"""The executive, sidebar, timeline and academic designs: page counts, page edges and the order
their text comes out in."""
import re
import subprocess
from dataclasses import replace

import pytest

from tests import export_samples as samples
from tests.helpers import temporary_database
from website.models import Resume
from website.services import design_settings
from website.services.export import rendering

DESIGNS = ("executive", "sidebar", "timeline", "academic")
MM = 72 / 25.4  # PDF points per millimetre
WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)"')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """SQLite only: a design draws the same from either database, and these renders are slow."""
    with temporary_database("sqlite", tmp_path_factory) as url:
        yield url


def render(app, slug: str, content: dict, stored: dict | None = None, **settings) -> bytes:
    """Return the PDF of an unsaved resume in design `slug`: its stored settings (none by
    default, so the design's own), with `settings` changed."""
    with app.test_request_context():
        resume = Resume(title="Sample", design_slug=slug, design_settings=stored or {},
                        content=content)
        return rendering.render_pdf(rendering.RenderContext.of(
            resume, replace(design_settings.effective(resume), **settings)))


def run(args: list[str], pdf: bytes) -> str:
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode(
        "utf-8", "replace")


def pages(pdf: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", "-"], pdf), re.M).group(1))


def raw_text(pdf: bytes) -> str:
    """Return the text in content-stream order, pages joined by line breaks."""
    return run(["pdftotext", "-raw", "-", "-"], pdf).replace("\f", "\n")


def spaced(words: str) -> re.Pattern:
    """Match `words` however the extracted text wrapped them."""
    return re.compile(r"\s+".join(map(re.escape, words.split())))


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("slug", DESIGNS)
def test_a_nine_year_career_fits_on_two_pages(app, slug, page_size):
    assert pages(render(app, slug, samples.nine_years(), page_size=page_size)) <= 2


@pytest.mark.parametrize("sample", ["full", "hostile", "many_jobs", "empty"])
@pytest.mark.parametrize("slug", DESIGNS)
def test_no_text_runs_off_the_page(app, slug, sample):
    pdf = render(app, slug, samples.SAMPLES[sample]())
    boxes = run(["pdftotext", "-bbox", "-", "-"], pdf)
    for width, height, body in PAGE.findall(boxes):
        for x_min, y_min, x_max, y_max in WORD.findall(body):
            assert float(x_min) >= MM and float(x_max) <= float(width) - MM, (slug, sample)
            assert float(y_min) >= MM and float(y_max) <= float(height) - MM, (slug, sample)


def test_the_sidebar_reads_one_column_at_a_time(app):
    document = samples.nine_years()
    text = raw_text(render(app, "sidebar", document))
    assert "Maria Kowalski" in text.splitlines()[:2]
    # Every section's heading, then its own text, before the next heading: the sidebar (contact,
    # skills, short certificates, languages) whole, then the main column.
    parts = {
        "Contact": ["maria.kowalski@example.com", "+48 601 234 567", "github.com/mkowalski",
                    "linkedin.com/in/mariakowalski"],
        "Skills": [word for group in document["skills"] for word in group["keywords"]],
        "Certifications": [entry["name"] for entry in document["certificates"]],
        "Languages": ["Polish (Native)", "English (Fluent (C1))", "German (Conversational)"],
        "Summary": [document["basics"]["summary"]],
        "Experience": [line for job in document["work"]
                       for line in [job["name"], *job["highlights"]]],
        "Education": ["MSc in Computer Science", "BSc in Applied Mathematics"],
        "Projects": ["pg-outbox", "Kraków Go meetup"],
    }
    starts, position = [], 0
    for title in parts:
        heading = re.compile(rf"^{title}$", re.I | re.M).search(text, position)
        assert heading, f"{title} missing or out of order"
        starts.append(position := heading.end())
    ends = starts[1:] + [len(text)]
    for (title, texts), start, end in zip(parts.items(), starts, ends, strict=True):
        for part in texts:
            assert spaced(part).search(text, start, end), f"{part!r} outside {title}"


def test_the_sidebar_leaves_out_hidden_sections(app):
    pdf = render(app, "sidebar", samples.nine_years(),
                 hidden_sections=("skills", "languages"))
    text = raw_text(pdf)
    assert "Kubernetes, Terraform" not in text and "Conversational" not in text
    assert "Certified Kubernetes Administrator" in " ".join(text.split())


def test_the_academic_cv_lists_publications_first_and_numbered(app):
    text = " ".join(raw_text(render(app, "academic", samples.full())).split())
    assert text.upper().index("PUBLICATIONS") < text.upper().index("EXPERIENCE")
    assert "[1] Queues in Practice" in text


def test_the_academic_cv_keeps_a_resume_s_own_order(app):
    order = ["work", *[key for key in design_settings.SECTION_KEYS if key != "work"]]
    text = raw_text(render(app, "academic", samples.full(), {"section_order": order})).upper()
    assert text.index("EXPERIENCE") < text.index("PUBLICATIONS")


def test_a_sidebar_longer_than_the_story_goes_on_to_the_next_page(app):
    document = samples.nine_years()
    document["work"] = document["work"][:1]
    document["skills"] = [{"name": f"Group {n}", "keywords": [f"Skill{n}x{k}" for k in range(9)]}
                          for n in range(14)]
    pdf = render(app, "sidebar", document)
    text = raw_text(pdf)
    assert pages(pdf) == 2
    assert all(f"Skill{n}x{k}" in text for n in range(14) for k in range(9))
    assert "Conversational" in text  # the languages after the skills


@pytest.mark.parametrize("slug", DESIGNS)
def test_letter_spaced_headings_still_come_out_as_words(app, slug):
    # Wide letter-spacing makes extractors read "S U M M A RY", which no parser recognises.
    pdf = render(app, slug, samples.full())
    for text in (run(["pdftotext", "-", "-"], pdf), raw_text(pdf)):
        words = set(text.upper().split())
        assert {"SUMMARY", "EXPERIENCE", "EDUCATION", "PUBLICATIONS", "CERTIFICATIONS",
                "VOLUNTEERING", "REFERENCES"} <= words


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("slug", DESIGNS)
def test_contact_links_stay_on_one_line(app, slug, page_size):
    lines = raw_text(render(app, slug, samples.nine_years(), page_size=page_size)).splitlines()
    for link in ("linkedin.com/in/mariakowalski", "github.com/mkowalski", "mariakowalski.dev",
                 "maria.kowalski@example.com", "+48 601 234 567"):
        assert any(link in line for line in lines), link
