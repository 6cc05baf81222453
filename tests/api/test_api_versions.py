"""/api/v1/resumes/{id}/versions with a token: the history the pages show, restored the same way."""
import pytest

from tests.factories import make_token
from tests.helpers import ApiClient
from website.extensions import db
from website.models import Resume

DOCUMENT = {"basics": {"name": "Jane Doe", "label": "Engineer"},
            "skills": [{"name": "Python"}]}


def make_history(api: ApiClient) -> int:
    """Return a resume with three versions: created, skill added, retitled."""
    created = api.post("/api/v1/resumes", json={"title": "Backend roles", "resume": DOCUMENT})
    url = created.headers["Location"]
    with_docker = {**DOCUMENT, "skills": [{"name": "Python"}, {"name": "Docker"}]}
    assert api.put(url, json={"version": 1, "resume": with_docker}).status_code == 200
    assert api.put(url, json={"version": 2, "title": "Data roles"}).status_code == 200
    return created.get_json()["id"]


def test_the_history_lists_every_version_newest_first_in_pages(api):
    resume_id = make_history(api)
    first = api.get(f"/api/v1/resumes/{resume_id}/versions?per_page=2")
    assert first.status_code == 200 and first.headers["X-Total-Count"] == "3"
    items = first.get_json()
    assert [(v["number"], v["title"]) for v in items] == [(3, "Data roles"), (2, "Backend roles")]
    assert items[1]["summary"] == "Added skill Docker" and items[1]["template"] == "modern"
    assert 'page=2&per_page=2>; rel="next"' in first.headers["Link"]
    second = api.get(f"/api/v1/resumes/{resume_id}/versions?per_page=2&page=2")
    assert [v["number"] for v in second.get_json()] == [1]
    assert api.get(items[1]["url"]).get_json()["number"] == 2


def test_a_version_has_the_content_it_was_saved_with(api):
    resume_id = make_history(api)
    version = api.get(f"/api/v1/resumes/{resume_id}/versions/1").get_json()
    assert [skill["name"] for skill in version["resume"]["skills"]] == ["Python"]
    assert version["title"] == "Backend roles" and version["settings"]["accent"] == "#1d5fa8"
    assert api.get(f"/api/v1/resumes/{resume_id}/versions/4").status_code == 404


def test_compare_gives_the_changes_between_two_versions(api):
    resume_id = make_history(api)
    response = api.get(f"/api/v1/resumes/{resume_id}/versions/compare?from=1&to=3")
    assert response.status_code == 200
    comparison = response.get_json()
    assert (comparison["from"]["number"], comparison["to"]["number"]) == (1, 3)
    assert comparison["changes"] == ["renamed “Backend roles” to “Data roles”",
                                     "added skill Docker"]
    skills = next(s for s in comparison["sections"] if s["key"] == "skills")
    assert [(e["headline"], e["status"]) for e in skills["entries"]] == [
        ("Python", "unchanged"), ("Docker", "added")]
    settings = next(s for s in comparison["sections"] if s["key"] == "settings")
    title = next(f for f in settings["fields"] if f["label"] == "Title")
    assert (title["before"], title["after"], title["changed"]) == ("Backend roles", "Data roles",
                                                                   True)
    assert {"text": "Data", "kind": "added"} in title["after_segments"]


@pytest.mark.parametrize("query, status", [
    ("", 422), ("?from=1", 422), ("?from=x&to=2", 422), ("?from=0&to=2", 422),
    ("?from=1&to=9", 404), ("?from=1&to=99999999999", 422),
])
def test_compare_needs_two_of_the_resumes_version_numbers(api, query, status):
    resume_id = make_history(api)
    response = api.get(f"/api/v1/resumes/{resume_id}/versions/compare{query}")
    assert response.status_code == status and response.mimetype == "application/problem+json"


def test_restore_makes_an_old_version_current_as_a_new_one(app, api):
    resume_id = make_history(api)
    response = api.post(f"/api/v1/resumes/{resume_id}/versions/1/restore", json={"version": 3})
    assert response.status_code == 200
    resume = response.get_json()
    assert (resume["version"], resume["title"]) == (4, "Backend roles")
    assert [skill["name"] for skill in resume["resume"]["skills"]] == ["Python"]
    newest = api.get(f"/api/v1/resumes/{resume_id}/versions").get_json()[0]
    assert newest["number"] == 4 and newest["summary"].startswith("Restored version 1")


def test_a_stale_restore_is_refused_and_changes_nothing(app, api):
    resume_id = make_history(api)
    response = api.post(f"/api/v1/resumes/{resume_id}/versions/1/restore", json={"version": 2})
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert response.get_json()["current_version"] == 3
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        assert (resume.version, resume.title) == (3, "Data roles")


@pytest.mark.parametrize("body", [{}, {"version": "3"}, {"version": 3, "force": True}])
def test_a_restore_needs_the_current_version(api, body):
    resume_id = make_history(api)
    response = api.post(f"/api/v1/resumes/{resume_id}/versions/1/restore", json=body)
    assert response.status_code == 422
    assert api.get(f"/api/v1/resumes/{resume_id}").get_json()["version"] == 3


def test_a_read_only_token_reads_the_history_but_cannot_restore(app, user, api):
    resume_id = make_history(api)
    reader = ApiClient(app, make_token(app, user, "read"))
    assert reader.get(f"/api/v1/resumes/{resume_id}/versions").status_code == 200
    refused = reader.post(f"/api/v1/resumes/{resume_id}/versions/1/restore", json={"version": 3})
    assert refused.status_code == 403
    assert api.get(f"/api/v1/resumes/{resume_id}").get_json()["version"] == 3


def test_another_users_versions_are_not_found(app, make_user, api):
    resume_id = make_history(api)
    other = ApiClient(app, make_token(app, make_user(email="sam@example.com")))
    base = f"/api/v1/resumes/{resume_id}/versions"
    for response in (other.get(base), other.get(f"{base}/1"),
                     other.get(f"{base}/compare?from=1&to=2"),
                     other.post(f"{base}/1/restore", json={"version": 3})):
        assert response.status_code == 404
    assert api.get(f"/api/v1/resumes/{resume_id}").get_json()["version"] == 3


def test_numbers_too_large_for_the_database_are_not_found(api):
    resume_id = make_history(api)
    assert api.get(f"/api/v1/resumes/{resume_id}/versions/{10**20}").status_code == 404
    assert api.get(f"/api/v1/resumes/{10**20}/versions").status_code == 404
    assert api.post(f"/api/v1/resumes/{resume_id}/versions/{10**20}/restore",
                    json={"version": 3}).status_code == 404
