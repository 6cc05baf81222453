"""The applications board in German, in Chromium: the columns carry German names, and what a
drag says to screen readers, a move or a failed connection, is German too."""
import copy
import re

from playwright.sync_api import Page, Route, expect

from tests.browser.helpers import Site
from website.extensions import db
from website.models import Application, User
from website.services import applications, resumes

CONTENT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"}}


def german_user_with_two_applications(app, user) -> None:
    with app.app_context():
        owner = db.session.get(User, user.id)
        owner.language = "de"  # the account's choice, whatever the browser asks
        db.session.commit()
        resume = resumes.create(owner, "Backend", "modern", copy.deepcopy(CONTENT))
        for company in ("Acme", "Globex"):
            applications.create(owner, applications.Fields(company=company,
                                                            role="Backend Engineer"),
                                 resume=resume)


def status_of(app, company: str) -> str:
    with app.app_context():
        return db.session.execute(db.select(Application.status).where(
            Application.company == company)).scalar_one()


def column(page: Page, label: str):
    return page.get_by_role("region", name=re.compile(rf"^{label} \d+$"))


def card(page: Page, company: str):
    return page.locator(".board-card").filter(has_text=company)


def test_the_board_announces_its_moves_in_german(page: Page, site: Site, app, user):
    german_user_with_two_applications(app, user)
    site.log_in(user.email)
    site.open("/applications/board")
    expect(page.get_by_role("heading", level=1)).to_have_text("Board")

    card(page, "Acme").drag_to(column(page, "Im Gespräch"))
    expect(page.locator("#board-announcer")).to_have_text(
        "„Backend Engineer“ bei Acme nach Im Gespräch verschoben.")
    expect(column(page, "Im Gespräch").locator(".board-card")).to_contain_text(["Acme"])
    assert status_of(app, "Acme") == "interviewing"

    # The connection drops: the script says so in German, from the page's messages.
    def drop(route: Route) -> None:
        route.abort("aborted")

    page.route(re.compile(r".*/applications/\d+/status$"), drop)
    card(page, "Globex").drag_to(column(page, "Angebot"))
    expect(page.locator("#board-announcer")).to_have_text(
        "Nicht verschoben: Die Verbindung ist fehlgeschlagen. Versuchen Sie es erneut.")
    assert status_of(app, "Globex") == "saved"
