"""The public share page as a recruiter meets it: on a phone in every design, and as a PDF."""
import io
import subprocess

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests import export_samples as samples
from website.extensions import db
from website.models import Resume, User
from website.services import designs, photos, resumes, sharing

PHONE = {"width": 390, "height": 844}
NAME = "Maria Kowalski"

# The tops of the lines the name takes up, and whether it sits beside the photo.
NAME_LAYOUT = """() => {
  const name = document.querySelector('h1'), photo = document.querySelector('img');
  const range = document.createRange();
  range.selectNodeContents(name);
  const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
  const box = name.getBoundingClientRect(), picture = photo && photo.getBoundingClientRect();
  const beside = !!picture && picture.bottom > box.top && picture.top < box.bottom;
  return {lines: tops.size, beside};
}"""

# Text blocks that start further than a quarter of the screen from its left edge: a column the
# phone has no room for (dates placed beside a title are left out).
INDENTED = """() => [...document.querySelectorAll('main p:not(.entry-when), main ul')]
  .filter(block => block.getClientRects().length
          && block.getBoundingClientRect().left > innerWidth / 4)
  .map(block => block.className || block.textContent.slice(0, 30))"""


def share(app, user, design: str) -> str:
    """Share the nine-year sample in `design` with a photo; return its public path."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Platform roles", design, samples.nine_years())
        image = io.BytesIO()
        Image.new("RGB", (300, 380), (120, 140, 170)).save(image, "PNG")
        photos.set_photo(resume, owner, resume.version, image.getvalue())
        return "/r/" + sharing.share(db.session.get(Resume, resume.id)).token


@pytest.mark.parametrize("design", [design[0] for design in designs.BUILT_IN])
def test_the_shared_resume_fits_a_phone_in_every_design(page: Page, site, app, user, design):
    path = share(app, user, design)
    page.set_viewport_size(PHONE)

    site.open(path)

    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("img", name=f"Photo of {NAME}")).to_be_visible()
    document = page.frames[1]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert document.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert document.evaluate(NAME_LAYOUT) == {"lines": 1, "beside": False}
    assert document.evaluate(INDENTED) == []  # one column


def test_a_recruiter_downloads_the_pdf_from_a_phone(page: Page, site, app, user, assert_accessible,
                                                    pdftotext):  # noqa: F811
    path = share(app, user, "modern")
    page.set_viewport_size(PHONE)
    site.open(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Resume of {NAME}")
    assert_accessible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()

    assert info.value.suggested_filename == "Maria-Kowalski-Resume.pdf"
    text = subprocess.run([pdftotext, "-enc", "UTF-8", info.value.path(), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert NAME in text and "Northwind Payments" in text


def test_on_a_wide_screen_the_resume_sits_in_the_middle(page: Page, site, app, user):
    path = share(app, user, "classic")
    page.set_viewport_size({"width": 1600, "height": 900})

    site.open(path)

    frame = page.locator("iframe").bounding_box()
    assert frame["x"] == 0 and frame["width"] == 1600  # the whole window, not a column of it
    assert page.evaluate("document.documentElement.scrollHeight") <= 900  # only the frame scrolls
