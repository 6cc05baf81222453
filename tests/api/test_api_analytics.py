"""/api/v1/analytics: the dashboard's and the admin page's figures, for scripts."""
import re

import pytest

from tests.factories import grow, make_resume, make_token
from tests.helpers import ApiClient, counted_queries, figure, make_admin, table_row
from tests.resume_samples import THREE_JOBS


def test_the_dashboard_figures_are_the_dashboard_pages(api, auth_client, three_resumes, today):
    response = api.get("/api/v1/analytics/dashboard")
    assert response.status_code == 200
    body = response.get_json()
    page = auth_client.get("/dashboard").get_data(as_text=True)
    totals = body["totals"]
    assert totals["resumes"] == int(figure(page, "total-resumes")) == 3
    assert totals["downloads"] == int(figure(page, "total-downloads")) == 12
    assert totals["owner_views"] + totals["public_views"] == int(figure(page, "total-views"))
    assert f"{totals['owner_views']} by you, {totals['public_views']} public" in page
    assert totals["downloads_by_format"] == {"pdf": 3, "docx": 1, "txt": 1, "json": 7}

    rows = {row["title"]: row for row in body["resumes"]}
    assert [row["title"] for row in body["resumes"]] == ["Design roles", "Blank slate",
                                                         "Backend roles"]
    design = rows["Design roles"]
    page_row = re.search(r">Design roles</a>.*?</tr>", page, re.S).group(0)
    assert re.findall(r'<td class="text-end">(\d+%?|\d+/100)</td>', page_row) == [
        str(design["downloads"]), str(design["owner_views"] + design["public_views"]),
        f"{design['completion_percent']}%", f"{design['best_match_score']}/100"]
    assert design["template"] == "classic" and design["downloads_by_format"]["json"] == 7
    assert rows["Backend roles"]["downloads_by_format"] == {"pdf": 3, "docx": 1, "txt": 1,
                                                            "json": 0}
    assert (rows["Backend roles"]["owner_views"], rows["Backend roles"]["public_views"]) == (2, 4)
    assert rows["Blank slate"]["best_match_score"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)",
                        design["updated_at"])

    activity = body["activity"]
    assert len(activity) == 30 and activity[-1]["date"] == today.isoformat()
    last_day = activity[-1]["counts"]
    assert [str(last_day[name]) for name in ("Views", "Downloads", "Edits", "Matches")] == \
        table_row(page, today)
    assert {"keyword": "kubernetes", "times": 3} in body["missing_keywords"]


def test_another_users_figures_stay_theirs(app, make_user, three_resumes):
    stranger = ApiClient(app, make_token(app, make_user(email="mallory@example.com")))
    body = stranger.get("/api/v1/analytics/dashboard").get_json()
    assert body["resumes"] == [] and body["totals"]["downloads"] == 0
    assert stranger.get("/api/v1/analytics/match-scores").get_json() == []
    assert stranger.get("/api/v1/analytics/templates").get_json() == []


def test_match_scores_newest_first_a_page_at_a_time(api, three_resumes, today):
    response = api.get("/api/v1/analytics/match-scores?per_page=2")
    assert response.status_code == 200 and response.headers["X-Total-Count"] == "3"
    first = response.get_json()
    assert [(m["resume_title"], m["score"]) for m in first] == [("Design roles", 88),
                                                                ("Backend roles", 67)]
    assert first[0]["missing_keywords"] == ["figma", "kubernetes"]
    assert first[0]["resume_id"] == three_resumes["Design roles"]
    assert first[0]["created_at"].startswith(today.isoformat() + "T12:00:00")
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"',
                                                      response.headers["Link"]))
    assert set(links) == {"first", "next", "last"}
    second = api.get(links["next"]).get_json()
    assert [m["score"] for m in second] == [41]


def test_usage_counts_each_action_per_day_over_30_or_90_days(api, three_resumes, today):
    month = api.get("/api/v1/analytics/usage").get_json()
    assert month["days"] == 30 and len(month["usage"]) == 30
    assert set(month["actions"]) == {"create", "update", "view", "share_view", "download",
                                     "match", "restore"}
    last_day = month["usage"][-1]
    assert last_day["date"] == today.isoformat()
    assert (last_day["counts"]["download"], last_day["counts"]["view"],
            last_day["counts"]["share_view"], last_day["counts"]["create"]) == (9, 1, 3, 3)
    assert sum(day["counts"]["download"] for day in month["usage"]) == 11

    quarter = api.get("/api/v1/analytics/usage?days=90").get_json()
    assert len(quarter["usage"]) == 90
    assert sum(day["counts"]["download"] for day in quarter["usage"]) == 12
    assert sum(day["counts"]["share_view"] for day in quarter["usage"]) == 4


@pytest.mark.parametrize("days", ["7", "365", "0", "thirty"])
def test_other_usage_windows_are_refused(api, days):
    response = api.get(f"/api/v1/analytics/usage?days={days}")
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["parameter"] == "days"


def test_templates_count_the_resumes_of_each_design(api, auth_client, three_resumes):
    body = api.get("/api/v1/analytics/templates").get_json()
    assert body == [{"template": "classic", "name": "Classic", "resumes": 2},
                    {"template": "minimal", "name": "Minimal", "resumes": 1}]
    page = auth_client.get("/dashboard").get_data(as_text=True)
    assert table_row(page, "Classic") == ["2"] and table_row(page, "Minimal") == ["1"]


def test_site_figures_are_for_admins_only(app, api, runner, user, make_user,
                                          three_resumes, today):
    refused = api.get("/api/v1/analytics/admin")
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert "administrators" in refused.get_json()["detail"]

    make_admin(app, runner, user)
    make_resume(app, make_user(email="other@example.com"), title="Other", content=THREE_JOBS)
    response = api.get("/api/v1/analytics/admin")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["users"], body["resumes"]) == (2, 4)
    assert {"name": "Classic", "resumes": 2} in body["templates"]
    last_day = body["exports"][-1]
    assert last_day["date"] == today.isoformat()
    assert last_day["counts"] == {"PDF": 2, "DOCX": 0, "TXT": 0, "JSON": 7}
    assert body["growth"][-1]["counts"] == {"New users": 2, "New resumes": 4}
    assert body["webhooks"] == {"delivered": 0, "failed": 0, "pending": 0, "percent": None}


def test_the_number_of_queries_does_not_grow_with_the_data(app, api, user,
                                                           three_resumes):
    paths = ["/api/v1/analytics/dashboard", "/api/v1/analytics/match-scores",
             "/api/v1/analytics/usage?days=90", "/api/v1/analytics/templates"]

    def count_queries() -> dict[str, int]:
        counts = {}
        for path in paths:
            with counted_queries(app) as statements:
                assert api.get(path).status_code == 200
            # The token's last use is written now and then, whatever the data.
            counts[path] = len([s for s in statements if "api_tokens" not in s])
        return counts

    small = count_queries()
    grow(app, user.id, resumes_count=12, events_per_resume=10)
    assert count_queries() == small
    assert max(small.values()) <= 10


def test_a_read_only_token_reads_the_figures(app, user, three_resumes):
    reader = ApiClient(app, make_token(app, user, "read"))
    for path in ("dashboard", "match-scores", "usage", "templates"):
        assert reader.get(f"/api/v1/analytics/{path}").status_code == 200, path
    assert reader.get("/api/v1/analytics/dashboard").get_json()["totals"]["downloads"] == 12
