"""The dashboard and a resume's statistics in a real browser: charts drawn under the CSP, their
data tables one click away, no console errors, axe passing, and nothing wider than a phone."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import add_events, add_match, at, make_resume
from tests.resume_samples import THREE_JOBS

PHONE = {"width": 375, "height": 740}


def assert_fits_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for chart in page.get_by_role("img").all():
        box = chart.bounding_box()
        assert box["width"] <= PHONE["width"] and box["height"] > 30  # drawn, not collapsed
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def week_of_use(app, user):
    """Two resumes with a week of views, downloads and two job matches."""
    busy = make_resume(app, user, design="classic", content=THREE_JOBS)
    make_resume(app, user, title="Design roles", design="minimal", content=THREE_JOBS)
    for day in range(7):
        add_events(app, user.id, busy, "view", [at(day)] * (day + 1))
        add_events(app, user.id, busy, "download", [at(day)], {"format": "pdf"})
    add_match(app, user.id, busy, 52, at(3), ["kubernetes", "terraform"])
    add_match(app, user.id, busy, 74, at(1), ["terraform"])
    return busy


def test_dashboard_and_statistics_show_charts_with_their_data(page: Page, site, user,
                                                              week_of_use, assert_accessible):
    site.log_in(user.email)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    charts = page.get_by_role("img")
    expect(charts).to_have_count(4)
    for chart in charts.all():
        expect(chart).to_be_visible()
    expect(page.get_by_role("img", name="Activity per day, last 30 days")).to_be_visible()
    page.get_by_text("Show the data of “Most often missing keywords” as a table").click()
    expect(page.get_by_role("row", name="terraform 2")).to_be_visible()
    assert_accessible()
    assert_fits_a_phone(page)

    downloads = page.get_by_role("columnheader", name=re.compile(r"^Downloads"))
    downloads.get_by_role("link").click()
    expect(downloads).to_have_attribute("aria-sort", "descending")
    page.get_by_role("link", name="Backend roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics of “Backend roles”")
    expect(page.locator("#downloads")).to_have_text("7")
    expect(page.locator("#owner-views")).to_have_text("28")
    expect(page.get_by_role("img", name="Views and downloads per day, last 30 days")) \
        .to_be_visible()
    expect(page.get_by_role("img", name="Job match scores of this resume, oldest first")) \
        .to_be_visible()
    page.get_by_role("link", name="Last 90 days").click()
    expect(page.get_by_role("img", name="Views and downloads per day, last 90 days")) \
        .to_be_visible()
    assert_accessible()
    assert_fits_a_phone(page)
