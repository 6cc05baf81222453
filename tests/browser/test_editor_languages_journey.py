"""The editor in German in a real browser: the scripts' messages come in the reader's language,
and advice on English wording is given only for a resume written in English."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_resume
from website.extensions import db
from website.models import User

JOB = {"position": "Staff Engineer", "name": "Acme Corp", "startDate": "2021-03",
       "highlights": ["Led the move to Kubernetes"]}


@pytest.fixture
def german_user(app, user) -> User:
    """The user, with German chosen as the interface language of the account."""
    with app.app_context():
        db.session.get(User, user.id).language = "de"
        db.session.commit()
    return user


def resume_in(app, user, language: str = "en") -> int:
    """A resume of `user` with one job, written in `language`."""
    return make_resume(app, user, content={"basics": {"name": user.name, "email": user.email},
                                           "work": [JOB]}, settings={"language": language})


def open_editor(site, user, resume_id: int, section: str) -> Page:
    site.log_in(user.email)
    site.open(f"/resume/{resume_id}/edit/{section}")
    return site.page


def test_the_autosave_status_is_in_german(page: Page, site, app, german_user):
    open_editor(site, german_user, resume_in(app, german_user), "basics")
    page.get_by_label("Berufsbezeichnung").press_sequentially("Backend-Entwicklerin")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Gespeichert um \d{1,2}:\d{2}"))
    expect(page.locator("#completion summary")).to_have_text(
        re.compile(r"^\d+ % vollständig: was Sie als Nächstes ergänzen können$"))


@pytest.mark.parametrize(("language", "opener_tip"), [("en", True), ("pl", False)])
def test_wording_tips_follow_the_resumes_language(page: Page, site, app, german_user, language,
                                                  opener_tip):
    open_editor(site, german_user, resume_in(app, german_user, language), "work")
    line = page.get_by_role("textbox", name="Erfolg 1")
    tip = page.locator(".lines-item").nth(0).locator(".line-tip")
    line.fill("Responsible for the deployment pipeline")
    expect(tip).to_contain_text("Nennen Sie nach Möglichkeit eine Zahl")
    if opener_tip:
        expect(tip).to_contain_text("statt mit „Responsible for“")
    else:
        expect(tip).not_to_contain_text("Responsible for")
        expect(page.locator("#english-advice-off")).to_contain_text("dieser ist auf Polnisch")
