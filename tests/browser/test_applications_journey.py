"""A job seeker tracks three applications, each sent with another resume or variant, in
Chromium: added through the form, moved on the board by dragging, from the keyboard and, with
JavaScript off, by the cards' forms; the board and the list agree with the database."""
import copy
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import Site
from website.extensions import db
from website.models import Application, Resume, User
from website.services import applications, resumes

CONTENT = {
    "basics": {"name": "Jane Doe", "label": "Backend Engineer", "email": "jane@example.com"},
    "skills": [{"name": "Python"}, {"name": "PostgreSQL"}],
}
AD = "Backend Engineer\n\nRequirements:\n- Python\n- Kubernetes\n"
PHONE = {"width": 390, "height": 844}


def three_resumes(app, user) -> None:
    """A master, a variant of it and another resume."""
    with app.app_context():
        owner = db.session.get(User, user.id)
        master = resumes.create(owner, "Backend", "modern", copy.deepcopy(CONTENT))
        variant = resumes.create(owner, "Backend for Acme", "classic", copy.deepcopy(CONTENT))
        variant.master_id = master.id
        db.session.commit()
        resumes.create(owner, "Data roles", "sidebar", copy.deepcopy(CONTENT))


def statuses_in_database(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(db.select(Application.company, Application.status)).all())


def sent_in_database(app) -> dict[str, tuple[str, int]]:
    with app.app_context():
        return {application.company: (application.resume.title, application.sent_version)
                for application in db.session.execute(db.select(Application)).scalars()}


def add_application(page: Page, company: str, role: str, resume: str, status: str) -> None:
    page.get_by_role("link", name="New application").first.click()
    page.get_by_label("Company").fill(company)
    page.get_by_label("Role").fill(role)
    page.get_by_label("Job ad text").fill(AD)
    page.get_by_label("Resume to send").select_option(label=resume)
    page.get_by_label("Status").select_option(label=status)
    page.get_by_role("button", name="Save application").click()
    expect(page.get_by_role("status")).to_have_text(f"Added “{role}” at {company}.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{role} at {company}")


def column(page: Page, label: str):
    return page.get_by_role("region", name=re.compile(rf"^{label} \d+$"))


def card(page: Page, company: str):
    return page.locator(".board-card").filter(has_text=company)


def board_agrees_with_database(page: Page, app) -> None:
    """Each column shows exactly the applications of its status, with the right count."""
    expected = statuses_in_database(app)
    for status in ("saved", "applied", "interviewing", "offer", "rejected", "withdrawn"):
        region = page.locator(f'.board-column[data-status="{status}"]')
        companies = sorted(company for company, has in expected.items() if has == status)
        shown = sorted(region.locator(".board-card-title").all_inner_texts())
        assert shown == companies, status
        expect(region.locator("[data-count]")).to_have_text(str(len(companies)))


def list_agrees_with_database(site: Site, app) -> None:
    page = site.page
    for company, status in statuses_in_database(app).items():
        site.open(f"/applications/?status={status}")
        expect(page.locator(".application-row").filter(has_text=company)).to_have_count(1)
    site.open("/applications/")
    expect(page.locator(".application-row")).to_have_count(len(statuses_in_database(app)))


def test_three_applications_moved_by_dragging_by_keyboard_and_without_javascript(
        page: Page, site: Site, app, user, browser: Browser, live_server, assert_accessible):
    three_resumes(app, user)
    site.log_in(user.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")

    add_application(page, "Acme", "Backend Engineer", "Backend for Acme (variant of Backend)",
                    "Saved")
    expect(page.get_by_role("region", name="Resume sent")).to_contain_text(
        "Version 1 of “Backend for Acme”")
    expect(page.get_by_role("region", name="Match with the ad")).to_contain_text("Kubernetes")
    site.open("/applications/")
    add_application(page, "Globex", "Data Engineer", "Data roles", "Applied")
    site.open("/applications/")
    add_application(page, "Initech", "Platform Engineer", "Backend", "Saved")
    assert sent_in_database(app) == {"Acme": ("Backend for Acme", 1),
                                     "Globex": ("Data roles", 1), "Initech": ("Backend", 1)}

    page.get_by_role("main").get_by_role("link", name="Board", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board")
    board_agrees_with_database(page, app)
    assert_accessible()

    # Drag Acme from Saved to Interviewing: the card moves in place, counts follow.
    card(page, "Acme").drag_to(column(page, "Interviewing"))
    expect(column(page, "Interviewing").locator(".board-card")).to_contain_text(["Acme"])
    expect(page.locator("#board-announcer")).to_have_text(
        "Moved “Backend Engineer” at Acme to Interviewing.")
    assert statuses_in_database(app)["Acme"] == "interviewing"
    board_agrees_with_database(page, app)

    # From the keyboard: the card's status and its Move button; focus stays with the card.
    select = card(page, "Globex").get_by_label("Move “Data Engineer” at Globex to")
    select.focus()
    select.select_option("offer")
    page.keyboard.press("Tab")
    expect(card(page, "Globex").get_by_role("button", name="Move “Data Engineer” at Globex")) \
        .to_be_focused()
    page.keyboard.press("Enter")
    expect(column(page, "Offer").locator(".board-card")).to_contain_text(["Globex"])
    expect(card(page, "Globex").get_by_label("Move “Data Engineer” at Globex to")).to_be_focused()
    assert statuses_in_database(app)["Globex"] == "offer"
    board_agrees_with_database(page, app)

    # Without JavaScript: the card's form moves it with a page load.
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = Site(live_server, context.new_page())
        plain.log_in(user.email)
        plain.open("/applications/board")
        card(plain.page, "Initech").get_by_label("Move “Platform Engineer” at Initech to") \
            .select_option("rejected")
        card(plain.page, "Initech").get_by_role("button", name="Move").click()
        expect(plain.page.get_by_role("status").first).to_have_text(
            "Moved “Platform Engineer” at Initech to Rejected.")
        expect(column(plain.page, "Rejected").locator(".board-card")).to_contain_text(["Initech"])
        board_agrees_with_database(plain.page, app)
    finally:
        context.close()
    assert statuses_in_database(app) == {"Acme": "interviewing", "Globex": "offer",
                                         "Initech": "rejected"}

    page.reload()
    board_agrees_with_database(page, app)
    list_agrees_with_database(site, app)

    # The detail page tells the story and works at phone width.
    page.set_viewport_size(PHONE)
    page.locator(".application-row").filter(has_text="Acme").get_by_role("link").click()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.locator("li")).to_have_count(2)
    expect(timeline.locator("li").first).to_contain_text("Moved from Saved to Interviewing")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible()


def tracked(app, user) -> int:
    """Two applications, one sent with a resume since changed and one in the trash; return the
    first one's id."""
    three_resumes(app, user)
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = db.session.execute(db.select(Resume).where(Resume.title == "Backend")).scalar()
        application = applications.create(
            owner, applications.Fields(company="Acme", role="Backend Engineer", ad_text=AD,
                                       notes="Call Ann on Monday."),
            status="applied", resume=resume)
        applications.move(application, "interviewing")
        changed = copy.deepcopy(resume.content)
        changed["basics"]["label"] = "Staff Engineer"
        resumes.save(resume, owner, resume.version, content=changed)
        trashed = applications.create(owner, applications.Fields(company="Globex", role="SRE"))
        applications.move_to_trash(trashed)
        resumes.move_to_trash(resume)
        return application.id


# Each case opens a page in the state users see it and names its heading.
def application_list(site, application_id):
    site.open("/applications/")
    return "Applications"


def application_board(site, application_id):
    site.open("/applications/board")
    return "Board"


def application_detail_refused_move(site, application_id):
    """The detail page after a forged status: the error next to the status mover."""
    page = site.page
    site.open(f"/applications/{application_id}")
    page.locator(f"#move-{application_id}-status option[value=offer]").evaluate(
        "option => { option.value = 'hired'; }")
    page.get_by_label("Move “Backend Engineer” at Acme to").select_option("hired")
    page.get_by_role("button", name="Move “Backend Engineer” at Acme").click()
    expect(page.locator(f"#move-{application_id}-status-error")).to_have_text(
        "Choose one of the statuses listed.")
    return "Backend Engineer at Acme"


def application_form_errors(site, application_id):
    site.open("/applications/new")
    site.page.get_by_label("Job ad address").fill("javascript:alert(1)")
    site.page.get_by_role("button", name="Save application").click()
    expect(site.page.locator("[aria-invalid=true]")).to_have_count(3)
    return "New application"


def application_trash(site, application_id):
    site.open("/applications/trash")
    return "Trashed applications"


def resume_purge_refused(site, application_id):
    site.open("/resume/trash")
    site.page.get_by_role("link", name="Delete forever “Backend”").click()
    return "“Backend” cannot be deleted for good"


@pytest.mark.parametrize("open_page", [
    application_list, application_board, application_detail_refused_move,
    application_form_errors, application_trash, resume_purge_refused,
], ids=lambda case: case.__name__.replace("_", "-"))
def test_applications_pages_are_accessible_and_fit_a_phone(page: Page, site: Site, app, user,
                                                           assert_accessible, open_page):
    application_id = tracked(app, user)
    site.log_in(user.email)
    heading = open_page(site, application_id)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible()
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible()
