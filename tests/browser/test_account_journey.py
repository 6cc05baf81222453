"""A new user's whole account life in a real browser: sign up, log in and out, reset, delete."""
import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.helpers import PASSWORD

NAME = "Jane Doe"
EMAIL = "jane@example.com"
NEW_PASSWORD = "a brand new passphrase"
WRONG_CREDENTIALS = "Wrong email or password."


@pytest.fixture
def app_config(mailbox):
    """Send the app's email, from its sender thread as in production, to the loopback SMTP
    server the test reads (it has no STARTTLS)."""
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port, "OUTBOX_THREAD": True}


def fill_login(page: Page, email: str, password: str, remember: bool = False) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    if remember:
        page.get_by_label("Remember me").check()
    page.get_by_role("button", name="Log in").click()


def restart_browser(context: BrowserContext) -> None:
    """Drop the cookies a browser forgets when it is closed, keeping the lasting ones."""
    lasting = [cookie for cookie in context.cookies() if cookie["expires"] != -1]
    context.clear_cookies()
    if lasting:
        context.add_cookies(lasting)


def expect_logged_in(page: Page) -> None:
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My resumes")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()


def expect_sent_to_login(page: Page, site) -> None:
    """Opening the account page asks the visitor to log in."""
    site.open("/account")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_role("status")).to_have_text("Please log in to see that page.")


def test_new_user_account_journey(page: Page, site, mailbox):
    # Landing page -> Sign up.
    site.open("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resumes that people")
    navbar = page.get_by_role("navigation", name="Main")
    navbar.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()

    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # The address's owner finishes through the emailed link, with one more click.
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    [signup_email] = mailbox.wait_for(1)
    assert signup_email["To"] == EMAIL
    [signup_link] = re.findall(rf"{re.escape(site.base_url)}/signup/confirm/\S+",
                               signup_email.get_body(preferencelist=("plain",)).get_content())
    page.goto(signup_link)
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("status")).to_have_text(f"Welcome, {NAME}! Your account is ready.")
    expect_logged_in(page)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_text(EMAIL)).to_be_visible()
    welcome = mailbox.wait_for(2)[1]
    assert welcome["To"] == EMAIL and welcome["Subject"] == f"Welcome to Resume Builder, {NAME}"

    # Log out with the navbar button.
    site.log_out()
    expect(navbar.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    expect_sent_to_login(page, site)

    # Log in again, remembered: the login survives closing the browser.
    fill_login(page, EMAIL, PASSWORD, remember=True)
    expect_logged_in(page)
    restart_browser(page.context)
    site.open("/account")
    expect_logged_in(page)

    # Log out: now a browser restart does not bring the login back.
    site.log_out()
    restart_browser(page.context)
    expect_sent_to_login(page, site)

    # Forgot password -> email with a link.
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_role("status")).to_contain_text("we have emailed it a link")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    email = mailbox.wait_for(3)[2]
    assert len(mailbox.messages) == 3, mailbox.messages
    assert email["To"] == EMAIL
    assert email["Subject"] == "Reset your Resume Builder password"
    text = email.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(rf"{re.escape(site.base_url)}/reset-password/\S+", text)
    assert len(links) == 1, text
    reset_link = links[0]

    # Choose a new password through the link.
    page.goto(reset_link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your password has been changed and every device logged out. Log in with the new one.")

    # The old password no longer works; the new one does.
    fill_login(page, EMAIL, PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(WRONG_CREDENTIALS)
    expect(page.get_by_label("Email")).to_have_value(EMAIL)
    fill_login(page, EMAIL, NEW_PASSWORD)
    expect_logged_in(page)

    # The reset link worked once only.
    page.goto(reset_link)
    expect(page.get_by_role("heading", name="This reset link no longer works")).to_be_visible()
    expect(page.get_by_label("New password")).to_have_count(0)

    # Delete the account from the Account page by typing the email address.
    navbar.get_by_role("link", name="Account").click()
    expect_logged_in(page)
    page.get_by_label("Type your email address to confirm").fill(EMAIL)
    page.get_by_role("button", name="Delete my account and all its data").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your account and all its data have been deleted.")
    expect(page).to_have_url(site.url("/"))
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    # The account is gone: logging in with it fails.
    site.open("/login")
    fill_login(page, EMAIL, NEW_PASSWORD)
    expect(page.get_by_role("alert")).to_have_text(WRONG_CREDENTIALS)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


@pytest.mark.parametrize("typed, field, error", [
    ({"Confirm password": "something else entirely"}, "Confirm password",
     "The two passwords don't match."),
    ({"Password": "short", "Confirm password": "short"}, "Password",
     "Use 10 to 128 characters."),
    ({"Email": "jane@"}, "Email", "Enter a valid email address, like jane@example.com."),
], ids=["passwords-differ", "password-too-short", "bad-email"])
def test_signup_errors_show_next_to_the_field_and_keep_what_was_typed(page: Page, site, typed,
                                                                      field, error):
    values = {"Full name": NAME, "Email": EMAIL, "Password": PASSWORD,
              "Confirm password": PASSWORD, **typed}
    site.open("/signup")
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Create account").click()

    invalid = page.get_by_label(field, exact=True)
    expect(invalid).to_have_attribute("aria-invalid", "true")
    # The message sits right under the field and screen readers announce it with the field.
    message = invalid.locator("xpath=following-sibling::div[contains(@class, 'invalid-feedback')]")
    expect(message).to_have_text(error)
    expect(message).to_be_visible()
    expect(invalid).to_have_accessible_description(re.compile("^" + re.escape(error)))
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)

    # What the user typed is kept, except passwords, which are never sent back to the browser.
    expect(page.get_by_label("Full name")).to_have_value(NAME)
    expect(page.get_by_label("Email")).to_have_value(values["Email"])
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)  # no account made
