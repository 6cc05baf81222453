"""/api/v1/resumes with a token: the same resumes, versions and rules as the pages."""
import json
from pathlib import Path

import pytest

from tests.factories import make_token
from tests.helpers import ApiClient
from website.extensions import db
from website.models import Resume
from website.services import versions

DOCUMENT = {"basics": {"name": "Jane Doe", "email": "jane@example.com",
                       "location": {"city": "Berlin"}},
            "work": [{"position": "Engineer", "name": "Acme", "startDate": "2021-03",
                      "highlights": ["Cut latency by 40%"]}]}


def create(api: ApiClient, title: str = "Backend roles", **body) -> dict:
    response = api.post("/api/v1/resumes", json={"title": title, **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_read_change_and_trash_a_resume(app, api):
    created = create(api, resume=DOCUMENT, template="classic")
    assert created["resume"]["work"][0]["highlights"] == ["Cut latency by 40%"]
    assert (created["template"], created["version"]) == ("classic", 1)
    resume_url = f"/api/v1/resumes/{created['id']}"

    read = api.get(resume_url)
    assert read.headers["ETag"] == '"1"' and read.get_json()["resume"] == created["resume"]

    changed = api.put(resume_url, json={"version": 1, "title": "Data roles",
                                        "settings": {"accent": "#aa0000"}})
    assert changed.status_code == 200
    assert changed.get_json()["version"] == 2 and changed.get_json()["title"] == "Data roles"
    assert changed.get_json()["settings"]["accent"] == "#aa0000"
    with app.app_context():  # the change is a version, like a save in the editor
        resume = db.session.get(Resume, created["id"])
        assert [v.number for v in versions.list_versions(resume).items] == [2, 1]

    assert api.delete(resume_url).status_code == 204
    assert api.get(resume_url).status_code == 404
    with app.app_context():  # in the trash, not gone
        assert db.session.get(Resume, created["id"]).deleted_at is not None


def test_a_stale_version_is_refused_and_changes_nothing(api):
    created = create(api)
    url = f"/api/v1/resumes/{created['id']}"
    assert api.put(url, json={"version": 1, "title": "First tab"}).status_code == 200
    stale = api.put(url, json={"version": 1, "title": "Second tab"})
    assert stale.status_code == 409 and stale.mimetype == "application/problem+json"
    assert stale.get_json()["current_version"] == 2
    assert api.get(url).get_json()["title"] == "First tab"


@pytest.mark.parametrize("body, pointer", [
    ({"title": "x", "bogus": 1}, "#/bogus"),
    ({"title": ""}, "#/title"),
    ({"title": 5}, "#/title"),
    ({"title": "x", "resume": {"work": [{"position": 5}]}}, "#/resume/work/0/position"),
    ({"title": "x", "resume": {"basics": {"email": "not an address"}}}, "#/resume/basics/email"),
    ({"title": "x", "resume": {"work": [{"summary": "x" * 10_001}]}}, "#/resume/work/0/summary"),
    ({"title": "x", "resume": {"meta": ["not", "an", "object"]}}, "#/resume/meta"),
    ({"title": "x", "resume": {"basics": {"profiles": [{"network": "GitHub"}] * 101}}},
     "#/resume/basics/profiles"),
    ({"title": "x", "template": "no-such-design"}, "#/template"),
    ({"title": "x", "settings": {"font_size": 40}}, "#/settings/font_size"),
])
def test_invalid_fields_get_a_problem_naming_each(app, api, body, pointer):
    response = api.post("/api/v1/resumes", json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422 and problem["type"].endswith("#problem-invalid-fields")
    assert pointer in [error.get("pointer") for error in problem["errors"]]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Resume.id))).scalar() == 0


@pytest.mark.parametrize("headers, data, status", [
    ({"Content-Type": "application/json"}, b"{not json", 400),
    ({"Content-Type": "text/plain"}, b"title=x", 415),
    ({"Content-Type": "application/json"}, b'{"title": "' + b"x" * (1024 * 1024) + b'"}', 413),
])
def test_unreadable_bodies_are_refused(api, headers, data, status):
    response = api.post("/api/v1/resumes", data=data, headers=headers)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json" and response.get_json()["detail"]


@pytest.mark.parametrize("authorization", [None, "Bearer ", "Bearer rbt_wrong", "Basic amFuZTp4"])
def test_calls_without_a_valid_token_get_401(app, authorization):
    client = app.test_client()
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/api/v1/resumes", headers=headers)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.mimetype == "application/problem+json"


def test_a_logged_in_browser_session_does_not_open_the_api(auth_client):
    response = auth_client.post("/api/v1/resumes", json={"title": "Forged"})
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_a_read_only_token_reads_but_cannot_write(app, user, api):
    created = create(api)
    reader = ApiClient(app, make_token(app, user, "read"))
    assert reader.get(f"/api/v1/resumes/{created['id']}").status_code == 200
    refused = reader.put(f"/api/v1/resumes/{created['id']}", json={"version": 1, "title": "x"})
    assert refused.status_code == 403 and "read-only" in refused.get_json()["detail"]
    assert reader.delete(f"/api/v1/resumes/{created['id']}").status_code == 403
    assert api.get(f"/api/v1/resumes/{created['id']}").get_json()["title"] == "Backend roles"


def test_another_users_resume_is_not_found(app, make_user, api):
    created = create(api)
    other = ApiClient(app, make_token(app, make_user(email="sam@example.com")))
    url = f"/api/v1/resumes/{created['id']}"
    assert other.get(url).status_code == 404
    assert other.put(url, json={"version": 1, "title": "Mine now"}).status_code == 404
    assert other.delete(url).status_code == 404
    assert other.get("/api/v1/resumes").get_json() == []
    assert api.get(url).get_json()["title"] == "Backend roles"


def test_the_list_is_paginated_with_link_headers(api):
    for number in range(5):
        create(api, f"Resume {number}")
    first = api.get("/api/v1/resumes?per_page=2")
    assert [r["title"] for r in first.get_json()] == ["Resume 4", "Resume 3"]
    assert first.headers["X-Total-Count"] == "5"
    links = first.headers["Link"]
    assert 'page=2&per_page=2>; rel="next"' in links and 'page=3&per_page=2>; rel="last"' in links
    last = api.get("/api/v1/resumes?per_page=2&page=3")
    assert [r["title"] for r in last.get_json()] == ["Resume 0"] and 'rel="next"' not in \
        last.headers["Link"]


def test_the_rate_limit_is_per_account_and_announced(app, user, make_user, app_config):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    first, second = (ApiClient(app, make_token(app, user)) for _ in range(2))
    answers = [first.get("/api/v1/resumes") for _ in range(2)]
    answers += [second.get("/api/v1/resumes") for _ in range(2)]  # more tokens, same budget
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["RateLimit-Policy"] == '"api";q=3;w=60'
    assert answers[1].headers["RateLimit"].startswith('"api";r=1;t=')
    refused = answers[3]
    assert refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    other = ApiClient(app, make_token(app, make_user(email="other@example.com")))
    assert other.get("/api/v1/resumes").status_code == 200  # another account has its own


def test_guessing_tokens_is_limited_per_address(app, user):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    answers = [ApiClient(app, f"rbt_guess{number}").get("/api/v1/resumes")
               for number in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert ApiClient(app, make_token(app, user)).get("/api/v1/resumes").status_code == 200


FIXTURES = Path(__file__).parents[1] / "fixtures" / "json_resume"
# Fields of their own at every level, as tools that extend JSON Resume write them.
EXTENDED = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "x-tool": {"id": "abc", "tags": ["a", 1, None]},
    "basics": {"name": "Jane Doe", "image": "https://example.com/jane.png", "x-pronouns": "she",
               "location": {"city": "Berlin", "countryCode": "DEU", "x-timezone": "CET"},
               "profiles": [{"network": "GitHub", "username": "jane", "x-followers": 120}]},
    "work": [{"name": "Acme", "description": "Payments for small shops", "x-team": "Core",
              "highlights": ["Cut latency by 40%"]}],
    "projects": [{"name": "Ledger", "entity": "Acme", "type": "application",
                  "x-stars": 1200}],
    "meta": {"canonical": "https://example.com/resume.json", "version": "v1.2.0",
             "lastModified": "2026-11-02T08:15:30", "theme": "elegant"},
}


def kept(sent, got) -> bool:
    """Whether everything `sent` holds is in `got`, at the same place (got may add empties)."""
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(kept(v, got.get(k)) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(got, list) and len(sent) == len(got) and all(map(kept, sent, got))
    return sent == got


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.resume.json")), ids=lambda p: p.stem)
def test_a_json_resume_as_other_tools_write_it_is_accepted_whole(api, path):
    document = json.loads(path.read_text())
    created = create(api, resume=document)
    assert kept(document, created["resume"])
    assert kept(document, api.get(created["url"]).get_json()["resume"])


def test_read_then_change_loses_nothing(api):
    created = create(api, resume=EXTENDED)
    assert kept(EXTENDED, created["resume"])
    read = api.get(created["url"]).get_json()
    read["resume"]["basics"]["label"] = "Staff Engineer"
    changed = api.put(created["url"], json={"version": read["version"], "resume": read["resume"]})
    assert changed.status_code == 200, changed.get_json()
    again = api.get(created["url"]).get_json()
    assert again["resume"] == read["resume"] and again["version"] == 2
    assert kept(EXTENDED, again["resume"])
    assert again["resume"]["work"][0]["description"] == "Payments for small shops"
    assert again["resume"]["meta"]["theme"] == "elegant"


def test_our_own_json_export_comes_back_with_its_design(api):
    source = create(api, resume=EXTENDED, template="classic",
                    settings={"accent": "#aa0000", "font_size": 11})
    exported = api.post("/api/v1/export/json", json={"resume_id": source["id"]}).get_json()
    assert exported["meta"]["resumeBuilder"]["template"] == "classic"
    copy = create(api, "Copy", resume=exported)
    assert (copy["template"], copy["settings"]["accent"], copy["settings"]["font_size"]) == (
        "classic", "#aa0000", 11)
    assert "resumeBuilder" not in copy["resume"]["meta"]  # the design is not content
    assert copy["resume"]["meta"] == EXTENDED["meta"]
    assert copy["resume"]["projects"] == source["resume"]["projects"]
    chosen = create(api, "Modern copy", resume=exported, template="modern")
    assert chosen["template"] == "modern"
