"""A job seeker makes a tracked link for an application; the employer opens it logged out, sees
the version that was sent (not the later edit), downloads its PDF, and after revocation sees
nothing but a page saying the link no longer works."""
import copy
import io
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect

from tests.pdf_readers import pypdf_text
from website.extensions import db
from website.models import Application, User
from website.services import applications, photos, resumes

PHONE = {"width": 390, "height": 844}
CONTENT = {"basics": {"name": "Maria Kowalski", "label": "Payments Engineer"},
           "work": [{"position": "Engineer", "name": "Northwind Payments"}]}


def sent_application(app, user) -> int:
    """An application that sent Maria's resume, with her photo; return its id."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Payments roles", "modern", copy.deepcopy(CONTENT))
        image = io.BytesIO()
        Image.new("RGB", (300, 380), (120, 140, 170)).save(image, "PNG")
        photos.set_photo(resume, owner, resume.version, image.getvalue())
        return applications.create(owner, applications.Fields(company="Globex",
                                                               role="Platform Engineer"),
                                   status="applied", resume=resume).id


def edit_after_sending(app, application_id: int) -> None:
    with app.app_context():
        resume = db.session.get(Application, application_id).resume
        content = copy.deepcopy(resume.content)
        content["basics"]["label"] = "Chief Payments Officer"
        resumes.save(resume, resume.owner, resume.version, content=content)


def test_the_employer_opens_the_link_logged_out_until_it_is_revoked(
        page: Page, site, app, user, assert_accessible):
    application_id = sent_application(app, user)
    site.log_in(user.email)
    site.open(f"/applications/{application_id}/links")
    panel = page.get_by_role("region", name="Tracked links")
    panel.get_by_label("Show my photo").check()
    panel.get_by_role("button", name="Make a link").click()
    expect(page.get_by_role("status").first).to_contain_text("Made a new link")
    url = panel.get_by_label("Link 1").input_value()
    assert re.fullmatch(rf"{re.escape(site.base_url)}/a/[A-Za-z0-9_-]{{43}}", url)
    panel.get_by_role("button", name="Copy link 1").click()
    expect(panel.get_by_role("status").filter(has_text=re.compile("copied|Ctrl"))).to_have_count(1)
    edit_after_sending(app, application_id)
    site.log_out()

    page.set_viewport_size(PHONE)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resume of Maria Kowalski")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_text("Payments Engineer", exact=True)).to_be_visible()
    expect(frame.get_by_text("Chief Payments Officer")).to_have_count(0)
    expect(frame.get_by_role("img", name="Photo of Maria Kowalski")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download PDF").click()
    assert info.value.suggested_filename == "Maria-Kowalski-Resume.pdf"
    text = pypdf_text(Path(info.value.path()).read_bytes())
    assert "Payments Engineer" in text and "Chief Payments Officer" not in text

    page.set_viewport_size({"width": 1280, "height": 900})
    site.log_in(user.email)
    site.open(f"/applications/{application_id}/links")
    panel = page.get_by_role("region", name="Tracked links")
    expect(panel).to_contain_text("2 views")
    expect(panel).to_contain_text("Live")
    assert_accessible()
    panel.get_by_role("button", name="Revoke link 1").click()
    expect(page.get_by_role("status").first).to_contain_text("Revoked the link")
    expect(panel).to_contain_text("Revoked")
    expect(panel.get_by_role("button", name="Revoke link 1")).to_have_count(0)
    site.log_out()

    gone = page.goto(url)
    assert gone.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    expect(page.locator("body")).not_to_contain_text("Maria")
    expect(page.locator("iframe")).to_have_count(0)
