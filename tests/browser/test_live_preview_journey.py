"""The live preview in a real browser: what is typed shows in the resume beside the form.

The preview frame is redrawn in place (no reload, no flash, same scroll position), keeps its
sandbox and strict policy (typed markup is text, never run), says when it could not be
updated, and at phone width takes turns with the form.
"""
import re

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.helpers import Site
from tests.export_samples import nine_years
from website.extensions import db
from website.models import User
from website.services import resumes

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Markup that would change the page's title if it ever ran, from the frame or from the page.
HOSTILE = ('<script>parent.document.title="ran"</script>'
           '<img src=x onerror="parent.document.title=\'ran\'">')


@pytest.fixture
def resume_id(app, user) -> int:
    """A two-page resume (three jobs with five highlights each, schools, projects...)."""
    with app.app_context():
        return resumes.create(db.session.get(User, user.id), "Nine years", "modern",
                              nine_years()).id


def open_editor(page: Page, site, user, resume_id: int, section: str,
                viewport: dict = WIDE) -> Frame:
    """Log in, open the section's editor page and return the preview frame once it loaded."""
    page.set_viewport_size(viewport)
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/edit/{section}")
    frame = page.frame(name="preview")
    frame.wait_for_load_state()
    return frame


def watch_navigations(page: Page) -> list[str]:
    """Every URL any frame of the page navigates to from now on."""
    navigated = []
    page.on("framenavigated", lambda frame: navigated.append(frame.url))
    return navigated


def test_typed_text_shows_in_the_preview_without_a_reload(page: Page, site, user, resume_id,
                                                          assert_accessible):
    frame = open_editor(page, site, user, resume_id, "basics")
    document_url = frame.url
    navigated = watch_navigations(page)
    page.evaluate("window.sameDocument = true")

    page.get_by_label("Headline", exact=True).fill("Principal Platform Engineer")
    page.get_by_label("Summary", exact=True).fill(f"I write {HOSTILE} in my summary.")

    preview = page.frame_locator("#preview-frame")
    expect(preview.locator(".label")).to_have_text("Principal Platform Engineer")
    # Typed markup is text: shown as typed, nothing ran (the `page` fixture fails on any console
    # error, a blocked script or a refused image included).
    expect(preview.locator(".summary")).to_have_text(f"I write {HOSTILE} in my summary.")
    expect(preview.locator("script, img[src=x]")).to_have_count(0)
    assert page.title().startswith("Personal info") and frame.title() != "ran"

    # Redrawn in place: neither the page nor the frame navigated, so the frame's document is
    # still the one served with the strict policy and the sandbox.
    assert navigated == [] and page.evaluate("window.sameDocument") is True
    assert frame.url == document_url and "/preview/document" in document_url
    assert "allow-scripts" not in page.locator("#preview-frame").get_attribute("sandbox")

    assert_accessible()


def test_the_preview_follows_a_job_and_keeps_its_scroll_position(page: Page, site, user,
                                                                 resume_id):
    frame = open_editor(page, site, user, resume_id, "work")
    # A font arriving after the scroll would move the page under it (scroll anchoring).
    frame.evaluate("document.fonts.ready.then(() => true)")
    bottom = frame.evaluate("document.documentElement.scrollHeight - innerHeight")
    assert bottom > 600, "the sample must be taller than the frame"
    frame.evaluate("scrollTo(0, 600)")
    stylesheet = frame.locator("link[rel=stylesheet]")
    stylesheet.evaluate("link => { link.dataset.loadedOnce = 'yes'; }")

    jobs = page.locator(".editor-entries > *")
    jobs.nth(2).get_by_label("Position", exact=True).fill("Founding Engineer")

    preview = page.frame_locator("#preview-frame")
    expect(preview.locator(".section-work .entry-name").nth(2)).to_have_text("Founding Engineer")
    assert frame.evaluate("scrollY") == 600

    # Typing on (the second pause) redraws again, from the same place.
    jobs.nth(2).get_by_label("Position", exact=True).fill("Founding Staff Engineer")
    expect(preview.locator(".section-work .entry-name").nth(2)).to_have_text(
        "Founding Staff Engineer")
    assert frame.evaluate("scrollY") == 600
    # The same stylesheet element: the design's CSS and fonts were not loaded again.
    expect(stylesheet).to_have_attribute("data-loaded-once", "yes")


def test_a_failed_update_says_so_and_keeps_the_last_preview(page: Page, site, user, resume_id,
                                                            browser_problems):
    open_editor(page, site, user, resume_id, "basics")
    preview = page.frame_locator("#preview-frame")
    headline = page.get_by_label("Headline", exact=True)
    headline.fill("Engineering Manager")
    expect(preview.locator(".label")).to_have_text("Engineering Manager")

    failing = re.compile(r"/edit/basics/preview$")
    page.route(failing, lambda route: route.fulfill(status=503, body="Service Unavailable"))
    headline.fill("Director of Engineering")
    note = page.locator("#editor-preview-pane [aria-live=polite]")
    expect(note).to_have_text("Preview not updated. It still shows your earlier text.")
    expect(preview.locator(".label")).to_have_text("Engineering Manager")
    # The failure was meant: leave out the browser's report of it, keep anything else.
    browser_problems.errors[:] = [e for e in browser_problems.errors if "/preview " not in e]
    browser_problems.console[:] = [c for c in browser_problems.console if "503" not in c[0]]

    page.unroute(failing)
    headline.fill("VP of Engineering")
    expect(preview.locator(".label")).to_have_text("VP of Engineering")
    expect(note).to_have_text("")


def test_at_phone_width_a_button_switches_between_form_and_preview(page: Page, site, user,
                                                                   resume_id, assert_accessible):
    open_editor(page, site, user, resume_id, "work", PHONE)
    frame_element = page.locator("#preview-frame")
    position = page.get_by_label("Position", exact=True).nth(2)
    expect(frame_element).to_be_hidden()

    position.scroll_into_view_if_needed()
    form_scroll = page.evaluate("scrollY")
    position.fill("Founding Engineer")
    show = page.get_by_role("button", name="Show preview")
    expect(show).to_be_in_viewport()  # it floats: in reach deep in the form
    show.click()

    expect(frame_element).to_be_visible()
    expect(position).to_be_hidden()
    expect(frame_element).to_be_in_viewport()
    preview = page.frame_locator("#preview-frame")
    expect(preview.get_by_text("Founding Engineer")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible()

    page.get_by_role("button", name="Show form").click()
    expect(position).to_be_visible()
    expect(frame_element).to_be_hidden()
    assert page.evaluate("scrollY") == form_scroll  # back where the user was typing
    expect(position).to_have_value("Founding Engineer")


def test_without_javascript_the_saved_resume_follows_the_form_on_a_phone(browser, live_server,
                                                                         user, resume_id):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        Site(live_server, page).log_in(user.email)
        page.goto(f"{live_server}/resume/{resume_id}/edit/work")
        expect(page.get_by_role("button", name="Show preview")).to_be_hidden()
        save = page.get_by_role("button", name="Save experience")
        frame = page.locator("#preview-frame")
        frame.scroll_into_view_if_needed()
        expect(frame).to_be_visible()
        assert frame.bounding_box()["y"] > save.bounding_box()["y"]  # below the form
        expect(page.frame_locator("#preview-frame").locator(".entry-name").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
