"""The dashboard's applications section in a real browser: the funnel and response-rate charts
drawn under the CSP with their data one click away, axe passing, nothing wider than a phone."""
from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE
from tests.factories import job_search
from website.extensions import db
from website.models import User

CHARTS = ("Applications that reached each step",
          "Response rate per resume, the share of applications sent that an employer answered",
          "Response rate per design, the share of applications sent that an employer answered")


def test_the_funnel_and_response_rates_are_charts_with_their_data(page: Page, site, app, user,
                                                                  assert_accessible):
    with app.app_context():
        job_search(db.session.get(User, user.id))
    site.log_in(user.email)
    site.open("/dashboard")
    section = page.get_by_role("region", name="Your applications")
    expect(section.locator("#applications-response-rate")).to_have_text("60%")

    for name in CHARTS:
        chart = section.get_by_role("img", name=name)
        expect(chart).to_be_visible()
        assert chart.bounding_box()["height"] > 30  # drawn, not collapsed
    funnel = section.get_by_role("img", name=CHARTS[0])
    # Its name is read out with the summary, as every chart's is.
    expect(funnel).to_have_accessible_name(
        f"{CHARTS[0]} 5 sent; 2 reached an interview (40%) and 1 an offer (20%).")
    expect(funnel.locator("rect")).to_have_count(3)

    table = section.get_by_role("table", name="Response rate per design")
    expect(table).to_be_hidden()
    section.get_by_text("Show the data of “Response rate per design” as a table").click()
    expect(table.get_by_role("row", name="Sidebar 1 0 0%")).to_be_visible()
    expect(section.get_by_role("table", name="Applications whose links employers opened most")
           .get_by_role("row").nth(1)).to_contain_text("Acme")

    assert_accessible()

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for name in CHARTS:
        box = section.get_by_role("img", name=name).bounding_box()
        assert box["width"] <= PHONE["width"] and box["height"] > 30
    assert_accessible()
