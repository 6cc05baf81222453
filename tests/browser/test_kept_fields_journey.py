"""Fields the editor does not show (from an import or the API) stay with their entry while
the entries are moved, copied and edited in a real browser, and are saved back."""
from playwright.sync_api import Page, expect

from tests.browser.helpers import entry, headline, log_in_to_section
from tests.factories import JOBS
from tests.helpers import load
from website.extensions import db
from website.models import User
from website.services import resumes

# What another tool wrote beside the fields this site edits, one kind per job.
EXTRAS = [{"x-id": "job-acme", "x-team": {"name": "Core", "size": 6}},
          {"x-id": "job-globex", "x-tags": ["payments", 2017]},
          {"x-id": "job-initech"}]
ACME, GLOBEX, INITECH = (headline(job, "position", "name") for job in JOBS)


def test_moved_copied_and_edited_entries_keep_their_other_fields(page: Page, site, app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume_id = resumes.create(owner, "Imported", content={
            "basics": {"name": user.name, "x-pronouns": "she"},
            "work": [{**job, **extra} for job, extra in zip(JOBS, EXTRAS, strict=True)],
            "meta": {"canonical": "https://example.com/resume.json"}}).id
    log_in_to_section(site, user, resume_id, "work")

    entry(page, INITECH).get_by_role("button", name="Move up").click()
    entry(page, INITECH).get_by_role("button", name="Move up").click()
    entry(page, GLOBEX).get_by_role("button", name="Duplicate").click()
    page.locator("#entries-0-position").fill("Intern, then contractor")
    page.get_by_role("button", name="Save experience").click()
    expect(page.get_by_role("status").first).to_have_text("Saved.")

    content = load(app, resume_id).content
    assert [job["x-id"] for job in content["work"]] == [
        "job-initech", "job-acme", "job-globex", "job-globex"]
    assert content["work"][0]["position"] == "Intern, then contractor"
    assert content["work"][1]["x-team"] == {"name": "Core", "size": 6}
    assert content["work"][2]["x-tags"] == content["work"][3]["x-tags"] == ["payments", 2017]
    assert content["basics"]["x-pronouns"] == "she"
    assert content["meta"] == {"canonical": "https://example.com/resume.json"}
