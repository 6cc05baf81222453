"""/api/v1/applications/{id}/links: list, make, read and revoke tracked links with a token; a
stranger's token reaches none of them. On SQLite and PostgreSQL."""
import copy
from datetime import timedelta

import pytest

from tests.factories import make_token
from tests.helpers import ApiClient
from website.extensions import db
from website.models import ApplicationLink, User, utcnow
from website.services import applications, resumes

CONTENT = {"basics": {"name": "Jane Doe", "label": "Backend Engineer"}}


def make_application(app, owner, *, sent: bool = True) -> int:
    with app.app_context():
        user = db.session.get(User, owner.id)
        resume = resumes.create(user, "Backend roles", "modern", copy.deepcopy(CONTENT)) \
            if sent else None
        return applications.create(user, applications.Fields(company="Globex", role="SRE"),
                                   resume=resume).id


def links_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(ApplicationLink))


def test_make_list_read_and_revoke_a_link(api, app, user):
    application_id = make_application(app, user)
    base = f"/api/v1/applications/{application_id}/links"
    made = api.post(base, json={"show_photo": False})
    assert made.status_code == 201
    link = made.get_json()
    assert made.headers["Location"] == f"http://localhost{base}/{link['id']}"
    assert link["state"] == "live" and link["show_photo"] is False
    assert link["expires_at"] is None and link["view_count"] == 0
    assert link["url"].startswith("http://localhost/a/")

    path = link["url"].removeprefix("http://localhost")
    visitor = app.test_client()
    assert visitor.get(path).status_code == 200
    assert api.get(f"{base}/{link['id']}").get_json()["view_count"] == 1

    revoked = api.post(f"{base}/{link['id']}/revoke")
    assert revoked.status_code == 200 and revoked.get_json()["state"] == "revoked"
    assert visitor.get(path).status_code == 410
    assert api.post(f"{base}/{link['id']}/revoke").get_json()["revoked_at"] == \
        revoked.get_json()["revoked_at"]  # revoking again changes nothing
    listed = api.get(base).get_json()
    assert [(item["id"], item["state"], item["view_count"]) for item in listed] == [
        (link["id"], "revoked", 1)]


def test_an_expiry_is_kept_and_a_naive_time_is_utc(api, app, user):
    application_id = make_application(app, user)
    when = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    made = api.post(f"/api/v1/applications/{application_id}/links",
                    json={"expires_at": when.replace(tzinfo=None).isoformat()})
    assert made.status_code == 201
    assert made.get_json()["expires_at"] == when.isoformat()


@pytest.mark.parametrize("expires_at, detail", [
    ("2020-01-01T00:00:00Z", "Choose an expiry date in the future, or none."),
    ("2999-01-01T00:00:00Z", "Choose an expiry within 366 days, or none."),
])
def test_an_expiry_out_of_range_is_refused(api, app, user, expires_at, detail):
    application_id = make_application(app, user)
    refused = api.post(f"/api/v1/applications/{application_id}/links",
                       json={"expires_at": expires_at})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert refused.get_json()["errors"] == [{"pointer": "#/expires_at", "detail": detail}]
    assert links_count(app) == 0


@pytest.mark.parametrize("body", [{"show_photo": "maybe"}, {"expires_at": "soon"},
                                  {"token": "mine"}])
def test_bad_bodies_are_refused(api, app, user, body):
    application_id = make_application(app, user)
    refused = api.post(f"/api/v1/applications/{application_id}/links", json=body)
    assert refused.status_code == 422
    assert links_count(app) == 0


def test_no_link_before_a_resume_is_sent_or_past_five_live_ones(api, app, user):
    unsent = make_application(app, user, sent=False)
    refused = api.post(f"/api/v1/applications/{unsent}/links", json={})
    assert refused.status_code == 422
    assert "Choose the resume you send" in refused.get_json()["detail"]
    application_id = make_application(app, user)
    for _ in range(5):
        assert api.post(f"/api/v1/applications/{application_id}/links",
                        json={}).status_code == 201
    refused = api.post(f"/api/v1/applications/{application_id}/links", json={})
    assert refused.status_code == 422 and "revoke one first" in refused.get_json()["detail"]


def test_a_stranger_reaches_nothing(api, app, user, make_user):
    application_id = make_application(app, user)
    link = api.post(f"/api/v1/applications/{application_id}/links", json={}).get_json()
    stranger_user = make_user(email="sam@example.com", name="Sam Smith")
    own = make_application(app, stranger_user)
    stranger = ApiClient(app, make_token(app, stranger_user))
    base = f"/api/v1/applications/{application_id}/links"
    for response in (stranger.get(base), stranger.post(base, json={}),
                     stranger.get(f"{base}/{link['id']}"),
                     stranger.post(f"{base}/{link['id']}/revoke"),
                     stranger.get(f"/api/v1/applications/{own}/links/{link['id']}"),
                     stranger.post(f"/api/v1/applications/{own}/links/{link['id']}/revoke")):
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert api.get(f"{base}/{link['id']}").get_json()["state"] == "live"
    assert links_count(app) == 1


def test_a_trashed_applications_links_are_not_found(api, app, user):
    application_id = make_application(app, user)
    api.post(f"/api/v1/applications/{application_id}/links", json={})
    with app.app_context():
        applications.move_to_trash(applications.get_owned(
            application_id, db.session.get(User, user.id)))
    assert api.get(f"/api/v1/applications/{application_id}/links").status_code == 404


def test_a_read_only_token_lists_but_cannot_make_or_revoke(app, user):
    application_id = make_application(app, user)
    reader = ApiClient(app, make_token(app, user, scope="read"))
    base = f"/api/v1/applications/{application_id}/links"
    assert reader.get(base).status_code == 200
    assert reader.post(base, json={}).status_code == 403
    assert links_count(app) == 0
