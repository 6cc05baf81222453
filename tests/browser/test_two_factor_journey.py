"""Two-factor sign-in in a real browser at phone width: scan (read) the key, confirm, log in
with a code. The page fixture fails the test on any CSP violation or console error."""
import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def app_config(clock):
    return {"CLOCK": clock}


def test_set_up_two_factor_and_log_in_with_a_code(page: Page, site, user, clock):
    page.set_viewport_size(PHONE)
    site.log_in(user.email)
    site.open("/account")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.get_by_role("button", name="Set up two-factor sign-in").click()

    qr = page.get_by_role("img", name=re.compile("^QR code"))
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0  # the SVG drew
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    code = page.get_by_label("Code from the app")
    code.fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(code).to_have_accessible_description(re.compile("^That code is not right"))
    code.fill(pyotp.TOTP(secret).at(clock.now))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text()
    page.get_by_role("link", name="I have saved them").click()

    page.set_viewport_size(DESKTOP)  # where the navbar shows its Log out button
    site.log_out()
    clock.advance(30)
    site.log_in(user.email)
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.get_by_label("Authentication code").fill(pyotp.TOTP(secret).at(clock.now))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    site.log_out()
    site.log_in(user.email)
    page.get_by_label("Authentication code").fill(recovery_code)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("You used a recovery code; 9 left.")
