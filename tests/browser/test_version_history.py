"""Version history in a real browser: find a good version, see what changed, get it back."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import Site
from website.extensions import db
from website.models import ResumeVersion, User
from website.services import resumes

PHONE = {"width": 375, "height": 740}


def stored_contents(app, resume_id: int) -> list[dict]:
    """Return the content of every version, oldest first."""
    with app.app_context():
        return [version.content for version in db.session.execute(
            db.select(ResumeVersion).where(ResumeVersion.resume_id == resume_id)
            .order_by(ResumeVersion.number)).scalars()]


def save_in_editor(site: Site, resume_id: int, section: str,
                   fields: dict[str, str | list[str]], button: str) -> None:
    """Fill fields of one editor page (without JavaScript) by their labels, a list one line
    each, and press its save button."""
    page = site.page
    site.open(f"/resume/{resume_id}/edit/{section}")
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(
            "\n".join(value) if isinstance(value, list) else value)
    site.submit(page.get_by_role("button", name=button))
    expect(page.get_by_role("status")).to_have_text("Saved.")


def version_items(page: Page):
    return page.get_by_role("list", name="Versions").get_by_role("listitem")


def test_find_compare_and_restore_an_earlier_version(no_js_site: Site, app, user):
    # Without JavaScript nothing autosaves between a form's fields, on however slow a machine:
    # each press of Save is exactly one version. The history pages have no script of their own.
    site, page = no_js_site, no_js_site.page
    site.log_in(user.email)
    page.get_by_role("link", name="Create your first resume").click()
    page.get_by_label("Title").fill("Backend roles")
    site.submit(page.get_by_role("button", name="Create resume"))
    resume_id = int(re.search(r"/resume/(\d+)/edit", page.url)[1])

    # Five edits, each a version: 2 to 6.
    save_in_editor(site, resume_id, "basics", {"Headline": "Backend Engineer"},
                   "Save personal info")
    save_in_editor(site, resume_id, "work", {
        "Position": "Engineer", "Company": "Acme Corp",
        "Highlights": ["Cut costs by 30%", "Led the move to Kubernetes"]}, "Save experience")
    save_in_editor(site, resume_id, "work", {
        "Highlights": ["Cut costs by 45%", "Led the move to Kubernetes"]}, "Save experience")
    save_in_editor(site, resume_id, "skills", {"Skill": "Docker"}, "Save skills")
    save_in_editor(site, resume_id, "basics", {"Headline": "Staff Engineer"},
                   "Save personal info")
    expect(page.get_by_text(re.compile(r"^Version 6 ·"))).to_be_visible()

    # The editor links to the history: six versions, newest first, each saying what changed.
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of “Backend roles”")
    expect(version_items(page)).to_have_count(6)
    expect(version_items(page).first).to_contain_text("Version 6")
    expect(version_items(page).first).to_contain_text("Edited Personal info (headline)")
    expect(version_items(page).last).to_contain_text("Created")

    # Compare the first with the last (the current one).
    page.get_by_role("link", name="Compare with current (version 1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Version 1 compared with version 6")
    changes = page.get_by_role("region", name="What changed").get_by_role("listitem")
    expect(changes).to_have_text(["Edited Personal info (headline)",
                                  "Added job Engineer, Acme Corp", "Added skill Docker"])
    experience = page.get_by_role("region", name="Experience")
    expect(experience.locator("ins").filter(has_text="Acme Corp")).to_be_visible()
    unchanged = page.locator("details").filter(has_text="Title and template: no changes")
    expect(unchanged.get_by_role("cell", name="Backend roles").first).to_be_hidden()
    unchanged.locator("summary").click()  # opens without any script
    expect(unchanged.get_by_role("cell", name="Backend roles").first).to_be_visible()

    # Pick two neighbours with the form: only the changed word is marked.
    page.get_by_label("Compare version").fill("3")
    page.get_by_label("with version").fill("4")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Version 3 compared with version 4")
    expect(page.locator("td del")).to_have_text(["[removed: 30]"])
    expect(page.locator("td ins")).to_have_text(["[added: 45]"])

    # Restore version 2 in two clicks: Restore, then confirm.
    page.get_by_role("link", name="Back to the history").click()
    page.get_by_role("link", name="Restore version 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Restore version 2 of “Backend roles”?")
    expect(page.get_by_role("region", name="What will change compared with the current "
                                           "version").get_by_role("listitem")).to_have_text(
        ["Edited Personal info (headline)", "Removed job Engineer, Acme Corp",
         "Removed skill Docker"])
    page.get_by_role("button", name="Restore version 2").click()

    expect(page.get_by_role("status")).to_have_text(
        "Restored version 2 as the new version 7. The versions in between are still in the "
        "history.")
    expect(version_items(page)).to_have_count(7)
    expect(version_items(page).first).to_contain_text(
        "Restored version 2; edited Personal info (headline); removed job Engineer, Acme Corp; "
        "removed skill Docker")
    contents = stored_contents(app, resume_id)
    assert len(contents) == 7 and contents[6] == contents[1]

    # Today's work is not lost: version 6 is still there, as it was.
    page.get_by_role("link", name="View version 6").click()
    expect(page.get_by_role("heading", name="Staff Engineer")).to_have_count(0)
    expect(page.get_by_text("Staff Engineer", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Engineer, Acme Corp")).to_be_visible()


def seed_history(app, user) -> int:
    """A resume with three versions, made through the service; return its id."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Backend roles", "classic", {
            "basics": {"name": "Jane Doe", "label": "Backend Engineer"},
            "work": [{"position": "Engineer", "name": "Acme Corp",
                      "highlights": ["Cut costs by 30%", "Led the move to Kubernetes"]},
                     {"position": "Intern", "name": "Initech"}]})
        content = resume.content
        resumes.save(resume, owner, 1, content={**content, "work": [
            {**content["work"][0], "highlights": ["Cut costs by 45%",
                                                  "Led the move to Kubernetes"]},
            content["work"][1]]})
        resumes.save(resume, owner, 2, design_slug="modern", content={
            **resume.content, "work": resume.content["work"][::-1],
            "skills": [{"name": "Docker"}]})
        return resume.id


def test_another_user_gets_404_on_every_version_url(page: Page, site, app, user, make_user):
    resume_id = seed_history(app, user)
    mallory = make_user(email="mallory@example.com", name="Mallory")
    site.log_in(mallory.email)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    for path in ("versions", "versions/1", "versions/compare?from=1&to=3",
                 "versions/1/restore"):
        response = site.open(f"/resume/{resume_id}/{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_text("Backend roles")).to_have_count(0)

    # Even with her own valid CSRF token, a restore is refused as not found.
    site.open("/resume/manage")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = page.request.post(site.url(f"/resume/{resume_id}/versions/1/restore"),
                                 form={"csrf_token": token, "base_version": "3"})
    assert response.status == 404
    assert len(stored_contents(app, resume_id)) == 3


def history_page(site, resume_id):
    site.open(f"/resume/{resume_id}/versions")
    return "History of “Backend roles”"


def version_page(site, resume_id):
    site.open(f"/resume/{resume_id}/versions/1")
    return "Version 1 of “Backend roles”"


def compare_page(site, resume_id):
    site.open(f"/resume/{resume_id}/versions/compare?from=1&to=3")
    return "Version 1 compared with version 3"


def compare_errors(site, resume_id):
    site.open(f"/resume/{resume_id}/versions/compare?from=2&to=2")
    expect(site.page.get_by_label("with version")).to_have_attribute("aria-invalid", "true")
    return "Compare versions"


def restore_confirmation(site, resume_id):
    site.open(f"/resume/{resume_id}/versions/1/restore")
    return "Restore version 1 of “Backend roles”?"


PAGES = [history_page, version_page, compare_page, compare_errors, restore_confirmation]


@pytest.mark.parametrize("open_page", PAGES, ids=lambda case: case.__name__.replace("_", "-"))
def test_version_pages_have_no_serious_accessibility_violations(page: Page, site, app, user,
                                                                assert_accessible, open_page):
    resume_id = seed_history(app, user)
    site.log_in(user.email)
    heading = open_page(site, resume_id)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    for details in page.locator("details").all():  # audit the collapsed parts too
        details.locator("summary").click()

    assert_accessible()


@pytest.mark.parametrize("open_page", PAGES, ids=lambda case: case.__name__.replace("_", "-"))
def test_version_pages_fit_a_phone(page: Page, site, app, user, open_page):
    resume_id = seed_history(app, user)
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    open_page(site, resume_id)
    for details in page.locator("details").all():
        details.locator("summary").click()
    # Nothing to scroll sideways to, even with two versions side by side.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_version_reads_like_a_resume(page: Page, site, app, user):
    with app.app_context():
        resume_id = resumes.create(db.session.get(User, user.id), "Backend roles", "modern", {
            "basics": {"name": "Jane Doe"},
            "education": [{"institution": "TU Berlin", "studyType": "MSc",
                           "area": "Computer Science", "startDate": "2015", "endDate": "2017"}]}).id
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/versions/1")

    title = page.get_by_role("heading", name="MSc in Computer Science, TU Berlin")
    dates = page.get_by_text("2015 – 2017", exact=True)
    expect(title).to_be_visible()
    assert abs(title.bounding_box()["y"] - dates.bounding_box()["y"]) < 8  # side by side
    expect(page.get_by_text("Field of study")).to_have_count(0)
