"""The dashboard's applications: funnel, response rates per resume and per design, link views.

Applications are made and moved through the applications service, as the pages do, and every
figure is checked against a story with known answers and against a recount of the rows the
database holds. On SQLite and PostgreSQL.
"""
import re
from collections import Counter

import pytest

from tests.factories import job_search, make_token, track
from tests.helpers import ApiClient, counted_queries
from tests.resume_samples import JOB_SEARCH_RESUME
from website.extensions import db
from website.models import Application, Resume, User
from website.services import application_links, applications, designs, resumes
from website.services.statistics import applications as application_stats


def recount(owner: User) -> dict:
    """Recount the figures from the user's rows, one by one, as a person would."""
    rows = db.session.execute(db.select(Application).where(
        Application.user_id == owner.id, Application.deleted_at.is_(None))).scalars().all()
    sent = [row for row in rows if row.furthest_status in applications.FUNNEL]
    rank = {status: n for n, status in enumerate(applications.FUNNEL)}
    return {
        "tracked": len(rows),
        "funnel": [sum(rank[row.furthest_status] >= n for row in sent)
                   for n in range(len(applications.FUNNEL))],
        "responded": sum(row.responded for row in sent),
        "by_resume": Counter((row.resume.title, row.responded) for row in sent),
        "by_design": Counter((row.sent_design, row.responded) for row in sent),
        "views": sum(link.view_count for row in rows for link in row.links),
    }


@pytest.fixture
def owner_id(app, user) -> int:
    with app.app_context():
        job_search(db.session.get(User, user.id))
    return user.id


def test_the_figures_tell_the_story_of_the_job_search(app, owner_id):
    with app.app_context():
        stats = application_stats.get_application_stats(db.session.get(User, owner_id))
    assert stats.tracked == 7 and stats.applied == 5
    assert [(step.status, step.count, step.percent) for step in stats.funnel] == [
        ("applied", 5, 100), ("interviewing", 2, 40), ("offer", 1, 20)]
    assert (stats.overall.applied, stats.overall.responded, stats.overall.percent) == (5, 3, 60)
    assert [(rate.label, rate.applied, rate.responded, rate.percent)
            for rate in stats.by_resume] == [("Backend roles", 3, 2, 67),
                                             ("Backend roles (tailored)", 2, 1, 50)]
    assert [(rate.key, rate.label, rate.applied, rate.responded, rate.percent)
            for rate in stats.by_design] == [("classic", "Classic", 2, 1, 50),
                                             ("modern", "Modern", 2, 2, 100),
                                             ("sidebar", "Sidebar", 1, 0, 0)]
    assert stats.link_views == 4
    assert [(viewed.company, viewed.views) for viewed in stats.most_viewed] == [
        ("Acme", 3), ("Umbrella", 1)]
    assert all(viewed.last_viewed_at is not None for viewed in stats.most_viewed)


def test_the_figures_equal_a_recount_of_the_database(app, owner_id):
    with app.app_context():
        owner = db.session.get(User, owner_id)
        stats = application_stats.get_application_stats(owner)
        expected = recount(owner)
        assert stats.link_views == expected["views"] == application_links.total_views(owner)
    assert stats.tracked == expected["tracked"]
    assert [step.count for step in stats.funnel] == expected["funnel"]
    assert stats.overall.responded == expected["responded"]
    by_resume = Counter()
    for rate in stats.by_resume:
        by_resume[(rate.label, True)] += rate.responded
        by_resume[(rate.label, False)] += rate.applied - rate.responded
    assert +by_resume == expected["by_resume"]
    by_design = Counter()
    for rate in stats.by_design:
        by_design[(rate.key, True)] += rate.responded
        by_design[(rate.key, False)] += rate.applied - rate.responded
    assert +by_design == expected["by_design"]


def test_another_users_applications_are_never_counted(app, owner_id, make_user):
    stranger_id = make_user("mallory@example.com").id
    with app.app_context():
        stranger = db.session.get(User, stranger_id)
        before = application_stats.get_application_stats(stranger)
        track(stranger, "Cyberdyne", "applied", "offer",
              resume=resumes.create(stranger, "Mallory's", "minimal", JOB_SEARCH_RESUME), views=2)
        theirs = application_stats.get_application_stats(stranger)
        mine = application_stats.get_application_stats(db.session.get(User, owner_id))
    assert before.tracked == 0 and before.most_viewed == [] and before.link_views == 0
    assert (theirs.tracked, theirs.applied, theirs.link_views) == (1, 1, 2)
    assert [rate.label for rate in theirs.by_resume] == ["Mallory's"]
    assert [viewed.company for viewed in theirs.most_viewed] == ["Cyberdyne"]
    assert (mine.tracked, mine.applied, mine.link_views) == (7, 5, 4)
    assert "Minimal" not in [rate.label for rate in mine.by_design]
    assert "Cyberdyne" not in [viewed.company for viewed in mine.most_viewed]


@pytest.mark.parametrize("part, whole, expected", [
    (1, 3, 33), (2, 3, 67), (1, 8, 13), (1, 200, 1), (1, 201, 0), (0, 5, 0), (7, 7, 100),
    (0, 0, None)])
def test_rates_are_whole_percentages_with_halves_rounded_up_and_none_of_nothing(
        part, whole, expected):
    assert application_stats.percent(part, whole) == expected


def test_applications_never_sent_give_no_rate_rather_than_a_division_by_zero(app, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        empty = application_stats.get_application_stats(owner)
        track(owner, "Acme")
        track(owner, "Globex", "withdrawn")
        saved = application_stats.get_application_stats(owner)
    for stats, tracked in ((empty, 0), (saved, 2)):
        assert stats.tracked == tracked and stats.applied == 0
        assert [(step.count, step.percent) for step in stats.funnel] == [(0, None)] * 3
        assert stats.overall.percent is None
        assert stats.by_resume == stats.by_design == stats.most_viewed == []


def dashboard(client) -> str:
    response = client.get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def figure(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, f"no #{element_id} on the page"
    return match.group(1).strip()


def table_cells(html: str, caption: str) -> list[list[str]]:
    """Return the text of each body row of the table with `caption`, header cell first."""
    table = html[html.index(f'<caption class="visually-hidden">{caption}</caption>'):]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    return [[re.sub(r"<[^>]+>", "", cell).split("\n")[0].strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_dashboard_shows_the_funnel_and_rates_as_charts_with_tables(auth_client, owner_id):
    html = dashboard(auth_client)
    assert figure(html, "applications-tracked") == "7"
    assert figure(html, "applications-sent") == "5"
    assert figure(html, "applications-response-rate") == "60%"
    assert figure(html, "applications-link-views") == "4"
    assert "3 of 5 answered" in html

    assert '<title id="funnel-chart-title">Applications that reached each step</title>' in html
    assert ('<desc id="funnel-chart-desc">5 sent; 2 reached an interview (40%) and 1 an offer '
            "(20%).</desc>") in html
    # The funnel narrows: each step's bar is centred, as wide as its share of those sent.
    assert re.search(r'viewBox="0 0 480 128" role="img"\s*aria-labelledby="funnel-chart-title',
                     html)
    assert re.findall(r'<rect class="chart-bar" x="([\d.]+)" y="\d+" width="([\d.]+)" '
                      r'height="30">', html) == [("120.0", "260.0"), ("198.0", "104.0"),
                                                 ("224.0", "52.0")]
    assert table_cells(html, "Applications that reached each step") == [
        ["Applied", "5", "100%"], ["Interviewing", "2", "40%"], ["Offer", "1", "20%"]]
    assert table_cells(html, "Response rate per resume") == [
        ["Backend roles", "3", "2", "67%"], ["Backend roles (tailored)", "2", "1", "50%"]]
    assert table_cells(html, "Response rate per design") == [
        ["Classic", "2", "1", "50%"], ["Modern", "2", "2", "100%"], ["Sidebar", "1", "0", "0%"]]
    assert "Backend roles: 2 of 3 answered (67%); Backend roles (tailored): 1 of 2 answered " \
           "(50%)." in html
    # Each rate's bar is drawn against 100%, its value written beside it.
    assert re.search(r'<rect class="chart-bar" x="150" y="30" width="280.0" height="18">'
                     r'</rect>\s*<text class="chart-value" x="436.0" y="44">100%</text>', html)
    assert [row[:2] for row in table_cells(
        html, "Applications whose links employers opened most")] == [["Acme", "3"],
                                                                     ["Umbrella", "1"]]
    assert "Trashed" not in html


def test_the_dashboard_tells_a_new_user_how_to_start_tracking(auth_client):
    html = dashboard(auth_client)
    assert "No applications tracked yet" in html
    assert "Move it along" in html and "funnel-chart" not in html


def test_the_dashboard_links_the_applications_pages(app, auth_client, owner_id):
    html = dashboard(auth_client)
    assert '<a class="btn btn-outline-secondary" href="/applications/">Open your applications' \
        in html
    with app.app_context():
        acme = db.session.execute(db.select(Application.id).where(
            Application.company == "Acme")).scalar_one()
    assert f'<a href="/applications/{acme}">Acme</a>' in html


def test_the_empty_dashboard_links_the_form_for_a_first_application(auth_client):
    html = dashboard(auth_client)
    assert '<a class="btn btn-primary" href="/applications/new">Track your first application' \
        in html


def test_the_dashboard_asks_to_move_applications_never_sent(app, auth_client, user):
    with app.app_context():
        track(db.session.get(User, user.id), "Acme")
    html = dashboard(auth_client)
    assert figure(html, "applications-tracked") == "1"
    assert figure(html, "applications-response-rate") == "—"
    assert "None of your 1 application has been sent yet." in html
    assert "funnel-chart" not in html and "rate-chart" not in html


def test_the_number_of_queries_does_not_grow_with_the_applications(app, auth_client, user):
    with app.app_context():
        owner = db.session.get(User, user.id)
        track(owner, "First", "applied",
              resume=resumes.create(owner, "R", "modern", JOB_SEARCH_RESUME), views=1)

    def count() -> tuple[int, int]:
        with app.app_context():
            owner = db.session.get(User, user.id)
            designs.names()  # read once per request, and not by this service alone
            with counted_queries(app) as statements:
                application_stats.get_application_stats(owner)
            service = len(statements)
        with counted_queries(app) as statements:
            dashboard(auth_client)
        return service, len(statements)

    small = count()
    with app.app_context():
        owner = db.session.get(User, user.id)
        for n in range(12):
            resume = resumes.create(owner, f"Resume {n}", ("modern", "classic", "minimal")[n % 3],
                                    JOB_SEARCH_RESUME)
            for step in range(3):
                track(owner, f"Company {n}.{step}", *applications.FUNNEL[:step + 1],
                      resume=resume, views=step)
    assert count() == small
    assert small[0] == 2


def test_the_api_gives_the_dashboards_figures(app, api, auth_client, owner_id):
    response = api.get("/api/v1/analytics/applications")
    assert response.status_code == 200
    body = response.get_json()
    html = dashboard(auth_client)
    assert body["tracked"] == int(figure(html, "applications-tracked")) == 7
    assert body["link_views"] == int(figure(html, "applications-link-views")) == 4
    assert body["response_rate"] == {"applied": 5, "responded": 3, "percent": 60}
    assert body["funnel"] == [
        {"status": "applied", "label": "Applied", "applications": 5, "percent_of_applied": 100},
        {"status": "interviewing", "label": "Interviewing", "applications": 2,
         "percent_of_applied": 40},
        {"status": "offer", "label": "Offer", "applications": 1, "percent_of_applied": 20}]
    with app.app_context():
        ids = dict(db.session.execute(db.select(Resume.title, Resume.id)).all())
    assert body["by_resume"] == [
        {"resume_id": ids["Backend roles"], "title": "Backend roles", "applied": 3,
         "responded": 2, "percent": 67},
        {"resume_id": ids["Backend roles (tailored)"], "title": "Backend roles (tailored)",
         "applied": 2, "responded": 1, "percent": 50}]
    assert [(rate["design"], rate["name"], rate["percent"]) for rate in body["by_design"]] == [
        ("classic", "Classic", 50), ("modern", "Modern", 100), ("sidebar", "Sidebar", 0)]
    assert [(viewed["company"], viewed["views"]) for viewed in body["most_viewed"]] == [
        ("Acme", 3), ("Umbrella", 1)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)",
                        body["most_viewed"][0]["last_viewed_at"])


def test_the_api_gives_another_user_only_theirs_and_nulls_before_any_is_sent(app, owner_id,
                                                                           make_user):
    stranger = ApiClient(app, make_token(app, make_user(email="mallory@example.com"),
                                         scope="read"))
    body = stranger.get("/api/v1/analytics/applications").get_json()
    assert body["tracked"] == body["link_views"] == 0
    assert body["response_rate"] == {"applied": 0, "responded": 0, "percent": None}
    assert [step["percent_of_applied"] for step in body["funnel"]] == [None] * 3
    assert body["by_resume"] == body["by_design"] == body["most_viewed"] == []


def test_the_operation_is_documented_with_its_example(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/analytics/applications"]["get"]
    assert operation["summary"] == "Your applications: the funnel, response rates and link views"
    example = operation["responses"]["200"]["content"]["application/json"]["example"]
    assert example["response_rate"] == {"applied": 5, "responded": 3, "percent": 60}
