"""Writing help in the editor, in a real browser: length counters that warn before the limit,
highlights edited as a list of lines, tips on weak highlights, the completion checklist kept
current by each autosave."""
import re
from dataclasses import asdict

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import Site
from website.extensions import db
from website.models import Resume, User
from website.services import resume_document, resumes

JOB = {"position": "Staff Engineer", "name": "Acme Corp", "location": "Berlin",
       "startDate": "2021-03",
       "summary": "Payments platform team of twelve: card processing, payouts and ledgers.",
       "highlights": ["Led the move of 40 services to Kubernetes without downtime",
                      "Cut infrastructure costs by 30% in one year"]}
JOB_NAME = "Staff Engineer, Acme Corp"


def seed_job(app, user: User) -> int:
    """Create a resume with one job through the services; return its id."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        content = {"basics": {"name": user.name, "email": user.email, "label": "Engineer"},
                   "work": [JOB]}
        return resumes.create(owner, "Backend roles", content=content).id


def saved_highlights(app, resume_id: int) -> list[str]:
    with app.app_context():
        return db.session.get(Resume, resume_id).content["work"][0]["highlights"]


def open_experience(site: Site, app, user) -> int:
    resume_id = seed_job(app, user)
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/edit/work")
    expect(site.page.get_by_role("heading", name="Experience", level=2)).to_be_visible()
    return resume_id


def job_entry(page: Page) -> Locator:
    return page.get_by_role("group", name=JOB_NAME, exact=True)


def highlights(page: Page) -> Locator:
    return job_entry(page).get_by_role("group", name="Highlights", exact=True)


def lines(page: Page) -> Locator:
    return highlights(page).get_by_role("textbox")


def test_the_counter_follows_typing_and_warns_near_the_limit(page: Page, site, app, user):
    open_experience(site, app, user)
    summary = job_entry(page).get_by_label("Summary", exact=True)
    counter = job_entry(page).locator(".field-limit").filter(has_text="10,000").first
    expect(counter).to_have_text(f"{len(JOB['summary'])} / 10,000 characters")
    expect(summary).to_have_accessible_description(re.compile(r"/ 10,000 characters$"))

    summary.fill("x" * 1234)
    expect(counter).to_have_text("1,234 / 10,000 characters")
    expect(counter).not_to_have_class(re.compile("text-warning-emphasis"))
    announcer = page.locator("[data-editor-announcer]")
    expect(announcer).to_have_text("")  # typing below the threshold says nothing

    summary.fill("x" * 9250)
    expect(counter).to_have_class(re.compile("text-warning-emphasis"))
    expect(announcer).to_have_text("Summary: 9,250 of 10,000 characters used.")

    summary.fill("x" * 10_034)
    expect(counter).to_have_text("10,034 / 10,000 characters: 34 too many")
    expect(counter).to_have_class(re.compile("text-danger"))
    expect(announcer).to_have_text("Summary is 34 characters over the limit of 10,000.")

    # The server still refuses it, with its message next to the field.
    page.get_by_role("button", name="Save experience").click()
    expect(job_entry(page).get_by_label("Summary", exact=True)).to_have_accessible_description(
        re.compile("Use at most 10,000 characters."))


def test_highlights_are_a_list_of_lines(page: Page, site, app, user):
    resume_id = open_experience(site, app, user)
    expect(lines(page)).to_have_count(2)
    expect(lines(page).nth(0)).to_have_value(JOB["highlights"][0])
    expect(job_entry(page).locator("textarea[data-lines]")).to_be_hidden()
    job_entry(page).get_by_text("Highlights", exact=True).click()  # the label
    expect(lines(page).nth(0)).to_be_focused()

    # Enter in a line adds one after it, focused; Backspace in an empty one takes it away.
    lines(page).nth(0).press("End")
    lines(page).nth(0).press("Enter")
    expect(lines(page)).to_have_count(3)
    expect(lines(page).nth(1)).to_be_focused()
    expect(lines(page).nth(1)).to_have_accessible_name("Highlight 2")
    expect(lines(page).nth(1)).to_have_accessible_description("")  # no counter, no tip yet
    page.keyboard.press("Backspace")
    expect(lines(page)).to_have_count(2)
    expect(lines(page).nth(0)).to_be_focused()

    # Add, then remove by a button that says which line it removes.
    highlights(page).get_by_role("button", name="Add a highlight").click()
    expect(lines(page)).to_have_count(3)
    expect(lines(page).nth(2)).to_be_focused()
    page.keyboard.type("Mentored six engineers")
    remove = highlights(page).get_by_role("button", name="Remove highlight 1: Led the move of 40 "
                                                         "services to Kubernetes without downtime")
    remove.click()
    expect(lines(page)).to_have_count(2)
    expect(lines(page).nth(0)).to_have_value(JOB["highlights"][1])
    expect(lines(page).nth(0)).to_be_focused()

    # Pasting three lines (bullets and all) into one line makes three lines.
    lines(page).nth(1).fill("")
    lines(page).nth(1).focus()
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.setData("text/plain", "• Shipped the payout API to 2,000 merchants\\n"
                                 + "• Halved the p95 latency\\n\\n• Hired 4 engineers");
        document.activeElement.dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""")
    wanted = [JOB["highlights"][1], "Shipped the payout API to 2,000 merchants",
              "Halved the p95 latency", "Hired 4 engineers"]
    expect(lines(page)).to_have_count(4)
    for line, text in zip(lines(page).all(), wanted, strict=True):
        expect(line).to_have_value(text)
    expect(lines(page).nth(3)).to_be_focused()

    # A line shows its own counter only near its limit of 1,000 characters.
    line_counter = job_entry(page).locator(".lines-item").nth(2).locator(".field-limit")
    expect(line_counter).to_be_hidden()
    lines(page).nth(2).fill("Halved the p95 latency " + "and more " * 100)
    expect(line_counter).to_have_text("923 / 1,000 characters")
    lines(page).nth(2).fill("Halved the p95 latency")
    expect(line_counter).to_be_hidden()

    page.get_by_role("button", name="Save experience").click()
    expect(page.get_by_role("status").first).to_have_text("Saved.")
    assert saved_highlights(app, resume_id) == wanted
    expect(lines(page)).to_have_count(4)


def test_without_javascript_limits_are_text_and_lines_a_text_area(browser, live_server, app,
                                                                  user, tmp_path):
    resume_id = seed_job(app, user)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        site = Site(live_server, page)
        site.log_in(user.email)
        site.open(f"/resume/{resume_id}/edit/work")
        entry = job_entry(page)
        expect(entry.get_by_label("Summary", exact=True)).to_have_accessible_description(
            re.compile(r"results go in the highlights\. Up to 10,000 characters$"))
        textarea = entry.get_by_label("Highlights", exact=True)
        expect(textarea).to_have_value("\n".join(JOB["highlights"]))
        expect(textarea).to_have_accessible_description(
            re.compile(r"One achievement per line.* Up to 100 lines of up to 1,000 characters$"))
        wanted = [*JOB["highlights"], "Mentored six engineers, three now senior"]
        textarea.fill("\n".join(wanted))
        page.get_by_role("button", name="Save experience").click()
        expect(page.get_by_role("status").first).to_have_text("Saved.")
        assert saved_highlights(app, resume_id) == wanted
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        job_entry(page).screenshot(path=tmp_path / "experience-without-javascript-390.png")
    finally:
        context.close()


def test_a_copied_entry_gets_a_list_of_its_own(page: Page, site, app, user):
    open_experience(site, app, user)
    # What duplicating an entry does: a deep copy of its fieldset, list and all, after it.
    page.locator("#entry-0").evaluate("""entry => {
        const copy = entry.cloneNode(true);
        copy.id = "entry-1";
        copy.querySelector("legend").textContent = "The copy";
        copy.querySelector("[id$=position-limit]").textContent = "Up to 500 characters";
        entry.after(copy);
    }""")
    copy = page.get_by_role("group", name="The copy", exact=True)
    expect(copy.locator(".field-limit").first).to_have_text("14 / 500 characters")
    copy_list = copy.get_by_role("group", name="Highlights", exact=True)
    expect(copy_list.get_by_role("textbox")).to_have_count(2)
    copy_list.get_by_role("button", name="Add a highlight").click()
    page.keyboard.type("Only in the copy")
    expect(copy.locator("textarea[data-lines]")).to_have_value(
        "\n".join([*JOB["highlights"], "Only in the copy"]))
    expect(job_entry(page).locator("textarea[data-lines]")).to_have_value(
        "\n".join(JOB["highlights"]))
    expect(lines(page)).to_have_count(2)


def test_tips_on_weak_highlights_come_and_go(page: Page, site, app, user):
    open_experience(site, app, user)
    line = lines(page).nth(0)
    tip = job_entry(page).locator(".lines-item").nth(0).locator(".line-tip")
    expect(tip).to_be_hidden()

    line.fill("Responsible for")
    expect(tip).to_have_text(re.compile("rather than “Responsible for”"))
    expect(tip).not_to_contain_text("Add a number")  # not before the line says something
    line.fill("Responsible for the deployment pipeline")
    expect(tip).to_contain_text("Add a number if you can")
    expect(line).to_have_accessible_description(re.compile("Responsible for"))

    line.fill("Rebuilt the deployment pipeline: releases went from weekly to 20 a day")
    expect(tip).to_be_hidden()
    # Tips are advice: saving works with them showing.
    line.fill("Worked on the billing service")
    page.get_by_role("button", name="Save experience").click()
    expect(page.get_by_role("status").first).to_have_text("Saved.")


def markup(item: str) -> str:
    """A list item's HTML without the template's indentation (which a browser does not show)."""
    return re.sub(r"\s+", " ", item).replace('"mb-1"> ', '"mb-1">').replace(" </li>", "</li>")


def test_the_checklist_follows_each_autosave(page: Page, site, app, user):
    open_experience(site, app, user)
    checklist = page.locator("[data-completion]")
    server_items = checklist.locator("li").evaluate_all("items => items.map(i => i.outerHTML)")
    expect(checklist.locator("summary")).to_have_text(re.compile(r"^\d+% complete"))

    # What the autosave answer carries once a phone number and a city are typed in.
    document = resume_document.normalize({
        "basics": {"name": user.name, "email": user.email, "label": "Engineer",
                   "phone": "+49 30 1234567", "location": {"city": "Berlin"}},
        "work": [JOB]})
    completion = asdict(resume_document.completion(document))
    page.locator("form.editor-form").evaluate("""(form, completion) => form.dispatchEvent(
        new CustomEvent("editor:saved", {bubbles: true, detail: {version: 2, changed: true,
        saved_at: "2026-12-03T12:03:00+00:00", completion}}))""", completion)
    expect(checklist.locator("summary")).to_have_text(
        f"{completion['percent']}% complete: what to add next")
    expect(checklist.locator("li").first).to_have_text("✓ Personal info done")
    expect(checklist.locator("li")).to_have_text([
        "✓ Personal info done",
        "○ Summary: Write a summary of two or three sentences about what you do best.",
        "○ Experience: Add 1 highlight to your latest job (Staff Engineer, Acme Corp).",
        *[re.compile(f"^○ {title}: ") for title in
          ("Education", "Projects", "Skills", "Certifications")]])
    # Drawn in the server's markup: the unchanged items are exactly what the page had.
    drawn = checklist.locator("li").evaluate_all("items => items.map(i => i.outerHTML)")
    assert [markup(item) for item in drawn[1:]] == [markup(item) for item in server_items[1:]]


@pytest.mark.parametrize("width", [1280, 390])
def test_experience_with_writing_help_is_axe_clean_and_fits(page: Page, site, app, user,
                                                           assert_accessible, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    open_experience(site, app, user)
    lines(page).nth(0).fill("Responsible for the build")
    job_entry(page).get_by_label("Summary", exact=True).fill("y" * 1900)
    assert_accessible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=tmp_path / f"experience-{width}.png", full_page=True)
