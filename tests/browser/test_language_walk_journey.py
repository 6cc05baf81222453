"""The interface walked in each of its languages in a real browser: the language is chosen on
the account page, then every page of the main menu (and a resume's editor, Design tab and
history) reads in it, with no sentence of the English source left on screen."""
import copy

import pytest
from playwright.sync_api import Page, expect

from tests.helpers import english_sentences
from website.extensions import db
from website.models import User
from website.services import applications, languages, resumes

CONTENT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"},
           "work": [{"name": "Acme", "position": "Engineer", "startDate": "2021-09"}],
           "skills": [{"name": "Python"}]}


@pytest.fixture
def walked(app, user) -> list[str]:
    """A resume and an application, so the pages show more than their empty states; returns
    the resume's own pages to walk besides the menu."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Backend", "modern", copy.deepcopy(CONTENT))
        applications.create(owner, applications.Fields(company="Acme", role="Engineer"),
                            resume=resume)
        return [f"/resume/{resume.id}/edit", f"/resume/{resume.id}/preview",
                f"/resume/{resume.id}/versions", f"/resume/{resume.id}/translations"]


def english_left(page: Page, sentences: set[str]) -> list[str]:
    text = " ".join(page.locator("body").inner_text().split())
    return [sentence for sentence in sentences if sentence in text]


@pytest.mark.parametrize("language", languages.INTERFACE_LANGUAGES[1:])
def test_every_menu_page_reads_in_the_language_chosen(page: Page, site, user, walked, language):
    site.log_in(user.email)
    site.open("/account")
    page.get_by_label("Interface language").select_option(language)
    page.get_by_role("button", name="Save language").click()
    expect(page.locator("html")).to_have_attribute("lang", language)

    sentences = english_sentences(language)
    menu = page.locator("#main-menu a.nav-link")
    addresses = [menu.nth(index).get_attribute("href") for index in range(menu.count())]
    assert len(addresses) >= 5, addresses
    problems = []
    for address in addresses + walked:
        site.open(address)
        expect(page.locator("html")).to_have_attribute("lang", language)
        problems += [f"{address}: {sentence!r}" for sentence in english_left(page, sentences)]
    assert problems == [], "\n".join(problems)
