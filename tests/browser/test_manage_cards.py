"""My resumes as cards with a picture of each first page and a menu, and the new-resume page,
in Chromium at phone width and on a desktop."""
import re

from playwright.sync_api import Locator, Page, expect

from tests.factories import make_resume
from tests.helpers import stored_resume
from tests.resume_samples import ONE_JOB

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Tab stops in a card's menu, in order; Delete is the last.
MENU = ["Preview and design", "Rename", "Duplicate", "History", "Share", "Translations",
        "Match a job ad",
        "Statistics", "Download DOCX", "Download TXT", "Download JSON", "Delete"]
# What each entry reads out, with the resume's title.
MENU_NAMES = ["Preview and design {}", "Rename {}", "Duplicate {}", "History of {}", "Share {}",
              "Translations of {}", "Match a job ad with {}", "Statistics of {}",
              "Download DOCX of {}", "Download TXT of {}", "Download JSON of {}", "Delete {}"]


def status(page: Page) -> Locator:
    return page.locator("main").get_by_role("status")


def card(page: Page, title: str) -> Locator:
    return page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=2, name=title, exact=True))


def open_menu_by_keyboard(page: Page, title: str) -> Locator:
    """Tab from the card's Download PDF to its "More" button and open it with Enter."""
    menu = card(page, title).locator("details.card-menu")
    card(page, title).get_by_role("link", name=f"Download PDF of “{title}”").focus()
    page.keyboard.press("Tab")
    expect(menu.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    return menu


def tab_to(page: Page, menu: Locator, label: str) -> Locator:
    """Press Tab through the open menu's entries up to `label`; return that entry."""
    for name in MENU[:MENU.index(label) + 1]:
        page.keyboard.press("Tab")
        expect(menu.locator(":focus")).to_contain_text(name)
    return menu.locator(":focus")


def expect_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def three_resumes(app, user) -> list[int]:
    return [make_resume(app, user, content=ONE_JOB),
            make_resume(app, user, title="Design jobs", design="sidebar", content=ONE_JOB),
            make_resume(app, user, title="Research posts", design="academic", content=ONE_JOB)]


def test_cards_on_a_phone_with_pictures_and_a_keyboard_menu(page: Page, site, app, user,
                                                            assert_accessible):
    three_resumes(app, user)
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    site.open("/resume/manage")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["Research posts", "Design jobs", "Backend roles"])

    # Each card shows its first page (loaded as the card scrolls into view) and two big buttons.
    for title in ("Research posts", "Design jobs", "Backend roles"):
        picture = card(page, title).get_by_role("img", name=f"First page of “{title}”")
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("naturalWidth", 400)
        for action in (card(page, title).get_by_role("link", name=f"Edit “{title}”"),
                       card(page, title).get_by_role("link", name=f"Download PDF of “{title}”"),
                       card(page, title).locator("summary")):
            assert action.bounding_box()["height"] >= 44, f"{title}: too small to tap"
        expect(card(page, title).get_by_role("link", name="History")).to_be_hidden()
    expect_no_sideways_scroll(page)
    assert_accessible()

    # The menu opens from the keyboard, lists every other action and closes on Escape.
    menu = open_menu_by_keyboard(page, "Design jobs")
    entries = menu.locator(".card-menu-item")
    expect(entries).to_have_text([name.format("“Design jobs”") for name in MENU_NAMES])
    for entry in entries.all():
        expect(entry).to_be_visible()
    expect_no_sideways_scroll(page)
    assert_accessible()
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(menu.locator("summary")).to_be_focused()

    # Duplicate from the menu, by keyboard.
    menu = open_menu_by_keyboard(page, "Design jobs")
    tab_to(page, menu, "Duplicate")
    page.keyboard.press("Enter")
    expect(status(page)).to_have_text("Created “Copy of Design jobs”.")
    picture = card(page, "Copy of Design jobs").get_by_role("img")
    picture.scroll_into_view_if_needed()
    expect(picture).to_have_js_property("naturalWidth", 400)

    # Delete from the menu, by keyboard: the resume goes to the trash.
    menu = open_menu_by_keyboard(page, "Backend roles")
    tab_to(page, menu, "Delete")
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("Moved “Backend roles” to the trash.")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        ["Copy of Design jobs", "Research posts", "Design jobs"])


def test_one_menu_at_a_time_and_rename_in_place(page: Page, site, app, user):
    first, *_ = three_resumes(app, user)
    page.set_viewport_size(DESKTOP)
    site.log_in(user.email)
    site.open("/resume/manage")

    research = card(page, "Research posts").locator("details.card-menu")
    backend = card(page, "Backend roles").locator("details.card-menu")
    research.locator("summary").click()
    expect(research).to_have_attribute("open", "")
    backend.locator("summary").click()
    expect(backend).to_have_attribute("open", "")
    expect(research).not_to_have_attribute("open", "")
    page.get_by_role("heading", level=1).click()  # a click elsewhere closes it
    expect(backend).not_to_have_attribute("open", "")

    backend.locator("summary").click()
    backend.get_by_role("link", name="Rename “Backend roles”").click()
    title = card(page, "Backend roles").get_by_label("New title")
    expect(title).to_be_focused()
    expect(backend).not_to_have_attribute("open", "")
    title.fill("")
    card(page, "Backend roles").get_by_role("button", name="Save title").click()
    # Refused in place: the form stays open on its card with the error beside the field.
    title = card(page, "Backend roles").get_by_label("New title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("^Give the resume a title."))
    title.fill("Backend roles 2026")
    card(page, "Backend roles").get_by_role("button", name="Save title").click()
    expect(status(page)).to_have_text("Renamed “Backend roles” to “Backend roles 2026”.")
    assert stored_resume(app, first)["title"] == "Backend roles 2026"


def test_new_resume_from_a_template_picture_and_from_a_copy(page: Page, site, app, user,
                                                            assert_accessible):
    source = make_resume(app, user, design="classic", content=ONE_JOB)
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    site.open("/resume/manage")
    page.get_by_role("link", name="New resume").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New resume")
    # Every template on offer is shown by its gallery picture (drawn on first use: patience).
    pictures = page.locator(".design-choice-card img")
    expect(pictures).to_have_count(8)
    for picture in pictures.all():
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("naturalWidth", 640, timeout=60_000)
    expect_no_sideways_scroll(page)
    assert_accessible()

    # A template chosen by its picture, empty.
    page.get_by_label("Title").fill("Law firms")
    page.locator(".design-choice-card", has_text="Executive").click()
    expect(page.get_by_role("radio", name="Executive")).to_be_checked()
    page.get_by_role("button", name="Create resume").click()
    expect(status(page)).to_have_text("Created “Law firms”. Start with your personal info.")
    created = int(re.search(r"/resume/(\d+)/", page.url)[1])
    assert stored_resume(app, created)["template"] == "executive"

    # A copy: choosing the resume to copy chooses "A copy of one of my resumes".
    site.open("/resume/new")
    page.get_by_label("Title").fill("Platform roles")
    page.locator(".design-choice-card", has_text="Timeline").click()
    page.get_by_label("Resume to copy").select_option(label="Backend roles")
    expect(page.get_by_role("radio", name="A copy of one of my resumes")).to_be_checked()
    page.get_by_role("button", name="Create resume").click()
    expect(status(page)).to_have_text("Created “Platform roles” as a copy of “Backend roles”.")
    copy = stored_resume(app, int(re.search(r"/resume/(\d+)/", page.url)[1]))
    assert copy["template"] == "timeline"
    assert copy["content"] == stored_resume(app, source)["content"]

    # A copy without a resume chosen is refused beside the field.
    site.open("/resume/new")
    page.get_by_label("Title").fill("Another")
    page.get_by_role("radio", name="A copy of one of my resumes").check()
    page.get_by_role("button", name="Create resume").click()
    field = page.get_by_label("Resume to copy")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(
        re.compile("^Choose one of your resumes listed."))
    assert_accessible()
