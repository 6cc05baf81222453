"""The dashboard's charts in German in a real browser: titles, legends, axis labels, the text
alternative and the data tables in the reader's language, numbers and days written the German
way; looked at as a screenshot."""
from pathlib import Path

import pytest
from babel.dates import format_date, format_skeleton
from playwright.sync_api import Page, expect

from tests.factories import add_events, add_match, at, make_resume
from tests.resume_samples import THREE_JOBS
from website.models.base import utcnow

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
DOWNLOADS = 1200  # shown as "1.200" in German


@pytest.fixture
def busy_month(app, user):
    """A resume with many downloads today, a week of views and two job matches."""
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    add_events(app, user.id, resume_id, "download", [at(0)] * DOWNLOADS, {"format": "pdf"})
    for day in range(7):
        add_events(app, user.id, resume_id, "view", [at(day)] * (day + 1))
    add_events(app, user.id, resume_id, "match", [at(3), at(1)])
    add_match(app, user.id, resume_id, 52, at(3), ["kubernetes", "terraform"])
    add_match(app, user.id, resume_id, 74, at(1), ["terraform"])
    return resume_id


def test_the_dashboard_charts_read_in_german(page: Page, site, user, busy_month, tmp_path: Path,
                                             today):
    site.log_in(user.email)
    page.set_extra_http_headers(GERMAN)
    site.open("/dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht")
    expect(page.locator("#total-downloads")).to_have_text("1.200")

    activity = page.get_by_role("img", name="Aktivität pro Tag, letzte 30 Tage")
    expect(activity).to_be_visible()
    # The text alternative read out with the chart, its legend and its axis labels.
    expect(activity.locator("desc")).to_have_text(
        "In den letzten 30 Tagen: Aufrufe 28, Downloads 1.200, Bearbeitungen 1, Abgleiche 2.")
    for legend in ("Aufrufe", "Downloads", "Bearbeitungen", "Abgleiche"):
        expect(activity.locator("text.chart-legend", has_text=legend)).to_have_count(1)
    # The axis ends on the day the page was drawn (a run may cross midnight after the data).
    expect(activity.locator("text.chart-tick", has_text=format_skeleton(
        "MMMd", utcnow().date(), locale="de"))).to_have_count(1)
    expect(activity.locator("text.chart-tick", has_text="2.000")).to_have_count(1)  # the top

    page.get_by_text("Daten von „Aktivität pro Tag, letzte 30 Tage“ als Tabelle anzeigen").click()
    table = page.get_by_role("table", name="Aktivität pro Tag, letzte 30 Tage")
    expect(table.get_by_role("columnheader", name="Tag")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Aufrufe")).to_be_visible()
    expect(table.get_by_role("row", name=f"{format_date(today, 'medium', locale='de')} 1 1.200"))\
        .to_be_visible()

    expect(page.get_by_role("img", name="Punktzahl Ihrer letzten Abgleiche, älteste zuerst"))\
        .to_contain_text("2 Abgleiche; letzte Punktzahl 74, beste 74, niedrigste 52 von 100.")
    keywords = page.get_by_role("img", name="Am häufigsten fehlende Schlüsselwörter")
    expect(keywords).to_be_visible()
    page.get_by_text("Daten von „Am häufigsten fehlende Schlüsselwörter“ als Tabelle "
                     "anzeigen").click()
    expect(page.get_by_role("row", name="terraform 2")).to_be_visible()
    page.screenshot(path=str(tmp_path / "dashboard-de.png"), full_page=True)
