"""A Polish-speaking user's visit in a real browser: log in, the account page, log out."""
import pytest
from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD


@pytest.fixture
def browser_context_args(browser_context_args):
    """A browser set to Polish: it asks for pages with `Accept-Language: pl-PL`."""
    return {**browser_context_args, "locale": "pl-PL"}


def test_log_in_account_and_log_out_in_polish(page: Page, site, user):
    site.open("/login")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaloguj się")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Hasło").fill(PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Zaloguj się").click()

    navbar = page.get_by_role("navigation", name="Menu główne")
    navbar.get_by_role("link", name="Konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje konto")
    language = page.get_by_label("Język interfejsu")
    expect(language).to_have_value("")  # the browser's, until the user picks one
    expect(language.locator("option[lang=de]")).to_have_text("Deutsch")

    # The setting beats the browser: the page answers in English, then in Polish again.
    language.select_option(label="English")
    page.get_by_role("button", name="Zapisz język").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("status")).to_have_text("Your interface language has been saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    page.get_by_label("Interface language").select_option(label="Browser's language")
    page.get_by_role("button", name="Save language").click()
    expect(page.get_by_role("status")).to_have_text("Twój język interfejsu został zapisany.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoje konto")

    page.get_by_role("button", name="Wyloguj się", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Wylogowano cię.")
    expect(page.get_by_role("link", name="Załóż darmowe konto")).to_be_visible()
