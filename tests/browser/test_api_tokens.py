"""A personal access token in a real browser at phone width: create, copy, use, revoke."""
import re
import urllib.error
import urllib.request

from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD

PHONE = {"width": 375, "height": 740}


def api_status(base_url: str, token: str) -> int:
    """Call GET /api/v1/resumes over HTTP with `token`, as a script would; return the status."""
    request = urllib.request.Request(base_url + "/api/v1/resumes",
                                     headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def assert_fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_create_copy_use_and_revoke_a_token(page: Page, site, user, live_server, assert_accessible):
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    site.log_in(user.email)
    site.open("/account")
    tokens = page.get_by_role("region", name="API tokens")
    expect(tokens.get_by_text("You have no API tokens.")).to_be_visible()
    expect(tokens.get_by_role("link", name="Resume Builder API")).to_have_attribute(
        "href", "/api/docs")

    # No name: the error is next to the field and nothing is made.
    tokens.get_by_role("button", name="Create token").click()
    name = page.get_by_label("Token name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("^Give the token a name"))
    expect(page.locator("#new-token")).to_have_count(0)

    name.fill("Nightly backup")
    expect(page.get_by_label("Read only")).to_be_checked()
    page.get_by_label("Read and write").check()
    tokens.get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Create token").click()

    field = page.get_by_label("Token", exact=True)
    expect(field).to_have_value(re.compile(r"^rbt_[A-Za-z0-9_-]{43}$"))
    expect(field).to_have_attribute("readonly", "")
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    secret = field.input_value()
    page.get_by_role("button", name="Copy token").click()
    expect(page.locator("#token-copy-status")).to_have_text("Token copied.")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    assert_fits_the_phone(page)

    row = page.get_by_role("row", name=re.compile("^Nightly backup"))
    expect(row).to_contain_text("Read and write")
    expect(row).to_contain_text(secret[:10] + "…")
    expect(row).to_contain_text("Never")

    # A script uses it; the page then shows when.
    assert api_status(live_server, secret) == 200
    site.open("/account")
    expect(page.locator("#new-token")).to_have_count(0)  # shown once only
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(row).to_contain_text("just now")
    expect(row).not_to_contain_text("Never")
    assert_fits_the_phone(page)

    # Revoke, after a confirmation; a change of mind first keeps it.
    confirmation = page.get_by_role("heading", level=1, name="Revoke the token “Nightly backup”?")
    row.get_by_role("link", name="Revoke “Nightly backup”").click()
    expect(confirmation).to_be_visible()
    page.get_by_role("link", name="Keep it").click()
    assert api_status(live_server, secret) == 200
    row.get_by_role("link", name="Revoke “Nightly backup”").click()
    expect(confirmation).to_be_visible()  # measured once the page has come, not while it loads
    assert_fits_the_phone(page)
    page.get_by_role("button", name="Revoke token").click()

    expect(page.get_by_role("status").first).to_contain_text("Token “Nightly backup” revoked")
    expect(page.get_by_role("row", name=re.compile("^Nightly backup"))).to_have_count(0)
    assert api_status(live_server, secret) == 401
    assert_accessible()
