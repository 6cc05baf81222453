"""/api/v1/applications with a token: add, read, change, move, trash and restore applications,
list them page by page and read their timeline; another user's ids are not found, read-only
tokens change nothing and bad bodies are refused field by field. On SQLite and PostgreSQL."""
import re

import pytest

from tests.factories import make_resume, make_token
from tests.helpers import ApiClient, counted_queries, detached
from website.extensions import db
from website.models import Application, ApplicationEvent, Resume, User
from website.models.api_token import READ
from website.services import applications, resumes

AD = "Backend Engineer at Acme\n\nRequirements:\n- Python\n- PostgreSQL\n- Kubernetes\n"
CONTENT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"},
           "skills": [{"name": "Python"}, {"name": "PostgreSQL"}]}
PROBLEM = "application/problem+json"


def make_application(app, user, company: str = "Acme", status: str = "saved") -> int:
    with app.app_context():
        return applications.create(db.session.get(User, user.id), applications.Fields(
            company=company, role="Backend Engineer"), status=status).id


def stored(app, application_id: int) -> Application | None:
    """The application as stored now, detached (None once it is gone)."""
    return detached(app, Application, application_id)


def event_types(app, application_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.execute(
            db.select(ApplicationEvent.type).where(
                ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)).scalars())


def count_applications(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Application))


def pointers(response) -> list[str]:
    assert response.status_code == 422 and response.mimetype == PROBLEM, response.get_data()
    return [error.get("pointer") or error.get("parameter")
            for error in response.get_json()["errors"]]


@pytest.fixture
def stranger(app, make_user) -> ApiClient:
    """Another user's read-and-write API client."""
    return ApiClient(app, make_token(app, make_user(email="sam@example.com", name="Sam")))


def test_an_application_keeps_the_version_sent_and_its_match(app, user, api):
    resume_id = make_resume(app, user, content=CONTENT)

    response = api.post("/api/v1/applications", json={
        "company": "Acme", "role": "Backend Engineer", "location": "Berlin",
        "ad_url": "https://jobs.example.com/acme/42", "ad_text": AD, "status": "applied",
        "resume_id": resume_id, "follow_up_on": "2026-12-04"})

    assert response.status_code == 201
    created = response.get_json()
    assert response.headers["Location"] == created["url"]
    assert (created["status"], created["furthest_status"], created["resume_id"],
            created["sent_version"], created["sent_design"]) == (
        "applied", "applied", resume_id, 1, "modern")
    assert created["applied_on"] and created["follow_up_on"] == "2026-12-04"
    assert created["match"]["missing_must_haves"] == ["Kubernetes"]
    assert set(created["match"]["met_must_haves"]) == {"Python", "PostgreSQL"}
    # The resume changes afterwards; what was sent does not.
    resume = api.get(f"/api/v1/resumes/{resume_id}").get_json()
    assert api.put(resume["url"], json={"version": 1, "title": "Changed"}).status_code == 200
    read = api.get(created["url"]).get_json()
    assert read["sent_version"] == 1 and read["ad_text"] == AD.strip()
    version = api.get(read["sent_version_url"]).get_json()
    assert (version["number"], version["title"]) == (1, "Backend roles")
    assert event_types(app, created["id"]) == ["application.created"]


def test_changing_fields_moving_and_sending_a_newer_version(app, user, api):
    resume_id = make_resume(app, user, content=CONTENT)
    created = api.post("/api/v1/applications", json={
        "company": "Acme", "role": "Engineer", "resume_id": resume_id}).get_json()
    api.put(f"/api/v1/resumes/{resume_id}", json={"version": 1, "title": "Backend, v2"})

    response = api.open("PATCH", created["url"], json={
        "role": "Senior Engineer", "notes": "Referred by Sam.", "status": "interviewing",
        "resume_id": resume_id})

    assert response.status_code == 200
    changed = response.get_json()
    assert (changed["company"], changed["role"], changed["notes"]) == (
        "Acme", "Senior Engineer", "Referred by Sam.")
    assert (changed["status"], changed["furthest_status"], changed["responded"]) == (
        "interviewing", "interviewing", True)
    assert changed["sent_version"] == 2
    moved = api.post(f"{created['url']}/status", json={"status": "rejected"}).get_json()
    assert (moved["status"], moved["furthest_status"]) == ("rejected", "interviewing")
    assert api.post(f"{created['url']}/status", json={"status": "rejected"}).status_code == 200
    events = api.get(created["events_url"]).get_json()
    assert [(event["type"], event["details"]) for event in events] == [
        ("application.status_changed", {"from": "interviewing", "to": "rejected"}),
        ("application.status_changed", {"from": "saved", "to": "interviewing"}),
        ("application.created", {"status": "saved"})]


def test_trash_and_restore(app, user, api):
    application_id = make_application(app, user)
    path = f"/api/v1/applications/{application_id}"

    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404
    assert api.get("/api/v1/applications").get_json() == []
    trash = api.get("/api/v1/applications?trashed=true").get_json()
    assert [item["id"] for item in trash] == [application_id] and trash[0]["deleted_at"]
    assert api.post(f"{path}/status", json={"status": "offer"}).status_code == 404

    restored = api.post(f"{path}/restore")
    assert restored.status_code == 200 and restored.get_json()["deleted_at"] is None
    assert api.get(path).status_code == 200
    assert api.post(f"{path}/restore").status_code == 404  # not in the trash any more


def test_lists_come_in_pages_with_filters(app, user, api):
    for number in range(5):
        make_application(app, user, company=f"Company {number}",
                         status="applied" if number % 2 else "saved")

    first = api.get("/api/v1/applications?per_page=2")
    assert first.headers["X-Total-Count"] == "5"
    assert [item["company"] for item in first.get_json()] == ["Company 4", "Company 3"]
    assert "ad_text" not in first.get_json()[0]  # a summary: read one for its ad and notes
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"',
                                                       first.headers["Link"]))
    assert set(links) == {"first", "next", "last"}
    last = api.get(links["last"])
    assert [item["company"] for item in last.get_json()] == ["Company 0"]

    applied = api.get("/api/v1/applications?status=applied").get_json()
    assert [item["company"] for item in applied] == ["Company 3", "Company 1"]
    found = api.get("/api/v1/applications?q=company%203").get_json()
    assert [item["company"] for item in found] == ["Company 3"]
    assert api.get("/api/v1/applications?q=100%25").get_json() == []  # % is no wildcard


def test_a_longer_list_takes_no_more_queries(app, user, api):
    def listed() -> tuple[int, int]:
        with counted_queries(app) as statements:
            items = api.get("/api/v1/applications?per_page=100").get_json()
        return len(items), len(statements)

    def add(*companies: str) -> None:
        with app.app_context():
            owner, resume = db.session.get(User, user.id), db.session.get(Resume, resume_id)
            for company in companies:
                applications.create(owner, applications.Fields(company=company,
                                                               role="Engineer"), resume=resume)

    resume_id = make_resume(app, user, content=CONTENT)
    listed()  # the token's first call also notes when it was used
    add("First")
    count_for_one = listed()[1]
    add(*(f"Company {number}" for number in range(20)))
    assert listed() == (21, count_for_one)


def test_events_come_in_pages_newest_first(app, user, api):
    application_id = make_application(app, user)
    path = f"/api/v1/applications/{application_id}"
    for status in ("applied", "interviewing", "offer"):
        api.post(f"{path}/status", json={"status": status})

    page = api.get(f"{path}/events?per_page=3")

    assert page.headers["X-Total-Count"] == "4"
    assert [event["details"].get("to") for event in page.get_json()] == [
        "offer", "interviewing", "applied"]
    assert [event["type"] for event in api.get(f"{path}/events?page=2&per_page=3").get_json()] \
        == ["application.created"]


@pytest.mark.parametrize("method, suffix, body", [
    ("GET", "", None),
    ("PATCH", "", {"company": "Mine now"}),
    ("DELETE", "", None),
    ("POST", "/status", {"status": "offer"}),
    ("POST", "/restore", None),
    ("GET", "/events", None),
])
def test_another_users_application_is_not_found(app, user, stranger, method, suffix, body):
    application_id = make_application(app, user)

    response = stranger.open(method, f"/api/v1/applications/{application_id}{suffix}",
                             json=body)

    assert response.status_code == 404 and response.mimetype == PROBLEM
    kept = stored(app, application_id)
    assert (kept.company, kept.status, kept.deleted_at) == ("Acme", "saved", None)
    assert stranger.get("/api/v1/applications").get_json() == []


def test_another_users_trashed_application_cannot_be_restored(app, user, api, stranger):
    application_id = make_application(app, user)
    api.delete(f"/api/v1/applications/{application_id}")

    assert stranger.post(f"/api/v1/applications/{application_id}/restore").status_code == 404
    assert stored(app, application_id).deleted_at is not None


def test_a_resume_that_is_not_yours_or_is_in_the_trash_cannot_be_sent(app, user, make_user,
                                                                       api):
    foreign = make_resume(app, make_user(email="sam@example.com", name="Sam"), title="Sam's",
                          content=CONTENT)
    trashed = make_resume(app, user, title="Old", content=CONTENT)
    with app.app_context():
        resumes.move_to_trash(resumes.get_owned(trashed, db.session.get(User, user.id)))
    application_id = make_application(app, user)

    for resume_id in (foreign, trashed, 2**62):
        created = api.post("/api/v1/applications", json={
            "company": "Acme", "role": "Engineer", "resume_id": resume_id})
        assert pointers(created) == ["#/resume_id"]
        changed = api.open("PATCH", f"/api/v1/applications/{application_id}",
                           json={"resume_id": resume_id, "company": "Changed"})
        assert pointers(changed) == ["#/resume_id"]
    assert count_applications(app) == 1
    kept = stored(app, application_id)
    assert (kept.company, kept.resume_id) == ("Acme", None)


def test_a_read_only_token_reads_but_changes_nothing(app, user):
    application_id = make_application(app, user)
    path = f"/api/v1/applications/{application_id}"
    reader = ApiClient(app, make_token(app, user, READ))

    assert reader.get(path).status_code == 200
    assert reader.get(f"{path}/events").status_code == 200
    for method, target, body in [("POST", "/api/v1/applications", {"company": "B", "role": "C"}),
                                 ("PATCH", path, {"company": "B"}), ("DELETE", path, None),
                                 ("POST", f"{path}/status", {"status": "offer"}),
                                 ("POST", f"{path}/restore", None)]:
        response = reader.open(method, target, json=body)
        assert response.status_code == 403 and response.mimetype == PROBLEM, (method, target)
    kept = stored(app, application_id)
    assert (kept.company, kept.status, kept.deleted_at) == ("Acme", "saved", None)
    assert count_applications(app) == 1


def test_an_unknown_status_is_refused_and_changes_nothing(app, user, api):
    application_id = make_application(app, user)
    path = f"/api/v1/applications/{application_id}"

    assert pointers(api.post(f"{path}/status", json={"status": "hired"})) == ["#/status"]
    assert pointers(api.open("PATCH", path, json={"status": "hired", "company": "Other"})) \
        == ["#/status"]
    kept = stored(app, application_id)
    assert (kept.status, kept.company) == ("saved", "Acme")
    assert event_types(app, application_id) == ["application.created"]


@pytest.mark.parametrize("query, parameter", [
    ("status=hired", "status"),
    ("q=a%00b", "q"),
    ("q=" + "x" * 201, "q"),
    ("per_page=101", "per_page"),
    ("page=0", "page"),
    ("trashed=maybe", "trashed"),
])
def test_a_bad_list_query_names_its_parameter(api, query, parameter):
    assert pointers(api.get(f"/api/v1/applications?{query}")) == [parameter]


@pytest.mark.parametrize("body, pointer", [
    ({"role": "Engineer"}, "#/company"),
    ({"company": "   ", "role": "Engineer"}, "#/company"),
    ({"company": "Acme", "role": "x" * 201}, "#/role"),
    ({"company": "Acme", "role": "Engineer", "ad_url": "javascript:alert(1)"}, "#/ad_url"),
    ({"company": "Acme", "role": "Engineer", "notes": "a\x00b"}, "#/notes"),
    ({"company": "Acme", "role": "Engineer", "applied_on": "2026-12-10",
      "follow_up_on": "2026-12-01"}, "#/follow_up_on"),
    ({"company": "Acme", "role": "Engineer", "applied_on": "yesterday"}, "#/applied_on"),
    ({"company": "Acme", "role": "Engineer", "resume_id": "7"}, "#/resume_id"),
    ({"company": "Acme", "role": "Engineer", "salary": 100_000}, "#/salary"),
])
def test_a_bad_new_application_is_refused_field_by_field(app, api, body, pointer):
    assert pointers(api.post("/api/v1/applications", json=body)) == [pointer]
    assert count_applications(app) == 0


@pytest.mark.parametrize("body, pointer", [
    ({}, "#"),
    ({"company": ""}, "#/company"),
    ({"company": "Other", "follow_up_on": "2020-01-01", "applied_on": "2020-02-01"},
     "#/follow_up_on"),
    ({"company": "Other", "resume_id": None}, "#/resume_id"),
])
def test_a_bad_change_is_refused_and_changes_nothing(app, user, api, body, pointer):
    application_id = make_application(app, user)

    response = api.open("PATCH", f"/api/v1/applications/{application_id}", json=body)

    assert pointers(response) == [pointer]
    kept = stored(app, application_id)
    assert (kept.company, kept.follow_up_on) == ("Acme", None)
