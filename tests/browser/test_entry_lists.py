"""Arranging the entries of a section in a real browser: drag by the handle, Move up and
down by keyboard without a reload, Duplicate, Remove with Undo; then the same without
JavaScript, where each button posts and saves and Undo is offered after a removal.
"""
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.helpers import (
    Site,
    entry,
    filled,
    headline,
    log_in_to_section,
    site_in_context,
    status,
)
from tests.factories import JOBS, seed_resume
from tests.helpers import load, versions, wait_until
from website.extensions import db
from website.models import Resume, User
from website.services import resumes

ACME, GLOBEX, INITECH = (headline(job, "position", "name") for job in JOBS)
TALL = {"width": 1280, "height": 3000}  # all three jobs in view: a drag needs no scrolling


def legends(page: Page) -> Locator:
    return page.locator("#entries fieldset legend")


def announcement(page: Page) -> Locator:
    """The polite live region that tells screen readers what an arrangement did."""
    return page.locator("#entries [data-editor-announcer]")


def saved_names(app, resume_id: int) -> list[str]:
    return [job["name"] for job in load(app, resume_id).content["work"]]


def open_jobs(site: Site, app, user) -> int:
    resume_id = seed_resume(app, user)
    log_in_to_section(site, user, resume_id, "work")
    expect(legends(site.page)).to_have_text([ACME, GLOBEX, INITECH])
    # Survives only as long as the page is not loaded again.
    site.page.evaluate("document.body.dataset.sameDocument = 'yes'")
    return resume_id


def expect_same_document(page: Page) -> None:
    expect(page.locator("body")).to_have_attribute("data-same-document", "yes")


def save(page: Page, message: str = "Saved.") -> None:
    page.get_by_role("button", name="Save experience").click()
    expect(status(page)).to_have_text(message)


# ----------------------------------------------------------------------------- with JavaScript

def test_drag_the_third_job_to_the_top_and_save(page: Page, site, app, user):
    page.set_viewport_size(TALL)
    resume_id = open_jobs(site, app, user)
    handle = page.get_by_role("button", name=f"Drag to reorder {INITECH}")
    expect(page.locator(".entry-handle")).to_have_count(3)
    start = handle.bounding_box()
    target = entry(page, ACME).bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 10, steps=25)
    page.mouse.up()

    expect(legends(page)).to_have_text([INITECH, ACME, GLOBEX])
    expect(announcement(page)).to_have_text(f"Moved {INITECH} to position 1 of 3")
    expect(page.locator("#entries-0-name")).to_have_value("Initech")  # renumbered fields
    expect(page.locator("#entry-0").get_by_role("button", name="Move up")).to_be_disabled()
    assert saved_names(app, resume_id) == ["Acme Corp", "Globex", "Initech"]  # not yet saved

    save(page)
    expect(legends(page)).to_have_text([INITECH, ACME, GLOBEX])
    assert saved_names(app, resume_id) == ["Initech", "Acme Corp", "Globex"]
    assert filled(load(app, resume_id).content["work"][:1]) == filled([JOBS[2]])


def test_move_up_by_keyboard_stays_in_the_page_and_keeps_focus(page: Page, site, app, user):
    resume_id = open_jobs(site, app, user)
    move_up = entry(page, INITECH).get_by_role("button", name="Move up")
    move_up.focus()
    page.keyboard.press("Enter")

    expect(legends(page)).to_have_text([ACME, INITECH, GLOBEX])
    expect(move_up).to_be_focused()
    expect(announcement(page)).to_have_text(f"Moved {INITECH} to position 2 of 3")
    page.keyboard.press("Enter")
    expect(legends(page)).to_have_text([INITECH, ACME, GLOBEX])
    expect(announcement(page)).to_have_text(f"Moved {INITECH} to position 1 of 3")
    # At the top Move up is disabled: focus goes to the entry's other move button.
    expect(move_up).to_be_disabled()
    expect(entry(page, INITECH).get_by_role("button", name="Move down")).to_be_focused()
    expect(entry(page, GLOBEX).get_by_role("button", name="Move down")).to_be_disabled()
    expect_same_document(page)

    # Autosave keeps the arrangement: both moves are one version.
    wait_until(lambda: saved_names(app, resume_id) == ["Initech", "Acme Corp", "Globex"],
               failure=lambda: f"saved in the order {saved_names(app, resume_id)}")
    assert len(versions(app, resume_id)) == 2


def test_arrow_keys_on_the_handle_move_the_entry(page: Page, site, app, user):
    resume_id = open_jobs(site, app, user)
    handle = page.get_by_role("button", name=f"Drag to reorder {ACME}")
    handle.press("ArrowDown")
    expect(legends(page)).to_have_text([GLOBEX, ACME, INITECH])
    expect(handle).to_be_focused()
    handle.press("ArrowDown")
    expect(announcement(page)).to_have_text(f"Moved {ACME} to position 3 of 3")
    save(page)
    assert saved_names(app, resume_id) == ["Globex", "Initech", "Acme Corp"]


def test_duplicate_then_save_gives_two_equal_entries(page: Page, site, app, user):
    resume_id = open_jobs(site, app, user)
    entry(page, ACME).get_by_role("button", name="Duplicate").click()

    expect(legends(page)).to_have_text([ACME, ACME, GLOBEX, INITECH])
    copy = page.locator("#entry-1")
    expect(copy.get_by_label("Position")).to_be_focused()
    lines = copy.get_by_role("group", name="Highlights", exact=True).get_by_role("textbox")
    expect(lines).to_have_count(len(JOBS[0]["highlights"]))
    assert [line.input_value() for line in lines.all()] == JOBS[0]["highlights"]
    expect(announcement(page)).to_have_text(f"Duplicated {ACME}: the copy is position 2 of 4")
    expect_same_document(page)

    save(page)
    work = load(app, resume_id).content["work"]
    assert [job["name"] for job in work] == ["Acme Corp", "Acme Corp", "Globex", "Initech"]
    assert filled(work[:2]) == filled([JOBS[0], JOBS[0]])


def test_a_copy_is_edited_on_its_own(page: Page, site, app, user):
    resume_id = open_jobs(site, app, user)
    entry(page, GLOBEX).get_by_role("button", name="Duplicate").click()
    page.locator("#entry-2").get_by_label("Position").fill("Principal Engineer")
    expect(page.get_by_role("button", name="Drag to reorder Principal Engineer, Globex")) \
        .to_be_visible()  # the copy's controls are named as typed
    save(page)
    assert [job["position"] for job in load(app, resume_id).content["work"]] == [
        "Staff Engineer", "Senior Engineer", "Principal Engineer", "Software Engineer"]


def test_remove_then_undo_keeps_the_entry_in_its_place(page: Page, site, app, user):
    resume_id = open_jobs(site, app, user)
    entry(page, GLOBEX).get_by_role("button", name="Remove", exact=True).click()

    expect(legends(page)).to_have_text([ACME, INITECH])
    expect(page.locator(".entry-removed")).to_have_text(f"Removed {GLOBEX}.Undo")
    undo = page.get_by_role("button", name="Undo", exact=True)
    expect(undo).to_be_focused()
    expect(page.locator("#entry-1").get_by_role("button", name="Move down")).to_be_disabled()

    undo.click()
    expect(legends(page)).to_have_text([ACME, GLOBEX, INITECH])
    expect(page.locator(".entry-removed")).to_have_count(0)
    expect(entry(page, GLOBEX).get_by_role("button", name="Remove", exact=True)).to_be_focused()
    expect(announcement(page)).to_have_text(f"Restored {GLOBEX} at position 2 of 3")
    expect_same_document(page)

    save(page, "No changes to save.")
    assert filled(load(app, resume_id).content["work"]) == filled(JOBS)


def test_remove_and_save_without_undo_removes_it(page: Page, site, app, user):
    resume_id = open_jobs(site, app, user)
    entry(page, ACME).get_by_role("button", name="Remove", exact=True).click()
    entry(page, INITECH).get_by_role("button", name="Remove", exact=True).click()
    # Only the last removal can be undone.
    expect(page.locator(".entry-removed")).to_have_text(f"Removed {INITECH}.Undo")
    expect(legends(page)).to_have_text([GLOBEX])

    save(page)
    assert saved_names(app, resume_id) == ["Globex"]
    expect(legends(page)).to_have_text([GLOBEX])


@pytest.fixture
def phone_site(browser: Browser, live_server: str) -> Iterator[Site]:
    """A site opened on a touch screen as tall as three jobs at phone width."""
    with site_in_context(browser, live_server, viewport={"width": 390, "height": 4200},
                         has_touch=True, is_mobile=True) as site:
        yield site


def touch_drag(page: Page, start: dict, end: dict, steps: int = 20) -> None:
    """Drag a finger from the middle of box `start` to the top of box `end`."""
    cdp = page.context.new_cdp_session(page)
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    to_x, to_y = end["x"] + 40, end["y"] + 10
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, steps + 1):
        point = {"x": x + (to_x - x) * step / steps, "y": y + (to_y - y) * step / steps}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_drag_by_touch_at_phone_width(phone_site, app, user):
    page = phone_site.page
    resume_id = seed_resume(app, user)
    log_in_to_section(phone_site, user, resume_id, "work")
    handle = page.get_by_role("button", name=f"Drag to reorder {GLOBEX}")
    touch_drag(page, handle.bounding_box(), entry(page, ACME).bounding_box())
    expect(legends(page)).to_have_text([GLOBEX, ACME, INITECH])
    save(page)
    assert saved_names(app, resume_id) == ["Globex", "Acme Corp", "Initech"]


def test_section_with_handles_and_an_undo_offer_passes_axe(page: Page, site, app, user,
                                                          assert_accessible):
    open_jobs(site, app, user)
    entry(page, GLOBEX).get_by_role("button", name="Duplicate").click()
    entry(page, ACME).get_by_role("button", name="Remove", exact=True).click()
    expect(page.locator(".entry-removed")).to_be_visible()
    assert_accessible()


# ----------------------------------------------------------------------------- without JavaScript

def test_without_javascript_each_button_saves_and_removal_offers_undo(no_js_site, app, user):
    page = no_js_site.page
    resume_id = seed_resume(app, user)
    log_in_to_section(no_js_site, user, resume_id, "work")
    expect(page.locator(".entry-handle")).to_have_count(0)

    entry(page, INITECH).get_by_role("button", name="Move up").click()
    expect(status(page)).to_have_text("Moved.")
    expect(legends(page)).to_have_text([ACME, INITECH, GLOBEX])

    entry(page, ACME).get_by_role("button", name="Duplicate").click()
    expect(status(page)).to_have_text(f"Duplicated “{ACME}”. The copy is below it.")
    expect(legends(page)).to_have_text([ACME, ACME, INITECH, GLOBEX])
    assert saved_names(app, resume_id) == ["Acme Corp", "Acme Corp", "Initech", "Globex"]

    page.locator("#entry-2").get_by_role("button", name="Remove", exact=True).click()
    expect(status(page)).to_have_text(f"Removed “{INITECH}”. Undo")
    expect(legends(page)).to_have_text([ACME, ACME, GLOBEX])
    assert saved_names(app, resume_id) == ["Acme Corp", "Acme Corp", "Globex"]

    status(page).get_by_role("button", name="Undo").click()
    expect(status(page)).to_have_text(f"Brought back “{INITECH}”.")
    expect(legends(page)).to_have_text([ACME, ACME, INITECH, GLOBEX])
    assert filled(load(app, resume_id).content["work"]) == filled(
        [JOBS[0], JOBS[0], JOBS[2], JOBS[1]])
    assert len(versions(app, resume_id)) == 5  # move, duplicate, remove, undo


def test_without_javascript_undo_after_a_change_elsewhere_is_refused(no_js_site, app, user):
    page = no_js_site.page
    resume_id = seed_resume(app, user)
    log_in_to_section(no_js_site, user, resume_id, "work")
    entry(page, GLOBEX).get_by_role("button", name="Remove", exact=True).click()
    expect(status(page)).to_contain_text(f"Removed “{GLOBEX}”.")
    with app.app_context():  # another tab saves the section in the meantime
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, db.session.get(User, user.id), resume.version,
                     content={**resume.content, "work": JOBS[:1]})

    status(page).get_by_role("button", name="Undo").click()
    expect(page.get_by_role("alert")).to_contain_text("Not undone: this section changed")
    expect(legends(page)).to_have_text([ACME])
    assert saved_names(app, resume_id) == ["Acme Corp"]
