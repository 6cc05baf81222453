"""Job application events (created, status changed, viewed) delivered to a real HTTP receiver on
loopback, signed as Standard Webhooks says; offered on the webhook pages and in the API."""
from tests.factories import make_token
from tests.helpers import ApiClient, deliver_queued
from tests.webhook_helpers import create_resumes, deliveries_of, make_webhook
from website.extensions import db
from website.models import Application, Resume, User
from website.models.api_token import READ
from website.services import application_links, applications

APPLICATION_EVENTS = ["application.created", "application.status_changed",
                      "application.viewed"]


def open_tracked_link(app, application_id: int) -> int:
    """Make a tracked link of the application and count one visit of it; return its id."""
    with app.app_context():
        link = application_links.create(db.session.get(Application, application_id))
        application_links.record_view(application_links.find(link.token))
        return link.id


def make_application(app, user, company: str = "Acme") -> int:
    """Add an application sending a new resume of `user`; return its id."""
    [resume_id] = create_resumes(app, user)
    with app.app_context():
        return applications.create(db.session.get(User, user.id), applications.Fields(
            company=company, role="Backend Engineer"), resume=db.session.get(Resume,
                                                                             resume_id)).id


def test_the_three_events_arrive_signed_with_the_application_and_where_to_read_it(
        app, user, api, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url, events=APPLICATION_EVENTS)
    [resume_id] = create_resumes(app, user)
    created = api.post("/api/v1/applications", json={
        "company": "Acme", "role": "Backend Engineer", "resume_id": resume_id}).get_json()
    api.post(f"{created['url']}/status", json={"status": "applied"})
    link_id = open_tracked_link(app, created["id"])

    assert deliver_queued(app) == 3
    payloads = {payload["type"]: payload["data"] for payload in
                (request.verified(secret) for request in receiver.requests)}
    assert set(payloads) == set(APPLICATION_EVENTS)
    base = f"http://localhost/api/v1/applications/{created['id']}"
    assert payloads["application.created"] == {"status": "saved", "application": {
        "id": created["id"], "company": "Acme", "role": "Backend Engineer", "status": "saved",
        "resume_id": resume_id, "sent_version": 1,
        "url": f"http://localhost/applications/{created['id']}", "api_url": base,
        "events_api_url": f"{base}/events"}}
    moved = payloads["application.status_changed"]
    assert (moved["from"], moved["to"], moved["application"]["status"]) == (
        "saved", "applied", "applied")
    viewed = payloads["application.viewed"]
    assert viewed["link_id"] == link_id and viewed["application"]["id"] == created["id"]
    assert len({request.headers["webhook-id"] for request in receiver.requests}) == 3
    assert {delivery.status for delivery in deliveries_of(app, webhook_id)} == {"delivered"}

    # What the integration does with them: read the application and its timeline.
    integration = ApiClient(app, make_token(app, user, READ))
    assert integration.get(viewed["application"]["api_url"]).get_json()["status"] == "applied"
    timeline = integration.get(viewed["application"]["events_api_url"]).get_json()
    assert [event["type"] for event in timeline] == list(reversed(APPLICATION_EVENTS))


def test_only_the_chosen_events_of_the_owners_applications_are_sent(app, user, make_user,
                                                                    receiver):
    _, secret = make_webhook(app, user, receiver.url, events=["application.viewed"])
    mine = make_application(app, user)
    with app.app_context():
        applications.move(db.session.get(Application, mine), "interviewing")
    theirs = make_application(app, make_user(email="sam@example.com", name="Sam"), "Globex")

    open_tracked_link(app, theirs)
    assert deliver_queued(app) == 0
    open_tracked_link(app, mine)
    assert deliver_queued(app) == 1
    [request] = receiver.requests
    assert request.verified(secret)["data"]["application"]["company"] == "Acme"


def test_the_webhook_page_and_the_api_offer_the_application_events(app, auth_client, api,
                                                                   receiver):
    form = auth_client.get("/webhooks/new").get_data(as_text=True)
    for name in APPLICATION_EVENTS:
        assert f'value="{name}"' in form, name
    assert "An employer opened a job application" in form

    response = api.post("/api/v1/webhooks", json={"url": receiver.url,
                                                  "events": APPLICATION_EVENTS})
    assert response.status_code == 201
    assert response.get_json()["events"] == APPLICATION_EVENTS
