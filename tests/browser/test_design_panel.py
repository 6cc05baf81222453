"""The Design tab in Chromium: what is chosen is what the preview shows, what is saved, what
downloads and what the next resume starts with; sections reorder by mouse and keyboard; the
page works without JavaScript and at phone width."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Locator, Page, expect

from tests.browser.helpers import Site, log_in_to_dashboard
from tests.factories import make_resume
from tests.helpers import wait_until
from tests.pdf_readers import font_names, text_colours
from website.extensions import db
from website.models import Resume, User

PHONE = {"width": 390, "height": 844}
RUST = "#aa3300"  # rgb(170, 51, 0)
CONTENT = {
    "basics": {"name": "Jane Doe", "label": "Engineer", "email": "jane@example.com",
               "summary": "I build dependable web services."},
    "work": [{"position": "Staff Engineer", "name": "Acme", "startDate": "2020-01",
              "highlights": ["Cut deploy time from 40 to 4 minutes."]}],
    "education": [{"institution": "TU Berlin", "area": "Computer Science"}],
    "skills": [{"name": "Python", "keywords": ["Flask", "SQLAlchemy"]}],
}


@pytest.fixture
def app_config() -> dict:
    return {"EXPORT_LIMIT": "1000 per minute"}


def saved_settings(app, resume_id: int) -> dict:
    with app.app_context():
        return db.session.get(Resume, resume_id).design_settings


def open_design(site: Site, user: User, resume_id: int) -> None:
    site.log_in(user.email)
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    site.open(f"/resume/{resume_id}/preview")
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Editing “Backend roles”")


def preview(page: Page) -> FrameLocator:
    return page.frame_locator("#preview-frame")


def section_headings(page: Page):
    return preview(page).locator("h2[id^=section-]")


def download_pdf(page: Page) -> bytes:
    with page.expect_download() as info:
        page.locator("#download-pdf").click()
    return Path(info.value.path()).read_bytes()


def pick(page: Page, radio: Locator) -> None:
    """Choose a radio drawn as a card or swatch by clicking its label, as a user does."""
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
    expect(radio).to_be_checked()


def choose_look(page: Page, font: str, colour: str) -> None:
    pick(page, page.get_by_role("radio", name=re.compile(f"^{font} ")))
    page.get_by_label("Custom colour").fill(colour)


def test_the_colour_and_font_chosen_are_shown_saved_and_downloaded(page: Page, site, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    open_design(site, user, resume_id)

    choose_look(page, "Lora", RUST)

    heading = section_headings(page).first
    expect(heading).to_have_css("color", "rgb(170, 51, 0)")
    expect(heading).to_have_css("font-family", re.compile("^Lora"))
    # Autosaved as chosen: what the screen shows is what is saved and downloaded.
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved \d"))
    settings = saved_settings(app, resume_id)
    assert (settings["font"], settings["accent"]) == ("lora", RUST)
    shown = download_pdf(page)
    assert "Lora" in font_names(shown) and RUST in text_colours(shown)
    page.reload()
    expect(page.get_by_label("Custom colour")).to_have_value(RUST)
    expect(page.get_by_role("radio", name=re.compile("^Lora "))).to_be_checked()


def test_save_as_default_gives_the_next_resume_that_look(page: Page, site, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    open_design(site, user, resume_id)
    choose_look(page, "EB Garamond", RUST)

    page.get_by_role("button", name="Save as my default for Modern").click()
    expect(page.get_by_role("status").filter(has_text="Saved as your default for Modern"))\
        .to_be_visible()

    site.open("/resume/new")
    page.get_by_label("Title").fill("Next applications")
    page.get_by_role("radio", name=re.compile("Modern")).check()
    page.get_by_role("button", name="Create resume").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Editing “Next applications”")
    page.get_by_role("link", name="Design", exact=True).click()
    expect(page.get_by_role("radio", name=re.compile("^EB Garamond "))).to_be_checked()
    expect(page.get_by_label("Custom colour")).to_have_value(RUST)
    new_id = int(re.search(r"/resume/(\d+)/", page.url).group(1))
    settings = saved_settings(app, new_id)
    assert (settings["font"], settings["accent"]) == ("eb-garamond", RUST)
    assert "EB-Garamond" in font_names(download_pdf(page))  # an empty resume: only the name


def test_sections_reorder_by_mouse_and_keyboard_and_hide(page: Page, site, app, user):
    resume_id = make_resume(app, user, content=CONTENT)
    open_design(site, user, resume_id)
    expect(section_headings(page)).to_have_text(["Summary", "Experience", "Education", "Skills"])
    rows = page.locator("#section-order .section-row")

    # The mouse drags Skills by its handle to the top.
    page.locator('.section-row[data-key="skills"] .drag-handle').drag_to(rows.first)
    expect(rows.first).to_have_attribute("data-key", "skills")
    expect(section_headings(page)).to_have_text(["Summary", "Skills", "Experience", "Education"])

    # The keyboard moves Education up to the top, and is told where it went.
    up = page.get_by_role("button", name="Move Education up")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#section-order-status")).to_have_text(
        re.compile(r"^Education moved to position 2 of \d+\.$"))
    expect(up).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#section-order-status")).to_have_text(
        re.compile(r"^Education moved to position 1 of \d+\.$"))
    expect(up).to_be_disabled()  # at the top: focus stays on the row, on its other arrow
    expect(page.get_by_role("button", name="Move Education down")).to_be_focused()
    expect(section_headings(page)).to_have_text(["Summary", "Education", "Skills", "Experience"])

    # A switch leaves a section out.
    page.get_by_role("switch", name="Experience").uncheck()
    expect(section_headings(page)).to_have_text(["Summary", "Education", "Skills"])

    # Autosaved as arranged (a press of Save now would find nothing new to save).
    def arranged() -> tuple[list[str], list[str]]:
        settings = saved_settings(app, resume_id)
        return (settings.get("hidden_sections"),
                [key for key in settings.get("section_order", []) if key in CONTENT])

    wait_until(lambda: arranged() == (["work"], ["education", "skills", "work"]),
               failure=lambda: f"saved {arranged()}")

    # Another design card: the preview and the default button follow it.
    pick(page, page.get_by_role("radio", name="Classic", exact=True))
    expect(preview(page).locator("body.design-classic")).to_be_attached()
    expect(page.get_by_role("button", name="Save as my default for Classic")).to_be_visible()


def resume_version(app, resume_id: int) -> int:
    with app.app_context():
        return db.session.get(Resume, resume_id).version


def test_a_design_picked_before_the_script_ran_is_shown_and_saved(page: Page, site, app, user):
    """A click that beats a slow connection's script, or a choice the browser restored on Back,
    is redrawn and autosaved once the script runs; an untouched tab saves nothing."""
    resume_id = make_resume(app, user, content=CONTENT)
    version = resume_version(app, resume_id)
    log_in_to_dashboard(site, user)
    release_script = site.open_before_the_editor_script(f"/resume/{resume_id}/preview")
    pick(page, page.get_by_role("radio", name="Classic", exact=True))
    expect(page.get_by_role("button", name="Save as my default for Modern")).to_be_visible()

    release_script()
    expect(preview(page).locator("body.design-classic")).to_be_attached()
    expect(page.get_by_role("button", name="Save as my default for Classic")).to_be_visible()
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved \d"))
    with app.app_context():
        saved = db.session.get(Resume, resume_id)
        assert (saved.design_slug, saved.version) == ("classic", version + 1)

    page.reload()
    expect(page.locator("form.design-panel.js-sortable")).to_be_attached()
    page.wait_for_timeout(1500)  # longer than autosave's pause: a spurious save would be done
    assert resume_version(app, resume_id) == version + 1
    expect(page.locator("#save-status")).to_have_text(re.compile(f"^Version {version + 1} "))


def test_the_design_tab_works_without_javascript(browser, live_server, app, user):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        site = Site(live_server, page)
        resume_id = make_resume(app, user, content=CONTENT)
        open_design(site, user, resume_id)

        pick(page, page.get_by_role("radio", name=re.compile("^Lora ")))
        page.get_by_role("radio", name="Custom").check()
        page.get_by_label("Custom colour").fill(RUST)
        page.get_by_label("Position of Skills").fill("0")
        page.get_by_role("switch", name="Education").uncheck()
        page.get_by_role("button", name="Show these settings").click()

        expect(page).to_have_url(re.compile(r"font=lora"))
        assert "csrf" not in page.url
        expect(section_headings(page)).to_have_text(["Summary", "Skills", "Experience"])
        expect(section_headings(page).first).to_have_css("color", "rgb(170, 51, 0)")
        href = page.locator("#download-pdf").get_attribute("href")
        assert "font=lora" in href and "accent=%23aa3300" in href

        page.get_by_role("button", name="Save these settings").click()
        expect(page.get_by_role("status").filter(has_text="Saved the Modern design"))\
            .to_be_visible()
        settings = saved_settings(app, resume_id)
        assert (settings["font"], settings["accent"]) == ("lora", RUST)
        assert settings["hidden_sections"] == ["education"]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE],
                         ids=["desktop", "phone"])
def test_the_design_tab_fits_the_screen_and_passes_axe(page: Page, site, app, user,
                                                       assert_accessible, viewport):
    resume_id = make_resume(app, user, content=CONTENT)
    page.set_viewport_size(viewport)
    open_design(site, user, resume_id)
    pictures = page.get_by_role("img", name="Classic", exact=True)
    pictures.scroll_into_view_if_needed()
    expect(pictures).to_have_js_property("complete", True)

    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible()
