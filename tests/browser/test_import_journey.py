"""Importing a resume file in a real browser: from the new-resume page to the upload, the review
(drop an entry, fix the name) and the editor; on a phone-sized screen, without axe problems."""
import json
import re

from playwright.sync_api import Page, expect

from website.extensions import db
from website.models import PendingImport, Resume, User
from website.services import resume_document, resumes
from website.services.export import files

PHONE = {"width": 375, "height": 740}
DOCUMENT = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "basics": {"name": "Thomas Edisn", "label": "Inventor", "email": "tom@edison.example",
               "location": {"city": "Menlo Park", "countryCode": "US"}},
    "work": [
        {"name": "Edison Illuminating", "position": "Founder", "startDate": "1880-12",
         "highlights": ["Lit 400 lamps in the first month", "Designed the three-wire system"]},
        {"name": "Western Union", "position": "Telegrapher", "startDate": "1863-03",
         "endDate": "1867"},
        {"name": "Nowhere Inc", "position": "Clerk", "startDate": "May"},  # a warning
    ],
    "skills": [{"name": "Telegraphy", "keywords": ["Morse"]}],
}


def check_accessible(page: Page, assert_accessible, where: str) -> None:
    """Fail on serious axe violations and on sideways scrolling at phone width."""
    assert_accessible(where, on=page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where


def stored(app) -> list[Resume]:
    with app.app_context():
        found = list(db.session.execute(db.select(Resume)).scalars())
        db.session.expunge_all()
        return found


def test_a_json_resume_file_is_reviewed_trimmed_and_opened_in_the_editor(
        page: Page, site, app, user, assert_accessible, tmp_path):
    path = tmp_path / "edison.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    page.set_viewport_size(PHONE)
    site.log_in(user.email)

    site.open("/resume/new")
    page.get_by_label("Title").fill("Edison, from my old file")
    page.get_by_label("Import a file").check()
    page.get_by_role("button", name="Create resume").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a resume")
    check_accessible(page, assert_accessible, "import page")

    page.get_by_label("Resume file").set_input_files(path)
    page.get_by_role("button", name="Read file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your import")
    assert stored(app) == []  # nothing before the user says so
    experience = page.get_by_role("region", name="Experience")
    expect(experience.locator(".import-warnings")).to_contain_text(
        "Clerk, Nowhere Inc: left out the start date “May”.")
    experience.get_by_text("2 highlights").click()  # the details open without JavaScript
    expect(experience.get_by_text("Designed the three-wire system")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Edison, from my old file")
    check_accessible(page, assert_accessible, "review page")

    page.get_by_label("Keep Telegrapher, Western Union").uncheck()
    page.get_by_label("Full name").fill("Thomas Edison")
    page.get_by_label("Email").fill("tom@")  # a slip first: shown next to the field
    page.get_by_role("button", name="Create resume").click()
    expect(page.locator("#email-error")).to_contain_text("Enter a valid email address")
    expect(page.get_by_label("Keep Telegrapher, Western Union")).not_to_be_checked()
    assert stored(app) == []
    check_accessible(page, assert_accessible, "review page with an error")

    page.get_by_label("Email").fill("tom@edison.example")
    page.get_by_role("button", name="Create resume").click()
    expect(page).to_have_url(re.compile(r"/resume/\d+/edit/basics$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Created “Edison, from my old file” from your file.")
    expect(page.get_by_label("Full name")).to_have_value("Thomas Edison")

    [resume] = stored(app)
    assert [job["name"] for job in resume.content["work"]] == ["Edison Illuminating",
                                                               "Nowhere Inc"]
    assert resume.content["skills"][0]["keywords"] == ["Morse"]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(PendingImport.id))).scalar_one() == 0


def test_discarding_an_import_leaves_nothing(page: Page, site, app, user, tmp_path):
    path = tmp_path / "edison.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    site.log_in(user.email)
    site.open("/resume/import")
    page.get_by_label("Resume file").set_input_files(path)
    page.get_by_role("button", name="Read file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your import")
    page.get_by_role("button", name="Discard import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a resume")
    expect(page.get_by_role("status")).to_contain_text("Discarded the import")
    assert stored(app) == []


def test_a_pdf_exported_from_here_comes_back_whole_in_its_design(page: Page, site, app, user,
                                                                 assert_accessible, tmp_path):
    with app.app_context():
        original = resumes.create(db.session.get(User, user.id), "Original", "classic",
                                  resume_document.normalize({"basics": DOCUMENT["basics"],
                                                             "work": DOCUMENT["work"][:2],
                                                             "skills": DOCUMENT["skills"]}))
        path = tmp_path / "Thomas Edisn.pdf"
        path.write_bytes(files.pdf(original))
        expected = original.content
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    site.open("/resume/import")
    page.get_by_label("Resume file").set_input_files(path)
    page.get_by_role("button", name="Read file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review your import")
    expect(page.get_by_text("(PDF exported from Resume Builder)")).to_be_visible()
    expect(page.get_by_label("Classic")).to_be_checked()
    expect(page.get_by_label("Keep Founder, Edison Illuminating")).to_be_checked()
    check_accessible(page, assert_accessible, "review of a PDF")
    page.get_by_label("Title", exact=True).fill("Back from the PDF")
    page.get_by_role("button", name="Create resume").click()
    expect(page).to_have_url(re.compile(r"/resume/\d+/edit/basics$"))

    back = next(r for r in stored(app) if r.title == "Back from the PDF")
    assert back.design_slug == "classic"
    assert back.content == expected


def test_a_file_over_the_upload_limit_is_explained_on_the_import_page(page: Page, site, app,
                                                                      user, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * app.config["MAX_CONTENT_LENGTH"])
    site.log_in(user.email)
    site.open("/resume/import")
    page.get_by_label("Resume file").set_input_files(path)
    page.get_by_role("button", name="Read file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import a resume")
    expect(page.locator("#file-error")).to_have_text(re.compile(
        r"^The file is larger than 8 MB, so it was not read\."))
    expect(page.get_by_label("Resume file")).to_have_attribute("aria-invalid", "true")


def test_the_button_says_the_file_is_being_read_and_cannot_send_it_twice(page: Page, site,
                                                                          user, tmp_path):
    path = tmp_path / "edison.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    site.log_in(user.email)
    site.open("/resume/import")
    page.get_by_label("Resume file").set_input_files(path)
    # The page stays where it is (as while a slow file is read), so what it shows can be seen.
    page.evaluate("""document.getElementById("import-form")
                       .addEventListener("submit", event => event.preventDefault())""")
    page.get_by_role("button", name="Read file").click()

    expect(page.get_by_role("button", name="Reading the file…")).to_be_disabled()
    expect(page.locator("#import-status")).to_have_text(
        "Reading the file. This takes a moment for a PDF.")
