"""A job seeker writes a cover letter in a real browser: starts it from the template, edits it
beside its live preview in the resume's design, saves, and downloads it as PDF, Word and text,
each saying what was typed."""
import io
import re

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.helpers import PASSWORD
from tests.letter_samples import make_application
from tests.pdf_readers import pypdf_text

NEW_PARAGRAPH = "At Paystream I also ran the on-call rota for the payments team."


@pytest.fixture
def app_id(app, user) -> int:
    with app.app_context():
        return make_application(user.id, "sidebar")


def download(page: Page, name: str) -> bytes:
    """Press the download link `name` and return the file it gives."""
    with page.expect_download() as started:
        page.get_by_role("link", name=name, exact=True).click()
    return started.value.path().read_bytes()


def test_start_edit_preview_save_and_download_a_letter(page: Page, site, user, app_id,
                                                       assert_accessible):
    page.set_viewport_size({"width": 1280, "height": 900})
    site.log_in(user.email)
    site.open(f"/applications/{app_id}/letter")
    page.get_by_role("button", name="Start a cover letter").click()
    expect(page.get_by_role("status")).to_contain_text("Started your letter")

    frame = page.frame_locator("#preview-frame")
    expect(frame.locator("h1")).to_have_text("Jane Doe")
    expect(frame.locator(".letter-greeting")).to_have_text("Dear Hiring Manager,")

    body = page.get_by_label("Letter", exact=True)
    body.fill(body.input_value() + "\n\n" + NEW_PARAGRAPH)
    page.get_by_label("Greeting").fill("Dear Ms Weber,")
    # The preview redraws after a pause in typing, before anything is saved.
    expect(frame.locator(".letter-paragraph").last).to_have_text(NEW_PARAGRAPH)
    expect(frame.locator(".letter-greeting")).to_have_text("Dear Ms Weber,")
    expect(page.locator("#save-status")).to_have_text("Version 1")

    assert_accessible()

    page.get_by_role("button", name="Save letter").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.locator("#save-status")).to_have_text("Version 2")

    pdf = " ".join(pypdf_text(download(page, "PDF")).split())
    assert "Dear Ms Weber," in pdf and NEW_PARAGRAPH in pdf and "jane@example.com" in pdf
    word = docx.Document(io.BytesIO(download(page, "Word")))
    assert NEW_PARAGRAPH in [paragraph.text for paragraph in word.paragraphs]
    text = download(page, "Text").decode()
    assert "Dear Ms Weber," in text and "on-call rota" in text

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="Version 2")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name=re.compile("What changed")).first.click()
    greeting = page.locator("tr.diff-changed", has=page.get_by_role("rowheader", name="Greeting"))
    expect(greeting.locator("ins.diff-added")).to_contain_text("Ms Weber")
    assert_accessible()


def test_without_javascript_the_letter_still_saves(browser, live_server, user, app_id):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server + "/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server}/applications/{app_id}/letter")
        page.get_by_role("button", name="Start a cover letter").click()
        page.get_by_label("Closing").fill("Best wishes,")
        page.get_by_role("button", name="Save letter").click()
        expect(page.locator("#save-status")).to_have_text("Version 2")
        expect(page.frame_locator("#preview-frame").locator(".letter-closing")).to_have_text(
            "Best wishes,")
    finally:
        context.close()
