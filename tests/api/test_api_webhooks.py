"""/api/v1/webhooks: the webhook pages' endpoints, secrets, test events and history."""
import html
import re

import pytest

from tests.factories import make_token
from tests.helpers import ApiClient, deliver_queued
from tests.webhook_helpers import SECRET, deliveries_of, make_webhook, stored_webhooks, webhook_row
from website.extensions import db
from website.models import Webhook, WebhookDelivery
from website.services import webhooks

EVENTS = ["resume.created", "resume.exported"]


def register(api: ApiClient, url: str, **body):
    return api.post("/api/v1/webhooks", json={"url": url, "events": EVENTS, **body})


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"',
                                               response.headers["Link"])}


def test_the_secret_is_shown_once_at_registration(app, api, auth_client, receiver):
    response = register(api, receiver.url, description="CRM sync")
    assert response.status_code == 201
    created = response.get_json()
    [webhook] = stored_webhooks(app)
    assert created["secret"] == webhook.secret and SECRET.fullmatch(created["secret"])
    assert (created["url"], created["description"], created["events"], created["is_active"]) \
        == (receiver.url, "CRM sync", EVENTS, True)
    assert response.headers["Location"].endswith(f"/api/v1/webhooks/{webhook.id}")

    hint = f"whsec_…{created['secret'][-4:]}"
    listed, read = api.get("/api/v1/webhooks"), api.get(f"/api/v1/webhooks/{webhook.id}")
    for response in (listed, read):
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and created["secret"][6:] not in text
    assert listed.get_json()[0]["secret_hint"] == read.get_json()["secret_hint"] == hint
    # The webhook's page shows the same hint, and no more of the secret either.
    page = html.unescape(auth_client.get(f"/webhooks/{webhook.id}").get_data(as_text=True))
    assert hint in page and created["secret"] not in page


REFUSED_URLS = ["http://127.0.0.1/hook", "http://169.254.169.254/latest/meta-data",
                "file:///etc/passwd", "http://10.0.0.1/", "http://0x7f000001/",
                "http://user:pass@example.com/"]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_urls_reaching_inside_are_refused_and_nothing_is_created(app, api, url):
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = False  # as in production
    response = register(api, url)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    [error] = response.get_json()["errors"]
    assert error["pointer"] == "#/url" and error["detail"] == response.get_json()["detail"]
    assert error["detail"]
    assert stored_webhooks(app) == []


def test_the_service_says_why_a_url_is_refused(app, api):
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = False
    detail = register(api, "http://169.254.169.254/").get_json()["errors"][0]["detail"]
    assert "private or reserved address (169.254.169.254)" in detail
    assert register(api, "file:///etc/passwd").get_json()["detail"] == \
        "Use an http:// or https:// URL."


@pytest.mark.parametrize("body, pointer", [
    ({"url": "https://example.com/", "events": []}, "#/events"),
    ({"url": "https://example.com/", "events": ["resume.eaten"]}, "#/events/0"),
    ({"url": "https://example.com/"}, "#/events"),
    ({"events": EVENTS}, "#/url"),
    ({"url": "https://example.com/", "events": EVENTS, "secret": "mine"}, "#/secret"),
    ({"url": "https://example.com/", "events": EVENTS, "description": "x" * 201},
     "#/description"),
    ({"url": "https://example.com/\x00", "events": EVENTS}, "#/url"),
    ({"url": "https://example.com/", "events": EVENTS, "description": "\ud800"},
     "#/description"),
])
def test_invalid_fields_are_refused_naming_each(app, api, body, pointer):
    response = api.post("/api/v1/webhooks", json=body)
    assert response.status_code == 422
    assert pointer in [error.get("pointer") for error in response.get_json()["errors"]]
    assert stored_webhooks(app) == []


def test_an_account_has_at_most_ten_webhooks(app, api, user, receiver):
    for _ in range(webhooks.WEBHOOKS_PER_USER):
        make_webhook(app, user, receiver.url)
    response = register(api, receiver.url)
    assert response.status_code == 422
    assert "the most an account can have" in response.get_json()["detail"]
    assert len(stored_webhooks(app)) == webhooks.WEBHOOKS_PER_USER


def test_change_turn_off_and_on_and_delete(app, api, user, receiver, second_receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    url = f"/api/v1/webhooks/{webhook_id}"
    changed = api.put(url, json={"url": second_receiver.url, "description": "New",
                                 "events": ["resume.deleted"]})
    assert changed.status_code == 200 and changed.get_json()["events"] == ["resume.deleted"]
    webhook = webhook_row(app, webhook_id)
    assert (webhook.url, webhook.description, webhook.events) == (
        second_receiver.url, "New", ["resume.deleted"])

    assert api.put(url, json={"is_active": False}).get_json()["is_active"] is False
    webhook = webhook_row(app, webhook_id)
    assert not webhook.is_active and webhook.url == second_receiver.url
    assert api.put(url, json={"is_active": True}).get_json()["is_active"] is True

    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = False
    refused = api.put(url, json={"url": "http://169.254.169.254/", "is_active": False})
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["pointer"] == "#/url"
    webhook = webhook_row(app, webhook_id)
    assert webhook.url == second_receiver.url and webhook.is_active  # nothing changed

    empty = api.put(url, json={})
    assert empty.status_code == 422 and "at least one field" in empty.get_json()["errors"][0][
        "detail"]

    assert api.delete(url).status_code == 204
    assert webhook_row(app, webhook_id) is None and api.get(url).status_code == 404


def test_a_test_event_arrives_signed(app, api, user, receiver):
    secret = register(api, receiver.url).get_json()["secret"]
    [webhook] = stored_webhooks(app)
    response = api.post(f"/api/v1/webhooks/{webhook.id}/test")
    assert response.status_code == 202
    queued = response.get_json()
    assert (queued["event_type"], queued["status"], queued["attempts"]) == (
        "webhook.test", "pending", 0)
    assert deliver_queued(app) == 1
    [request] = receiver.wait_for(1)
    payload = request.verified(secret)
    assert payload["type"] == "webhook.test" and payload["data"]["webhook"]["id"] == webhook.id
    assert request.headers["webhook-id"] == queued["event_id"]

    [delivery] = api.get(f"/api/v1/webhooks/{webhook.id}/deliveries").get_json()
    assert (delivery["id"], delivery["status"], delivery["attempts"]) == (
        queued["id"], "delivered", 1)
    assert delivery["response_status"] == 200 and delivery["error"] is None
    assert delivery["delivered_at"] is not None and delivery["duration_ms"] is not None


def test_test_events_share_the_pages_per_account_limit(app, api, user, receiver):
    app.config["WEBHOOK_SEND_LIMIT"] = "2 per minute"
    webhook_id, _ = make_webhook(app, user, receiver.url)
    statuses = [api.post(f"/api/v1/webhooks/{webhook_id}/test").status_code for _ in range(3)]
    assert statuses == [202, 202, 429]
    assert len(deliveries_of(app, webhook_id)) == 2


def test_a_rotated_secret_is_shown_once_and_both_sign_for_a_day(app, api, user, receiver):
    webhook_id, old = make_webhook(app, user, receiver.url)
    response = api.post(f"/api/v1/webhooks/{webhook_id}/rotate-secret")
    assert response.status_code == 200
    new = response.get_json()["secret"]
    assert new != old and SECRET.fullmatch(new)
    assert new not in api.get(f"/api/v1/webhooks/{webhook_id}").get_data(as_text=True)
    api.post(f"/api/v1/webhooks/{webhook_id}/test")
    deliver_queued(app)
    [request] = receiver.wait_for(1)
    assert request.verified(old) == request.verified(new)


def test_deliveries_are_filtered_by_status_and_paginated(app, api, user, receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    with app.app_context():
        webhook = db.session.get(Webhook, webhook_id)
        for _ in range(5):
            webhooks.send_test(webhook)
        failed = webhooks.send_test(webhook)
        failed.status, failed.last_error = WebhookDelivery.FAILED, "Connection refused"
        db.session.commit()
        failed_id = failed.id
    url = f"/api/v1/webhooks/{webhook_id}/deliveries"

    first = api.get(f"{url}?status=pending&per_page=2")
    assert first.status_code == 200 and first.headers["X-Total-Count"] == "5"
    assert len(first.get_json()) == 2
    pages = links(first)
    assert "status=pending" in pages["next"] and set(pages) == {"first", "next", "last"}
    last = api.get(pages["last"])
    assert len(last.get_json()) == 1 and "next" not in links(last)
    seen = [d["id"] for page in (first, api.get(pages["next"]), last) for d in page.get_json()]
    assert len(set(seen)) == 5 and failed_id not in seen

    [only_failed] = api.get(f"{url}?status=failed").get_json()
    assert only_failed["id"] == failed_id and only_failed["error"] == "Connection refused"
    assert api.get(f"{url}?status=delivered").get_json() == []
    assert len(api.get(url).get_json()) == 6
    refused = api.get(f"{url}?status=lost")
    assert refused.status_code == 422 and refused.get_json()["errors"][0]["parameter"] == "status"


def test_another_users_webhook_is_not_found(app, api, make_user, receiver):
    stranger = make_user(email="sam@example.com", name="Sam Smith")
    webhook_id, _ = make_webhook(app, stranger, receiver.url)
    url = f"/api/v1/webhooks/{webhook_id}"
    for response in (api.get(url), api.put(url, json={"is_active": False}), api.delete(url),
                     api.post(f"{url}/test"), api.post(f"{url}/rotate-secret"),
                     api.get(f"{url}/deliveries")):
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert api.get("/api/v1/webhooks").get_json() == []
    assert api.get(f"/api/v1/webhooks/{2**70}").status_code == 404  # no row has such an id
    webhook = webhook_row(app, webhook_id)
    assert webhook.is_active and deliveries_of(app, webhook_id) == []


def test_a_read_only_token_reads_but_changes_nothing(app, user, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url)
    reader = ApiClient(app, make_token(app, user, "read"))
    url = f"/api/v1/webhooks/{webhook_id}"
    assert reader.get(url).status_code == 200
    assert reader.get(f"{url}/deliveries").status_code == 200
    for response in (reader.post("/api/v1/webhooks", json={"url": receiver.url,
                                                           "events": EVENTS}),
                     reader.put(url, json={"is_active": False}), reader.delete(url),
                     reader.post(f"{url}/test"), reader.post(f"{url}/rotate-secret")):
        assert response.status_code == 403
    webhook = webhook_row(app, webhook_id)
    assert webhook.is_active and webhook.secret == secret
    assert len(stored_webhooks(app)) == 1 and deliveries_of(app, webhook_id) == []
