"""Every design x format downloaded from the manage page in Chromium, each file checked as the
program that opens it would; and the design gallery at phone width."""
import json
import re
import subprocess
from pathlib import Path

import docx
import jsonschema
import pytest
from playwright.sync_api import Page, expect

from tests import export_samples as samples
from tests.export_samples import SCHEMA
from tests.factories import make_resume
from tests.helpers import filled_fields
from website.services import designs, resume_document
from website.services.export import docx_styles, view

PHONE = {"width": 375, "height": 740}
TITLE = "Backend roles"
DATE_KEYS = {"startDate", "endDate", "date", "releaseDate"}  # shown as "Mar 2021", not raw


@pytest.fixture
def app_config() -> dict:
    return {"EXPORT_LIMIT": "1000 per minute"}  # sixteen downloads in a row


def squeezed(text: str) -> str:
    """`text` without white space, so wrapped lines still match what was typed."""
    return "".join(text.split())


def headings(content: dict) -> list[str]:
    """The section headings the resume shows, in order."""
    shown = [section.title for section in resume_document.SECTIONS if content[section.key]]
    return ["Summary", *shown] if content["basics"]["summary"] else shown


def use_template(page: Page, site, slug: str, name: str) -> None:
    """Switch the resume to `slug` from the template's gallery page, as a user does."""
    site.open(f"/templates/{slug}")
    page.get_by_label("Resume").select_option(label=TITLE)
    page.get_by_role("button", name="Use for this resume").click()
    expect(page.get_by_role("status")).to_contain_text(f"now uses the {name} template")


def download(page: Page, site, label: str) -> Path:
    """Click a download link of the resume on the manage page; return the saved file."""
    site.open("/resume/manage")
    if label != "PDF":  # a button on the card; the other formats are in its menu
        page.locator("details.card-menu summary").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Download {label} of “{TITLE}”").click()
    return Path(info.value.path())


# The sections the Sidebar design sets in its column, beside the others.
SIDEBAR_HEADINGS = {"Skills", "Languages", "Interests", "Certifications"}


def check_pdf(path: Path, content: dict, pdftotext_path: str, slug: str) -> None:
    text = subprocess.run([pdftotext_path, "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert content["basics"]["name"] in text
    lowered = text.lower()
    shown = headings(content)
    assert all(heading.lower() in lowered for heading in shown)
    in_order = [heading for heading in shown
                if slug != "sidebar" or heading not in SIDEBAR_HEADINGS]
    positions = [lowered.index(heading.lower()) for heading in in_order]
    assert positions == sorted(positions), f"headings out of order in {slug}"


def check_docx(path: Path, content: dict, slug: str) -> None:
    """The Word file has the name as its title and the PDF's headings, in the design's order
    (a design may set some sections first, as the Sidebar does its column's)."""
    word = docx.Document(str(path))
    assert word.paragraphs[0].style.name == "Title"
    assert word.paragraphs[0].text == content["basics"]["name"]
    first = [resume_document.SECTIONS_BY_KEY[key].title
             for key in docx_styles.LOOKS[slug].first_sections if content[key]]
    expected = first + [heading for heading in headings(content) if heading not in first]
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == expected


def check_json(path: Path, slug: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert data["basics"]["name"] == "Jane Doe"
    assert data["meta"]["resumeBuilder"]["template"] == slug  # the design travels with the file


def check_text(path: Path, content: dict) -> None:
    """Every typed text is in the file, addresses as the resume shows them (no scheme); a
    profile is shown by its address, so its network's name is not repeated. Case aside: a
    project's type, written "library" as JSON Resume does, starts a line as "Library"."""
    text = squeezed(path.read_text(encoding="utf-8")).casefold()
    networks = {profile["network"] for profile in content["basics"]["profiles"]}
    typed = [value for key, value in filled_fields(content)
             if isinstance(value, str) and key not in DATE_KEYS]  # dates are shown reformatted
    missing = [value for value in map(view.short_address, typed)
               if value not in networks and squeezed(value).casefold() not in text]
    assert not missing, f"fields missing from the text file: {missing}"


def test_every_template_downloads_in_every_format(page: Page, site, app, user, pdftotext):  # noqa: F811
    content = samples.full()
    make_resume(app, user, title=TITLE, design="minimal", content=content)
    site.log_in(user.email)
    for slug, name, *_ in designs.BUILT_IN:
        use_template(page, site, slug, name)
        check_pdf(download(page, site, "PDF"), content, pdftotext, slug)
        check_docx(download(page, site, "DOCX"), content, slug)
        check_text(download(page, site, "TXT"), content)
        check_json(download(page, site, "JSON"), slug)


def test_the_gallery_works_at_phone_width(page: Page, site, app, user, assert_accessible):
    make_resume(app, user, title=TITLE, content=samples.full())
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    site.open("/templates")
    pictures = page.get_by_role("img", name=re.compile(r"^A sample resume in the [\w ]+ template$"))
    expect(pictures).to_have_count(len(designs.BUILT_IN))
    for index in range(len(designs.BUILT_IN)):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("image => image.naturalWidth") > 0  # drawn, not broken
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible()

    page.get_by_role("link", name="Classic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Classic")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible()
    page.get_by_label("Resume").select_option(label=TITLE)
    page.get_by_role("button", name="Use for this resume").click()
    expect(page.get_by_role("status")).to_contain_text("now uses the Classic template")
    frame = page.frame_locator("iframe.resume-frame")
    expect(frame.locator("body.design-classic")).to_be_attached()
