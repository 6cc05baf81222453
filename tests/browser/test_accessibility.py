"""axe-core audits of every page, in the states users see them, in a real browser.

Pages send a strict CSP (script-src 'self'), so axe is injected with `page.evaluate`, which
Playwright runs through the DevTools protocol, outside the page's CSP.
"""
import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE
from tests.factories import job_search
from tests.helpers import PASSWORD
from website.extensions import db
from website.models import Application, EmailNotification, JobMatch, Resume, User
from website.services import (
    accounts,
    api_tokens,
    application_links,
    applications,
    design_settings,
    email_change,
    email_service,
    matching,
    resume_translations,
    resumes,
    sharing,
    two_factor,
)
from website.services.matching import tailoring

TAILORING_RESUME = {
    "basics": {"name": "Jane Doe", "summary": "I build dependable web services."},
    "work": [{"position": "Engineer", "name": "Acme",
              "highlights": ["Wrote the onboarding guide", "Tuned PostgreSQL queries"]}],
    "skills": [{"name": "Public speaking"}, {"name": "Python"}],
}
TAILORING_AD = "Payments Engineer\nWe need Python, PostgreSQL and React.\nDocker is a plus."


# Pages anyone opens as they are, by the heading that proves it.
PAGES = {
    "landing": ("/", "Resumes that people and applicant tracking systems can read"),
    "login": ("/login", "Log in"),
    "signup": ("/signup", "Create your account"),
    "forgot-password": ("/forgot-password", "Reset your password"),
    "reset-invalid": ("/reset-password/not-a-real-token", "This reset link no longer works"),
    "unsubscribe-invalid": ("/unsubscribe/not-a-real-token",
                            "This unsubscribe link does not work"),
    "api-docs": ("/api/docs", "API documentation"),
}


def logged_in(site, make_user) -> str:
    """Log a new user in; return their email."""
    email = make_user().email
    site.log_in(email)
    return email


# Each case brings the page into a state and names the heading that proves it got there.
def reset_password(site, make_user, app):
    user = make_user()
    with app.app_context():
        token = accounts.make_reset_token(accounts.find_by_email(user.email))
    site.open(f"/reset-password/{token}")
    return "Choose a new password"


def account(site, make_user, app):
    logged_in(site, make_user)
    site.open("/account")
    return "Your account"


def account_with_token(site, make_user, app):
    """Just after creating a token: the token shown once, and listed."""
    logged_in(site, make_user)
    site.open("/account")
    site.page.get_by_label("Token name").fill("Nightly backup")
    site.page.get_by_role("region", name="API tokens").get_by_label("Current password").fill(
        PASSWORD)
    site.page.get_by_role("button", name="Create token").click()
    expect(site.page.get_by_label("Token", exact=True)).to_have_value(re.compile("^rbt_"))
    return "Your account"


def revoke_token(site, make_user, app):
    user = make_user()
    with app.app_context():
        token, _ = api_tokens.create(accounts.find_by_email(user.email), "Nightly backup", "read")
        token_id = token.id
    site.log_in(user.email)
    site.open(f"/account/tokens/{token_id}/revoke")
    return "Revoke the token “Nightly backup”?"


def unsubscribe(site, make_user, app):
    user = make_user()
    with app.app_context():
        token = email_service.unsubscribe_token(accounts.find_by_email(user.email),
                                                "resume_created")
    site.open(f"/unsubscribe/{token}")
    return "Unsubscribe from “Resume created” emails?"


def two_factor_setup(site, make_user, app):
    """The QR code, the key as text and the form for the first code."""
    logged_in(site, make_user)
    site.open("/account/two-factor")
    site.page.get_by_role("button", name="Set up two-factor sign-in").click()
    return "Two-factor sign-in"


def two_factor_recovery_codes(site, make_user, app):
    """Just after turning it on: the recovery codes shown once."""
    two_factor_setup(site, make_user, app)
    secret = site.page.locator("#totp-secret").inner_text().replace(" ", "")
    site.page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    site.page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(site.page.get_by_role("list", name="Recovery codes")).to_be_visible()
    return "Two-factor sign-in"


def login_code_refused(site, make_user, app):
    """The login's code step, after a wrong code."""
    user = make_user()
    with app.app_context():
        found = accounts.find_by_email(user.email)
        two_factor.begin_setup(found)
        two_factor.confirm_setup(found, pyotp.TOTP(two_factor.credential(found).secret).now())
    site.log_in(user.email)
    site.page.get_by_label("Authentication code").fill("000000")
    site.page.get_by_role("button", name="Log in").click()
    expect(site.page.get_by_label("Authentication code")).to_have_attribute("aria-invalid", "true")
    return "Two-factor sign-in"


def email_change_confirm(site, make_user, app):
    user = make_user()
    with app.test_request_context():
        email_change.request_change(accounts.find_by_email(user.email), "new@example.com")
        [row] = db.session.execute(db.select(EmailNotification)).scalars()
        path = re.search(r"https?://[^/\s]+(/\S+)", row.body_text)[1]
    site.open(path)
    return "Use this email address?"


def matched_resume(make_user, app) -> tuple:
    """Log-in email, and the ids of a resume and its match of an ad with tailoring proposals."""
    user = make_user()
    with app.app_context():
        owner = accounts.find_by_email(user.email)
        resume = resumes.create(owner, "Backend roles", "classic", TAILORING_RESUME)
        return user.email, resume.id, matching.record(resume, owner, TAILORING_AD).id


def match_with_proposals(site, make_user, app):
    """A match result: requirements met and missing, proposals to accept or reject."""
    email, resume_id, match_id = matched_resume(make_user, app)
    site.log_in(email)
    site.open(f"/resume/{resume_id}/match/{match_id}")
    expect(site.page.locator("fieldset.proposal")).not_to_have_count(0)
    return "Match a job ad: Backend roles"


def master_changes_with_conflict(site, make_user, app):
    """A tailored variant whose master changed the summary the variant changed too."""
    email, resume_id, match_id = matched_resume(make_user, app)
    with app.app_context():
        master = db.session.get(Resume, resume_id)
        match = db.session.get(JobMatch, match_id)
        variant = tailoring.create_variant(master, match, master.owner, set())
        for resume, summary in ((variant, "I build payment services."),
                                (master, "I build observable web services.")):
            resumes.save(resume, resume.owner, resume.version,
                         content={**resume.content, "basics": {**resume.content["basics"],
                                                               "summary": summary}})
        variant_id = variant.id
    site.log_in(email)
    site.open(f"/resume/{variant_id}/master-changes")
    expect(site.page.locator("fieldset.merge-conflict")).to_have_count(1)
    return "Changes in the master of “Backend roles (tailored)”"


def not_found(site, make_user, app):
    response = site.open("/no-such-page")
    assert response is not None and response.status == 404
    return "Page not found"


def login_failed(site, make_user, app):
    user = make_user()
    site.log_in(user.email, "not the password at all")
    expect(site.page.get_by_role("alert")).to_have_text("Wrong email or password.")
    return "Log in"


def signup_errors(site, make_user, app):
    site.open("/signup")
    page = site.page
    page.get_by_label("Full name").fill("Jane Doe")
    page.get_by_label("Email").fill("jane@")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill("something else entirely")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("[aria-invalid=true]")).to_have_count(2)
    return "Create your account"


def dashboard_with_applications(site, make_user, app):
    """The applications section's tiles, funnel, rate charts and most viewed table."""
    user = make_user()
    with app.app_context():
        job_search(accounts.find_by_email(user.email))
    site.log_in(user.email)
    site.open("/dashboard")
    return "Dashboard"


def sent_application(app, email: str) -> int:
    """An application of `email`'s that sent a resume; return its id."""
    with app.app_context():
        owner = db.session.get(User, accounts.find_by_email(email).id)
        resume = resumes.create(owner, "Backend roles", content={"basics": {"name": "Jane Doe"}})
        return applications.create(owner, applications.Fields(company="Globex", role="SRE"),
                                   resume=resume).id


def links_refused_expiry(site, make_user, app):
    """The links page after a past expiry date was refused next to its field."""
    user = make_user()
    application_id = sent_application(app, user.email)
    site.log_in(user.email)
    site.open(f"/applications/{application_id}/links")
    site.page.get_by_label("Works until (optional)").fill("2020-01-01")
    site.page.get_by_role("button", name="Make a link").click()
    expect(site.page.locator("[aria-invalid=true]")).to_have_count(1)
    return "Links: SRE at Globex"


def link_revoked(site, make_user, app):
    user = make_user()
    with app.app_context():
        application = db.session.get(Application, sent_application(app, user.email))
        link = application_links.create(application)
        application_links.revoke(link)
        token = link.token
    response = site.open(f"/a/{token}")
    assert response is not None and response.status == 410
    return "This link no longer works"


def translated_resume(make_user, app) -> tuple[str, int, str]:
    """Log-in email, id and share token of a resume translated into Arabic, one of its
    originals changed since."""
    user = make_user()
    with app.app_context():
        owner = accounts.find_by_email(user.email)
        resume = resumes.create(owner, "Backend roles", "classic", TAILORING_RESUME)
        content = resume_translations.with_language(resume.content,
                                                    design_settings.effective(resume), "ar")
        content = resume_translations.translated(content, "ar", {
            "basics.summary": "أبني خدمات ويب موثوقة.", "skills.1.name": "بايثون"})
        resume_translations.save(resume, owner, resume.version, content, "Translated")
        changed = {**resume.content, "basics": {**resume.content["basics"],
                                                "summary": "I build fast web services."}}
        resumes.save(resume, owner, resume.version, content=changed)
        return user.email, resume.id, sharing.share(resume).token


def translations_page(site, make_user, app):
    """A resume's languages with their progress, and the form to add one, refused."""
    email, resume_id, _ = translated_resume(make_user, app)
    site.log_in(email)
    site.open(f"/resume/{resume_id}/translations")
    site.page.get_by_role("button", name="Add language").click()
    expect(site.page.locator("[aria-invalid=true]")).to_have_count(1)
    return "Translations: Backend roles"


def translation_editor(site, make_user, app):
    """The editor of a right-to-left translation, one original changed since, on a phone."""
    email, resume_id, _ = translated_resume(make_user, app)
    site.page.set_viewport_size(PHONE)
    site.log_in(email)
    site.open(f"/resume/{resume_id}/translations/ar")
    expect(site.page.get_by_text("Original changed since you translated it.")).to_be_visible()
    return "Arabic translation: Backend roles"


def shared_translation(site, make_user, app):
    """The public page of a shared resume, in its translation, offering its languages."""
    _, _, token = translated_resume(make_user, app)
    site.open(f"/r/{token}?language=ar")
    return "Resume of Jane Doe"


@pytest.mark.parametrize("path, heading", PAGES.values(), ids=PAGES)
def test_public_page_has_no_serious_accessibility_violations(page: Page, site, assert_accessible,
                                                             path, heading):
    site.open(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    assert_accessible()


@pytest.mark.parametrize("open_page", [
    reset_password, account, account_with_token, revoke_token, two_factor_setup,
    two_factor_recovery_codes, login_code_refused, email_change_confirm, not_found, login_failed,
    signup_errors, unsubscribe, match_with_proposals, master_changes_with_conflict,
    links_refused_expiry, link_revoked, dashboard_with_applications, translations_page,
    translation_editor, shared_translation,
], ids=lambda case: case.__name__.replace("_", "-"))
def test_page_has_no_serious_accessibility_violations(page: Page, site, make_user, app,
                                                      assert_accessible, open_page):
    heading = open_page(site, make_user, app)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    assert_accessible()


def test_api_docs_fit_a_phone_and_scroll_wide_parts_in_their_own_box(page: Page, site,
                                                                     assert_accessible):
    page.set_viewport_size(PHONE)
    site.open("/api/docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("API documentation")

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wide_table = page.get_by_role("region", name="Body fields of POST /api/v1/resumes",
                                  exact=True)
    assert wide_table.evaluate("box => box.scrollWidth > box.clientWidth")
    assert_accessible()
