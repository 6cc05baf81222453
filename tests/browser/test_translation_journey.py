"""A job seeker translates a resume into German in a real browser: adds the language from the
resume's menu, writes two translations with each original shown beside its field, and
downloads the German PDF, which says what was typed and keeps the untranslated text."""
from playwright.sync_api import Page, expect

from tests.factories import make_resume
from tests.pdf_readers import pypdf_text

CONTENT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer",
                      "summary": "I build reliable payment services."},
           "work": [{"position": "Senior Engineer", "name": "Acme GmbH",
                     "highlights": ["Cut costs by 30%"]}]}


def test_translate_two_fields_into_german_and_download_the_pdf(page: Page, site, app, user):
    make_resume(app, user, content=CONTENT)
    site.log_in(user.email)
    site.open("/resume/manage")
    page.locator("details.card-menu summary").first.click()
    page.get_by_role("link", name="Translations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Translations: Backend roles")

    page.get_by_label("Language", exact=True).select_option("de")
    page.get_by_role("button", name="Add language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "German translation: Backend roles")

    headline = page.get_by_label("Headline in German")
    summary = page.get_by_label("Summary in German")
    # Each field's original, in the resume's language, is shown with it and describes it.
    for field, original in ((headline, "Backend Engineer"),
                            (summary, "I build reliable payment services.")):
        described = page.locator("#" + field.get_attribute("aria-describedby").split()[0])
        expect(described).to_have_text(original)
        expect(described).to_be_visible()
        expect(described).to_have_attribute("lang", "en")
        expect(field).to_have_attribute("lang", "de")
    headline.fill("Backend-Entwicklerin")
    summary.fill("Ich baue zuverlässige Zahlungsdienste.")
    page.get_by_role("button", name="Save translations").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_contain_text(
        "Saved the German translation.")
    expect(page.get_by_text("2 of 4 fields translated")).to_be_visible()

    with page.expect_download() as started:
        page.get_by_role("link", name="Download the German PDF").click()
    assert started.value.suggested_filename == "Jane-Doe-Resume-de.pdf"
    text = " ".join(pypdf_text(started.value.path().read_bytes()).split())
    assert "Backend-Entwicklerin" in text
    assert "Ich baue zuverlässige Zahlungsdienste." in text
    assert "Senior Engineer" in text and "Cut costs by 30%" in text  # not translated: as written
    assert "Backend Engineer" not in text
