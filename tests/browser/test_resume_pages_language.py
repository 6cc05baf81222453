"""The resume pages in a German browser: what the scripts say comes from the page in the
reader's language, like everything else."""
import json

from playwright.sync_api import Page, expect

DOCUMENT = {"basics": {"name": "Thomas Edison", "email": "tom@edison.example"},
            "work": [{"name": "Edison Illuminating", "position": "Founder",
                      "startDate": "1880-12"}]}


def test_the_import_page_says_it_is_reading_the_file_in_german(page: Page, site, user):
    site.log_in(user.email)
    page.set_extra_http_headers({"Accept-Language": "de-DE,de;q=0.9"})
    site.open("/resume/import")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lebenslauf importieren")
    page.get_by_label("Lebenslauf-Datei").set_input_files({
        "name": "edison.json", "mimeType": "application/json",
        "buffer": json.dumps(DOCUMENT).encode()})
    # What the script shows while the file is on its way (a dispatched event sends nothing,
    # so the page stays to be looked at).
    page.locator("#import-form").dispatch_event("submit")
    button = page.locator("#import-form [type=submit]")
    expect(button).to_have_value("Datei wird gelesen …")
    expect(button).to_be_disabled()
    expect(page.locator("#import-status")).to_have_text(
        "Die Datei wird gelesen. Bei einem PDF dauert das einen Moment.")
    # The field named "submit" hides form.submit; the prototype's sends the form as it stands.
    page.locator("#import-form").evaluate("form => HTMLFormElement.prototype.submit.call(form)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import prüfen")
