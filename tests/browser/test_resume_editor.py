"""The resume editor and manage pages in a real browser, used the way a new user would.

A new user signs up, creates a resume and fills two pages' worth of it through the section
forms, reorders jobs with the Move buttons, uploads a photo and checks every save
left a version. Further tests cover Enter in a field, bad dates, two tabs, duplicate/trash,
other users' URLs, a phone-width editor and axe audits of the new pages.
"""
import re
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import (
    PHONE,
    Site,
    entry,
    fill_lines,
    filled,
    headline,
    log_in_to_dashboard,
    log_in_to_section,
    status,
)
from tests.factories import JOBS, jpeg_bytes, seed_resume
from tests.helpers import PASSWORD, deliver_queued, email_notifications, load, versions
from website.extensions import db
from website.models import Resume, User
from website.services import resume_document, resumes
from website.services.export import view

NOTHING_SAVED = "Nothing was saved: please correct the fields marked below."
STALE = "changed in another tab"

# What the new user types, by JSON Resume key; the labels are the ones the form shows.
BASICS_LABELS = {"name": "Full name", "label": "Headline", "email": "Email", "phone": "Phone",
                 "url": "Website", "summary": "Summary"}
LOCATION_LABELS = {"city": "City", "countryCode": "Country code"}
PROFILE_LABELS = {"network": "Network", "username": "Username", "url": "Profile URL"}
LABELS = {
    "work": {"position": "Position", "name": "Company", "location": "Location", "url": "Website",
             "startDate": "Start date", "endDate": "End date", "summary": "Summary",
             "highlights": "Highlights"},
    "education": {"institution": "Institution", "area": "Field of study", "studyType": "Degree",
                  "startDate": "Start date", "endDate": "End date", "score": "Grade",
                  "url": "Website", "courses": "Courses"},
    "projects": {"name": "Name", "description": "Description", "url": "Website",
                 "startDate": "Start date", "endDate": "End date", "highlights": "Highlights",
                 "keywords": "Keywords", "roles": "Roles"},
    "skills": {"name": "Skill", "level": "Level", "keywords": "Keywords"},
    "certificates": {"name": "Name", "issuer": "Issuer", "date": "Date", "url": "Website"},
}
# Section key -> (tab name, legend of a blank entry, add button, save button).
SECTION_UI = {
    "work": ("Experience", "New job", "Add a job", "Save experience"),
    "education": ("Education", "New school", "Add a school", "Save education"),
    "projects": ("Projects", "New project", "Add a project", "Save projects"),
    "skills": ("Skills", "New skill", "Add a skill", "Save skills"),
    "certificates": ("Certifications", "New certificate", "Add a certificate",
                     "Save certifications"),
}

BASICS = {
    "name": "Jane Doe",
    "label": "Senior Backend Engineer",
    "email": "jane@example.com",
    "phone": "+49 30 1234567",
    "url": "https://jane.example.dev",
    "summary": ("Backend engineer with ten years of building payment and logistics systems in "
                "Python and Go. I like turning slow, fragile services into fast, boring ones, "
                "and helping teams ship small changes often.\nLooking for a staff role in a "
                "product team that cares about reliability."),
}
LOCATION = {"city": "Berlin", "countryCode": "DE"}
PROFILE = {"network": "GitHub", "username": "janedoe", "url": "https://github.com/janedoe"}
SCHOOLS = [
    {"institution": "Technical University of Munich", "area": "Computer Science",
     "studyType": "MSc", "startDate": "2012-10", "endDate": "2014-09", "score": "1.3",
     "url": "https://www.tum.de",
     "courses": ["Distributed Systems", "Database Systems", "Compiler Construction"]},
    {"institution": "University of Hamburg", "area": "Informatics", "studyType": "BSc",
     "startDate": "2009-10", "endDate": "2012-09", "score": "1.7", "url": "",
     "courses": ["Algorithms and Data Structures", "Operating Systems"]},
]
PROJECTS = [
    {"name": "ledgerlite", "description": "A double-entry ledger library for Python.",
     "url": "https://github.com/janedoe/ledgerlite", "startDate": "2019", "endDate": "",
     "highlights": ["1,200 stars on GitHub", "Used in production by three fintechs"],
     "keywords": ["Python", "PostgreSQL", "Accounting"], "roles": ["Author", "Maintainer"]},
    {"name": "tidyroutes", "description": "Route optimisation experiments in Go.",
     "url": "https://github.com/janedoe/tidyroutes", "startDate": "2018-02",
     "endDate": "2018-11", "highlights": ["Solved 10,000-stop instances in under a minute"],
     "keywords": ["Go", "Operations research"], "roles": ["Author"]},
]
SKILLS = [
    {"name": "Python", "level": "Expert", "keywords": ["Flask", "SQLAlchemy", "asyncio"]},
    {"name": "Go", "level": "Advanced", "keywords": ["gRPC", "Concurrency"]},
    {"name": "PostgreSQL", "level": "Advanced", "keywords": ["Query tuning", "Replication"]},
    {"name": "Cloud", "level": "Advanced", "keywords": ["Kubernetes", "Terraform", "AWS"]},
]
CERTIFICATES = [
    {"name": "Certified Kubernetes Administrator", "issuer": "CNCF", "date": "2022-05",
     "url": "https://www.cncf.io/certification/cka/"},
    {"name": "AWS Certified Solutions Architect", "issuer": "Amazon Web Services",
     "date": "2020-11", "url": ""},
]
ENTRIES = {"work": JOBS, "education": SCHOOLS, "projects": PROJECTS, "skills": SKILLS,
           "certificates": CERTIFICATES}


# ----------------------------------------------------------------------------- helpers


def fill_labelled(scope: Locator | Page, labels: dict, values: dict) -> None:
    """Fill fields by their labels; a list goes into a lines field, one item per line."""
    for key, label in labels.items():
        if isinstance(values.get(key), list):
            fill_lines(scope.get_by_role("group", name=label, exact=True), values[key])
        elif key in values:
            scope.get_by_label(label, exact=True).fill(values[key])


def shown_heading(section: str, values: dict) -> str:
    """The heading a design gives an entry: "MSc in Computer Science, Technical University"."""
    fields = resume_document.SECTIONS_BY_KEY[section].fields
    entry = view.SHAPERS[section](resume_document.clean_entry(values, fields))
    return ", ".join(part for part in (entry.title, entry.subtitle) if part)


HEADLINE_KEYS = {"work": ("position", "name"), "education": ("institution", "studyType"),
                 "projects": ("name",), "skills": ("name",), "certificates": ("name", "issuer")}


def sign_up(page: Page, site: Site, app, name: str, email: str) -> None:
    """Sign up, then open the link the sign-up email carries and finish there."""
    site.open("/signup")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    deliver_queued(app)
    [email] = [row for row in email_notifications(app) if row.kind == "signup_link"]
    site.open(re.search(r"http://[^/\s]+(/signup/confirm/\S+)", email.body_text).group(1))
    page.get_by_role("button", name="Create my account").click()
    expect(status(page)).to_contain_text(f"Welcome, {name}!")


def open_section(page: Page, tab: str) -> None:
    # Waiting for the page to load, not a few seconds for the heading: a loaded machine can take
    # longer than that to answer, and the editor's modules run before "load" (a click sooner
    # would use the no-JavaScript buttons, which save at once instead of moving in the page).
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("navigation", name="Resume sections").get_by_role(
            "link", name=tab).click()
    expect(page.get_by_role("heading", level=2, name=tab, exact=True)).to_be_visible()


def expect_version(page: Page, number: int) -> None:
    expect(page.get_by_text(re.compile(rf"^Version {number} ·"))).to_be_visible()


def expect_newer_version(page: Page, than: int) -> int:
    """Return the version the page shows after a save that changed something: newer than
    `than` (autosaves while typing may have taken numbers, coalesced into one version)."""
    shown = page.get_by_text(re.compile(r"^Version \d+ ·"))
    expect(shown).to_be_visible()
    number = int(re.match(r"Version (\d+)", shown.inner_text())[1])
    assert number > than
    return number


def expect_field_error(field: Locator, message: str) -> None:
    """The field is marked invalid and its error, tied to it by aria-describedby, follows it."""
    expect(field).to_have_attribute("aria-invalid", "true")
    error = field.locator("xpath=following-sibling::div[contains(@class, 'invalid-feedback')]")
    expect(error).to_have_text(message)
    expect(error).to_be_visible()
    error_id = error.get_attribute("id")
    assert error_id, "the error message has no id to be referenced by"
    assert error_id in (field.get_attribute("aria-describedby") or "").split()
    expect(field).to_have_accessible_description(re.compile("^" + re.escape(message)))


# ----------------------------------------------------------------------------- 1. the journey

def test_new_user_fills_a_two_page_resume_and_every_save_is_a_version(page: Page, site, app,
                                                                      tmp_path):
    sign_up(page, site, app, BASICS["name"], BASICS["email"])
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("link", name="Create your first resume").click()

    # /resume/new: a title and a starting template.
    expect(page).to_have_url(site.url("/resume/new"))
    page.get_by_label("Title").fill("Backend roles 2026")
    page.get_by_label("Classic").check()
    site.submit(page.get_by_role("button", name="Create resume"))
    expect(status(page)).to_have_text(
        "Created “Backend roles 2026”. Start with your personal info.")
    expect(page).to_have_url(re.compile(r"/resume/\d+/edit/basics$"))
    resume_id = int(re.search(r"/resume/(\d+)/", page.url)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Editing “Backend roles 2026”")
    version = 1
    expect_version(page, version)
    # The new resume starts with the user's name and email.
    expect(page.get_by_label("Full name", exact=True)).to_have_value(BASICS["name"])
    expect(page.get_by_label("Email", exact=True)).to_have_value(BASICS["email"])

    # Personal info, location and a GitHub profile.
    fill_labelled(page, BASICS_LABELS, BASICS)
    fill_labelled(page, LOCATION_LABELS, LOCATION)
    fill_labelled(entry(page, "New profile"), PROFILE_LABELS, PROFILE)
    site.submit(page.get_by_role("button", name="Save personal info"))
    expect(status(page)).to_have_text("Saved.")
    version = expect_newer_version(page, version)
    expect(page.get_by_label("Headline", exact=True)).to_have_value(BASICS["label"])
    expect(entry(page, "GitHub, janedoe").get_by_label("Profile URL")).to_have_value(PROFILE["url"])

    # Saving again without a change writes no version.
    site.submit(page.get_by_role("button", name="Save personal info"))
    expect(status(page)).to_have_text("No changes to save.")
    expect_version(page, version)

    # A photo through the file input: it is shown on the page.
    photo = tmp_path / "me.jpg"
    photo.write_bytes(jpeg_bytes())
    upload_photo(page, photo)
    version = expect_newer_version(page, version)

    # Each list section: "Add a ..." saves and gives a new blank entry block.
    for section, values in ENTRIES.items():
        tab, blank, add, save = SECTION_UI[section]
        open_section(page, tab)
        for index, item in enumerate(values):
            block = entry(page, blank)
            expect(block).to_have_count(1)
            fill_labelled(block, LABELS[section], item)
            if index < len(values) - 1:
                site.submit(page.get_by_role("button", name=add))
                expect(status(page)).to_have_text("Saved. Fill in the new entry below.")
            else:
                site.submit(page.get_by_role("button", name=save))
                expect(status(page)).to_have_text("Saved.")
            version = expect_newer_version(page, version)
        names = [headline(item, *HEADLINE_KEYS[section]) for item in values]
        expect(page.locator("#entries fieldset legend")).to_have_text(names)

    # Reorder the jobs: Acme down one place, then Initech up one: Globex, Initech, Acme. The
    # moves happen in the page; saving keeps them.
    open_section(page, "Experience")
    acme, globex, initech = (headline(job, "position", "name") for job in JOBS)
    entry(page, acme).get_by_role("button", name="Move down").click()
    expect(page.locator("#entries fieldset legend")).to_have_text([globex, acme, initech])
    entry(page, initech).get_by_role("button", name="Move up").click()
    expect(page.locator("#entries fieldset legend")).to_have_text([globex, initech, acme])
    site.submit(page.get_by_role("button", name="Save experience"))
    expect(status(page)).to_have_text("Saved.")
    expect(page.locator("#entries fieldset legend")).to_have_text([globex, initech, acme])
    version = expect_newer_version(page, version)

    # The preview shows everything, the jobs in their new order.
    page.get_by_role("link", name="Design").click()
    expect(page).to_have_url(site.url(f"/resume/{resume_id}/preview"))
    document = page.frame_locator("iframe.resume-frame")  # the design, exactly as in the PDF
    expect(document.get_by_role("heading", level=1)).to_have_text(BASICS["name"])
    expect(document.get_by_text(BASICS["label"], exact=True)).to_be_visible()
    experience = document.get_by_role("region", name="Experience")
    expect(experience.get_by_role("heading", level=3)).to_have_text([globex, initech, acme])
    for highlight in JOBS[0]["highlights"]:
        expect(experience.get_by_role("listitem").filter(has_text=highlight)).to_be_visible()
    for section in ("education", "projects", "certificates"):
        region = document.get_by_role("region", name=SECTION_UI[section][0])
        expect(region.get_by_role("heading", level=3)).to_have_text(
            [shown_heading(section, item) for item in ENTRIES[section]])
    skills = document.get_by_role("region", name=SECTION_UI["skills"][0])
    expect(skills.locator(".group-name")).to_have_text(
        [re.compile(re.escape(item["name"])) for item in ENTRIES["skills"]])
    expect(document.get_by_role("link", name=view.short_address(PROFILE["url"]),
                                exact=True)).to_be_visible()

    # Every save that changed something left a version (the autosaves of one burst of typing
    # share one), each different from the one before; the newest is the resume.
    resume = load(app, resume_id)
    rows = versions(app, resume_id)
    numbers = [row.number for row in rows]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    assert all((a.content, a.design_settings) != (b.content, b.design_settings)
               for a, b in pairwise(rows))
    assert resume.version == version == numbers[-1]
    assert rows[-1].content == resume.content
    assert rows[-1].design_settings == resume.design_settings
    assert rows[-1].title == resume.title == "Backend roles 2026"
    assert resume.design_slug == "classic"
    content = resume.content
    saved_basics = {k: content["basics"][k] for k in BASICS}
    assert saved_basics == BASICS
    assert {k: content["basics"]["location"][k] for k in LOCATION} == LOCATION
    assert content["basics"]["profiles"] == [PROFILE]
    assert filled(content["work"]) == filled([JOBS[1], JOBS[2], JOBS[0]])
    for section in ("education", "projects", "skills", "certificates"):
        assert filled(content[section]) == filled(ENTRIES[section]), section


def upload_photo(page: Page, path: Path) -> None:
    """Upload a photo through the Personal info page's file input; it is displayed."""
    page.get_by_label("Photo (JPEG, PNG or WebP, up to 5 MB)").set_input_files(path)
    page.get_by_role("button", name="Upload photo").click()
    expect(status(page)).to_have_text("Photo saved.")
    image = page.get_by_role("img", name="Your resume photo")
    expect(image).to_be_visible()
    page.wait_for_function("image => image.complete && image.naturalWidth > 0",
                           arg=image.element_handle())
    assert image.evaluate("image => image.naturalWidth") > 0


# ----------------------------------------------------------------------------- 2. Enter

def test_enter_in_a_field_of_an_entry_saves_without_moving_or_removing(page: Page, site, app,
                                                                       user):
    resume_id = seed_resume(app, user)
    log_in_to_section(site, user, resume_id, "work")
    legends = page.locator("#entries fieldset legend")
    names = [headline(job, "position", "name") for job in JOBS]
    expect(legends).to_have_text(names)

    location = entry(page, names[1]).get_by_label("Location")
    location.fill("Hamburg and remote")
    location.press("Enter")

    expect(status(page)).to_have_text("Saved.")
    expect(legends).to_have_text(names)
    expect(entry(page, names[1]).get_by_label("Location")).to_have_value("Hamburg and remote")
    work = load(app, resume_id).content["work"]
    assert [job["position"] for job in work] == [job["position"] for job in JOBS]
    assert work[1]["location"] == "Hamburg and remote"
    assert len(versions(app, resume_id)) == 2


# ----------------------------------------------------------------------------- 3. bad input

def test_bad_dates_show_errors_by_the_fields_keep_the_input_and_save_nothing(page: Page, site,
                                                                            app, user):
    resume_id = seed_resume(app, user)
    before = load(app, resume_id).content
    log_in_to_section(site, user, resume_id, "work")
    acme, globex, _ = (headline(job, "position", "name") for job in JOBS)

    first = entry(page, acme)
    first.get_by_label("Summary").fill("A summary typed just now.")
    first.get_by_label("End date").fill("2019-05")  # starts 2021-03
    second = entry(page, globex)
    second.get_by_label("Start date").fill("March 2016")
    second.get_by_label("Company", exact=True).fill("Globex International")
    page.get_by_role("button", name="Save experience").click()

    expect(page.get_by_role("alert")).to_have_text(NOTHING_SAVED)
    first, second = entry(page, acme), entry(page, "Senior Engineer, Globex International")
    expect_field_error(first.get_by_label("End date"),
                       "The end date is before the start date.")
    expect_field_error(second.get_by_label("Start date"),
                       "Use the form YYYY, YYYY-MM or YYYY-MM-DD, with a real date.")
    expect(page.locator("[aria-invalid=true]")).to_have_count(2)
    # Everything typed is still on screen, the wrong values included.
    expect(first.get_by_label("Summary")).to_have_value("A summary typed just now.")
    expect(first.get_by_label("End date")).to_have_value("2019-05")
    expect(second.get_by_label("Start date")).to_have_value("March 2016")
    expect(second.get_by_label("Company", exact=True)).to_have_value("Globex International")
    expect(page.locator("#entries fieldset")).to_have_count(len(JOBS))

    assert load(app, resume_id).content == before
    assert len(versions(app, resume_id)) == 1


# ----------------------------------------------------------------------------- 4. two tabs

def test_a_second_tab_cannot_overwrite_the_first_tabs_save(page: Page, site, app, user,
                                                           browser_problems):
    resume_id = seed_resume(app, user)
    acme = headline(JOBS[0], "position", "name")
    log_in_to_section(site, user, resume_id, "work")
    second_tab = page.context.new_page()
    browser_problems.watch(second_tab)
    second_tab.goto(site.url(f"/resume/{resume_id}/edit/work"))
    expect(second_tab.get_by_role("heading", level=2, name="Experience")).to_be_visible()

    entry(page, acme).get_by_label("Position").fill("Principal Engineer")
    page.get_by_role("button", name="Save experience").click()
    expect(status(page)).to_have_text("Saved.")

    entry(second_tab, acme).get_by_label("Location").fill("Berlin and Lisbon")
    entry(second_tab, acme).get_by_label("Summary").fill("Written in the second tab.")
    # The save itself, not a preview or autosave the typing above may have sent meanwhile.
    saving = f"/resume/{resume_id}/edit/work"
    with second_tab.expect_response(lambda r: r.request.method == "POST"
                                    and r.url.endswith(saving)) as posted:
        second_tab.get_by_role("button", name="Save experience").click()
    assert posted.value.status == 409
    alert = second_tab.get_by_role("alert")
    expect(alert).to_contain_text(STALE)
    expect(alert.get_by_role("link", name="Load the latest version")).to_be_visible()
    # The second tab's input is still there to copy from.
    expect(second_tab.locator("#entry-0").get_by_label("Location")).to_have_value(
        "Berlin and Lisbon")
    expect(second_tab.locator("#entry-0").get_by_label("Summary")).to_have_value(
        "Written in the second tab.")

    work = load(app, resume_id).content["work"]
    assert work[0]["position"] == "Principal Engineer"
    assert work[0]["location"] == JOBS[0]["location"]
    assert work[0]["summary"] == JOBS[0]["summary"]
    assert len(versions(app, resume_id)) == 2

    # Loading the latest version shows the first tab's change.
    alert.get_by_role("link", name="Load the latest version").click()
    expect(entry(second_tab, "Principal Engineer, Acme Corp")).to_be_visible()
    second_tab.close()


# ----------------------------------------------------------------------------- 5. manage page

def resume_card(page: Page, title: str) -> Locator:
    return page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=2, name=title, exact=True))


def open_menu(page: Page, title: str) -> Locator:
    """Open the "More" menu of the resume's card; return the menu."""
    menu = resume_card(page, title).locator("details.card-menu")
    menu.locator("summary").click()
    return menu


def test_duplicate_delete_restore_and_delete_forever(page: Page, site, app, user):
    resume_id = seed_resume(app, user, edits=2)
    history = len(versions(app, resume_id))
    assert history == 3
    site.log_in(user.email)
    site.open("/resume/manage")
    expect(page.get_by_role("heading", level=2)).to_have_text(["Backend roles"])

    # Duplicate, from the card's menu: the copy appears and previews the same content.
    open_menu(page, "Backend roles").get_by_role("button", name="Duplicate “Backend roles”")\
        .click()
    expect(status(page)).to_have_text("Created “Copy of Backend roles”.")
    expect(resume_card(page, "Copy of Backend roles")).to_be_visible()
    expect(resume_card(page, "Backend roles")).to_be_visible()
    open_menu(page, "Backend roles").get_by_role("link", name="Preview and design “Backend roles”")\
        .click()
    expect(page.frame_locator("iframe.resume-frame").get_by_text(JOBS[0]["highlights"][0]))\
        .to_be_visible()
    # The text itself: inner_text also depends on whether the stylesheet that hides the field
    # labels has applied yet, which is a matter of timing.
    original = page.frame_locator("iframe.resume-frame").locator("main").text_content()
    page.go_back()
    open_menu(page, "Copy of Backend roles").get_by_role(
        "link", name="Preview and design “Copy of Backend roles”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Editing “Copy of Backend roles”")
    expect(page).to_have_title(re.compile("^Design and settings: Copy of Backend roles"))
    copy = page.frame_locator("iframe.resume-frame")
    expect(copy.get_by_text(JOBS[0]["highlights"][0])).to_be_visible()
    assert copy.locator("main").text_content() == original
    site.open("/resume/manage")

    # Delete: it leaves the list and the message leads to the trash.
    open_menu(page, "Backend roles").get_by_role("button", name="Delete").click()
    expect(status(page)).to_contain_text("Moved “Backend roles” to the trash.")
    expect(resume_card(page, "Backend roles")).to_have_count(0)
    expect(page.get_by_role("heading", level=2)).to_have_text(["Copy of Backend roles"])
    status(page).get_by_role("link", name="Open the trash").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trash")
    expect(page.get_by_role("heading", level=2)).to_have_text(["Backend roles"])

    # Restore: back on the manage page with its whole history.
    page.get_by_role("button", name="Restore “Backend roles”").click()
    expect(status(page)).to_have_text("Restored “Backend roles”.")
    expect(resume_card(page, "Backend roles")).to_be_visible()
    assert len(versions(app, resume_id)) == history
    resume_card(page, "Backend roles").get_by_role("link", name="Edit").click()
    expect_version(page, history)

    # Delete forever goes through a confirmation page that says what is lost.
    site.open("/resume/manage")
    open_menu(page, "Backend roles").get_by_role("button", name="Delete").click()
    status(page).get_by_role("link", name="Open the trash").click()
    page.get_by_role("link", name="Delete forever “Backend roles”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Backend roles” forever?")
    expect(page.get_by_text(f"its whole history of {history} versions")).to_be_visible()
    page.get_by_role("button", name="Delete forever").click()
    expect(status(page)).to_have_text("Deleted “Backend roles” and its history for good.")
    expect(page.get_by_text("The trash is empty.")).to_be_visible()
    assert load(app, resume_id) is None
    assert versions(app, resume_id) == []
    site.open("/resume/manage")
    expect(page.get_by_role("heading", level=2)).to_have_text(["Copy of Backend roles"])


# ----------------------------------------------------------------------------- 6. other users

def test_another_user_gets_not_found_for_every_url_of_the_resume(page: Page, site, app, user,
                                                                 make_user, new_context,
                                                                 browser_problems):
    resume_id = seed_resume(app, user, photo=True)
    photo_id = load(app, resume_id).design_settings["photo_id"]
    urls = [f"/resume/{resume_id}/edit", f"/resume/{resume_id}/preview",
            f"/resume/{resume_id}/edit/basics", f"/resume/{resume_id}/edit/work",
            f"/resume/{resume_id}/photos/{photo_id}"]

    # The owner reaches every one of them (the photo is fetched, not opened as a page).
    log_in_to_dashboard(site, user)
    for url in urls[:-1]:
        response = site.open(url)
        assert response is not None and response.status == 200, url
    photo = page.request.get(site.url(urls[-1]))
    assert photo.status == 200 and photo.headers["content-type"] == "image/jpeg"

    other = make_user(email="mallory@example.com", name="Mallory")
    intruder = new_context().new_page()
    browser_problems.watch(intruder)
    intruder_site = Site(site.base_url, intruder)
    log_in_to_dashboard(intruder_site, other)
    for url in urls:
        response = intruder_site.open(url)
        assert response is not None and response.status == 404, url
        expect(intruder.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(intruder.get_by_text("Backend roles")).to_have_count(0)


# ----------------------------------------------------------------------------- 7. phone width

# The elements that stick out on the right, to name them when the page scrolls sideways.
WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)"""


def expect_no_sideways_scroll(page: Page) -> None:
    page.wait_for_load_state()  # measure the page with its stylesheets applied
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (
        f"{page.url} is {width}px wide; too wide: {page.evaluate(WIDER_THAN_VIEWPORT)}")


@pytest.mark.parametrize("section, save", [("basics", "Save personal info"),
                                           ("work", "Save experience")])
def test_editor_fits_a_phone(page: Page, site, app, user, section, save):
    page.set_viewport_size(PHONE)
    # A title without spaces, as people name files: it must wrap instead of widening the page.
    resume_id = seed_resume(app, user, title="jane_doe_resume_backend_engineering_roles_2026_v3",
                            photo=True)
    log_in_to_section(site, user, resume_id, section)
    expect(page.get_by_role("heading", level=1)).to_contain_text("jane_doe_resume")
    expect_no_sideways_scroll(page)

    tabs = page.get_by_role("navigation", name="Resume sections").get_by_role("link")
    expect(tabs).to_have_count(13)  # personal info, eleven sections and the design
    for tab in tabs.all():
        tab.scroll_into_view_if_needed()
        expect(tab).to_be_in_viewport()
        box = tab.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], tab

    button = page.get_by_role("button", name=save)
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport(ratio=1)
    button.click()
    expect(status(page)).to_have_text("No changes to save.")
    expect_no_sideways_scroll(page)

    tabs.filter(has_text="Skills").click()
    expect(page.get_by_role("heading", level=2, name="Skills")).to_be_visible()
    expect_no_sideways_scroll(page)


# ----------------------------------------------------------------------------- 8. axe

def axe_manage_empty(site, app, user):
    site.log_in(user.email)
    site.open("/resume/manage")
    return "My resumes"


def axe_manage(site, app, user):
    seed_resume(app, user)
    site.log_in(user.email)
    site.open("/resume/manage")
    return "My resumes"


def axe_new(site, app, user):
    site.log_in(user.email)
    site.open("/resume/new")
    return "New resume"


def axe_new_errors(site, app, user):
    site.log_in(user.email)
    site.open("/resume/new")
    site.page.get_by_role("button", name="Create resume").click()
    expect(site.page.locator("[aria-invalid=true]")).to_have_count(1)
    return "New resume"


def axe_basics(site, app, user):
    resume_id = seed_resume(app, user, photo=True)
    log_in_to_section(site, user, resume_id, "basics")
    return "Editing “Backend roles”"


def axe_work(site, app, user):
    resume_id = seed_resume(app, user)
    log_in_to_section(site, user, resume_id, "work")
    return "Editing “Backend roles”"


def axe_work_error(site, app, user):
    resume_id = seed_resume(app, user)
    log_in_to_section(site, user, resume_id, "work")
    site.page.locator("#entry-0").get_by_label("End date").fill("1999")
    site.page.get_by_role("button", name="Save experience").click()
    expect(site.page.get_by_role("alert")).to_have_text(NOTHING_SAVED)
    return "Editing “Backend roles”"


def axe_work_conflict(site, app, user):
    resume_id = seed_resume(app, user)
    log_in_to_section(site, user, resume_id, "work")
    with app.app_context():  # another tab saves in the meantime
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, db.session.get(User, user.id), resume.version, title="Renamed")
    site.page.get_by_role("button", name="Save experience").click()
    expect(site.page.get_by_role("alert")).to_contain_text(STALE)
    return "Editing “Renamed”"


def axe_preview(site, app, user):
    resume_id = seed_resume(app, user)
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/preview")
    return "Editing “Backend roles”"


def trashed_resume(app, user) -> int:
    resume_id = seed_resume(app, user)
    with app.app_context():
        resumes.move_to_trash(db.session.get(Resume, resume_id))
    return resume_id


def axe_trash(site, app, user):
    trashed_resume(app, user)
    site.log_in(user.email)
    site.open("/resume/trash")
    return "Trash"


def axe_trash_empty(site, app, user):
    site.log_in(user.email)
    site.open("/resume/trash")
    return "Trash"


def axe_purge(site, app, user):
    resume_id = trashed_resume(app, user)
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/purge")
    return "Delete “Backend roles” forever?"


@pytest.mark.parametrize("open_page", [
    axe_manage_empty, axe_manage, axe_new, axe_new_errors, axe_basics, axe_work, axe_work_error,
    axe_work_conflict, axe_preview, axe_trash, axe_trash_empty, axe_purge,
], ids=lambda case: case.__name__.removeprefix("axe_").replace("_", "-"))
def test_resume_pages_have_no_serious_accessibility_violations(page: Page, site, app, user,
                                                               assert_accessible, open_page):
    heading = open_page(site, app, user)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    assert_accessible()
