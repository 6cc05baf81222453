"""The navbar on a phone: collapsed behind the toggler, opened by it."""
import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE


def test_phone_menu_is_collapsed_until_the_toggler_opens_it(page: Page, site, user):
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    nav = page.get_by_role("navigation", name="Main")
    toggler = nav.get_by_role("button", name="Toggle navigation")
    account = nav.get_by_role("link", name="Account")
    log_out = nav.get_by_role("button", name="Log out")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_hidden()
    expect(log_out).to_be_hidden()

    page.wait_for_load_state("load")  # Bootstrap's script, which opens the menu, has run
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    # Opened to the end: a click while the menu still grows may land before its buttons work.
    expect(nav.locator("#main-menu")).to_have_class(re.compile(r"\bshow\b"))
    expect(account).to_be_visible()
    expect(log_out).to_be_visible()
    # The opened menu fits the phone's width (nothing to scroll sideways to).
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    log_out.click()
    expect(page.get_by_role("status")).to_have_text("You have been logged out.")
