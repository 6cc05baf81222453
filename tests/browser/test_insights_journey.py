"""Search, match, tailored copy and share link in a real browser, on a phone-sized screen too."""
import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import BrowserProblems
from tests.factories import make_resume

PHONE = {"width": 375, "height": 740}
CONTENT = {
    "basics": {"name": "José Núñez", "label": "Platform Engineer"},
    "work": [{"position": "Engineer", "name": "Globex",
              "highlights": ["Wrote the onboarding guide",
                             "Moved 40 services to Kubernetes without downtime"]}],
    "skills": [{"name": "Cooking"}, {"name": "Python"}],
}
AD = ("Platform Engineer\nWe want Python and Kubernetes experience, Terraform and Docker, and "
      "CI/CD pipelines for our payments platform.")


def check_accessible(page: Page, assert_accessible, where: str) -> None:
    """Fail on serious axe violations and on sideways scrolling at phone width."""
    assert_accessible(where, on=page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where


def test_search_match_tailor_and_share(page: Page, site, app, user, browser, assert_accessible,
                                       live_server):
    make_resume(app, user, title="Platform CV", content=CONTENT)
    page.set_viewport_size(PHONE)
    site.log_in(user.email)

    # Search finds the resume by a skill that appears only in a job highlight.
    site.open("/resume/search")
    page.get_by_label("Search my resumes").fill("KUBERNETES")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 resume found")
    expect(page.locator(".search-snippet mark")).to_have_text("Kubernetes")
    check_accessible(page, assert_accessible, "search results")

    # Match a job ad from the result.
    page.get_by_role("link", name="Match a job ad with “Platform CV”").click()
    page.get_by_label("Job ad").fill(AD)
    page.get_by_role("button", name="Match my resume").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Score: \d+ . 100$"))).to_be_visible()
    expect(page.get_by_role("list", name=re.compile("^Must-haves"))).to_contain_text("Terraform")
    expect(page.get_by_text("“Terraform” is missing (a must-have)")).to_be_visible()
    check_accessible(page, assert_accessible, "match result")

    # A tailored variant, every proposal accepted, puts the highlight and skill the ad asks
    # for first.
    page.get_by_role("button", name="Create tailored variant").click()
    expect(page.get_by_role("status").first).to_contain_text("Created “Platform CV (tailored)”")
    # At phone width the Design tab opens on its settings; the preview is one tap away.
    page.get_by_role("button", name="Show preview").click()
    frame = page.frame_locator("iframe.resume-frame")
    expect(frame.get_by_text("Moved 40 services to Kubernetes")).to_be_visible()

    # Share the copy and open the link logged out, in a fresh browser context.
    site.open("/resume/manage")
    page.locator("details.card-menu").filter(has_text="Platform CV (tailored)")\
        .locator("summary").click()
    page.get_by_role("link", name="Share “Platform CV (tailored)”").click()
    page.get_by_role("button", name="Turn on sharing").click()
    link = page.get_by_label("Public link").input_value()
    assert re.fullmatch(re.escape(live_server) + r"/r/[A-Za-z0-9_-]{43}", link)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#copy-status")).to_have_text(re.compile("Link copied|Ctrl\\+C"))
    check_accessible(page, assert_accessible, "share page")

    visitor = browser.new_context(viewport=PHONE)
    try:
        public = visitor.new_page()
        problems = BrowserProblems()
        problems.watch(public)
        response = public.goto(link)
        assert response.status == 200 and response.headers["x-robots-tag"].startswith("noindex")
        shared = public.frame_locator("iframe")
        expect(shared.get_by_text("José Núñez")).to_be_visible()
        expect(shared.get_by_text("Moved 40 services to Kubernetes")).to_be_visible()
        check_accessible(public, assert_accessible, "public share page")
        assert not problems.report(), problems.report()

        # Stopping sharing kills the link.
        page.get_by_role("button", name="Stop sharing").click()
        expect(page.get_by_text("Sharing is off.", exact=False).first).to_be_visible()
        assert public.goto(link).status == 404
    finally:
        visitor.close()
