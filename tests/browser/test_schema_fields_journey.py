"""The JSON Resume fields that say what an employer does and whom a project was for: filled in
the editor, they show in the live preview beside the form and stay after a save, on a wide
screen and at phone width."""
import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE
from website.extensions import db
from website.models import Resume, User
from website.services import resumes

WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def resume_id(app, user) -> int:
    """A short resume with one job and one project, neither with the fields yet."""
    with app.app_context():
        return resumes.create(db.session.get(User, user.id), "Backend roles", "modern", {
            "basics": {"name": "Jane Doe"},
            "work": [{"position": "Engineer", "name": "Acme Corp", "startDate": "2021-03"}],
            "projects": [{"name": "Cleaner Seas", "roles": ["Maintainer"]}]}).id


def content_of(app, resume_id: int) -> dict:
    with app.app_context():
        return db.session.get(Resume, resume_id).content


def test_what_the_employer_does_shows_under_the_job_as_it_is_typed(page: Page, site, user, app,
                                                                   resume_id, assert_accessible):
    page.set_viewport_size(WIDE)
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/edit/work")
    field = page.get_by_label("Company description")
    expect(page.get_by_text("What the employer does, in a few words")).to_be_visible()

    field.fill("Social media company")

    preview = page.frame_locator("#preview-frame")
    expect(preview.locator(".section-work .entry-about")).to_have_text("Social media company")
    site.submit(page.get_by_role("button", name="Save experience"))
    expect(page.get_by_label("Company description")).to_have_value("Social media company")
    assert content_of(app, resume_id)["work"][0]["description"] == "Social media company"
    assert_accessible()


def test_whom_a_project_was_for_and_its_kind_show_at_phone_width(page: Page, site, user, app,
                                                                 resume_id, assert_accessible):
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/edit/projects")

    page.get_by_label("Organization").fill("Greenpeace")
    page.get_by_label("Type", exact=True).fill("volunteering")
    site.submit(page.get_by_role("button", name="Save projects"))

    assert {key: content_of(app, resume_id)["projects"][0][key] for key in ("entity", "type")} \
        == {"entity": "Greenpeace", "type": "volunteering"}
    # Fields fit the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible()
    # At phone width the preview takes turns with the form; the frame holds the saved resume.
    expect(page.frame_locator("#preview-frame").locator(".section-projects .entry-about")) \
        .to_have_text("Greenpeace · Volunteering")
