"""The webhook pages as a user and an attacker use them."""
import base64
import logging
import re

from tests.helpers import deliver_queued, log_in
from tests.webhook_helpers import SECRET, deliveries_of, make_webhook, stored_webhooks, webhook_row
from website.extensions import db
from website.models import Webhook
from website.services import webhooks


def create_via_page(client, url: str, events=("resume.created", "resume.updated")):
    return client.submit("/webhooks/new", {"url": url, "description": "CRM sync",
                                           "events": list(events)}, page="/webhooks/new")


def test_the_secret_is_shown_in_full_once_at_creation(auth_client, app, receiver):
    response = create_via_page(auth_client, receiver.url, ["resume.created", "resume.exported"])
    # Shown in this answer alone: not kept in the session cookie, a URL or a cache.
    assert response.status_code == 201 and response.headers["Cache-Control"] == "no-store"
    [shown] = SECRET.findall(response.get_data(as_text=True))
    assert shown not in str(response.headers) and shown[6:] not in str(response.headers)
    [webhook] = stored_webhooks(app)
    assert shown == webhook.secret and len(base64.b64decode(shown[6:])) == 32
    assert webhook.events == ["resume.created", "resume.exported"]
    assert webhook.description == "CRM sync" and webhook.is_active
    again = auth_client.get(f"/webhooks/{webhook.id}").get_data(as_text=True)
    assert SECRET.findall(again) == [] and f"whsec_…{shown[-4:]}" in again
    assert receiver.url in auth_client.get("/webhooks/").get_data(as_text=True)


REFUSED_URLS = [
    "http://127.0.0.1/hook", "http://[::1]/hook", "http://169.254.169.254/latest/meta-data",
    "http://10.0.0.1/", "http://0x7f000001/", "http://2130706433/", "http://localhost:8080/",
    "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://224.0.0.1/",
    "http://192.168.1.1/", "http://100.64.0.1/", "file:///etc/passwd", "ftp://example.com/x",
    "https://example.com/" + "a" * 2100, "http://user:pass@example.com/"]
URL_ERROR = re.compile(r'<div class="invalid-feedback d-block" id="url-error">([^<]+)</div>')
URL_INVALID = re.compile(r'<input[^>]*aria-invalid="true"[^>]*id="url"')


def test_urls_reaching_inside_are_refused_next_to_the_field(auth_client, app):
    app.config["WEBHOOKS_ALLOW_LOOPBACK"] = False  # as in production
    for url in REFUSED_URLS:
        response = create_via_page(auth_client, url)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, url
        assert (error := URL_ERROR.search(html)) and error.group(1).strip(), url
        assert URL_INVALID.search(html), url
    assert stored_webhooks(app) == []


def test_production_takes_https_urls_only(auth_client, app):
    app.config["WEBHOOKS_HTTPS_ONLY"] = True
    response = create_via_page(auth_client, "http://example.com/hook")
    assert response.status_code == 422 and "Use an https:// URL." in response.get_data(
        as_text=True)
    assert stored_webhooks(app) == []


def test_an_account_has_at_most_ten_webhooks(auth_client, app, user, receiver):
    for _ in range(webhooks.WEBHOOKS_PER_USER):
        make_webhook(app, user, receiver.url)
    response = create_via_page(auth_client, receiver.url)
    assert response.status_code == 422
    assert "the most an account can have" in response.get_data(as_text=True)
    assert len(stored_webhooks(app)) == webhooks.WEBHOOKS_PER_USER


def test_test_events_are_rate_limited_per_account(auth_client, app, user, receiver):
    app.config["WEBHOOK_SEND_LIMIT"] = "2 per minute"
    webhook_id, _ = make_webhook(app, user, receiver.url)
    base = f"/webhooks/{webhook_id}"
    statuses = [auth_client.submit(f"{base}/test", page=base).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert len(deliveries_of(app, webhook_id)) == 2


def test_at_least_one_event_is_required(auth_client, app, receiver):
    response = create_via_page(auth_client, receiver.url, events=())
    assert response.status_code == 422
    assert "Choose at least one event." in response.get_data(as_text=True)
    assert stored_webhooks(app) == []


def test_edit_turn_off_and_on_and_delete_after_confirming(auth_client, app, user, receiver,
                                                         second_receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    base = f"/webhooks/{webhook_id}"
    response = auth_client.submit(f"{base}/edit", {"url": second_receiver.url,
                                                   "description": "New", "events": [
                                                       "resume.deleted"]})
    assert response.status_code == 302
    webhook = webhook_row(app, webhook_id)
    assert (webhook.url, webhook.description, webhook.events) == (
        second_receiver.url, "New", ["resume.deleted"])
    auth_client.submit(f"{base}/disable", page=base)
    assert not webhook_row(app, webhook_id).is_active
    assert "Turn on" in auth_client.get(base).get_data(as_text=True)
    auth_client.submit(f"{base}/enable", page=base)
    assert webhook_row(app, webhook_id).is_active
    confirm = auth_client.get(f"{base}/delete").get_data(as_text=True)
    assert "Delete this webhook?" in confirm
    response = auth_client.submit(f"{base}/delete", page=f"{base}/delete")
    assert response.status_code == 302 and webhook_row(app, webhook_id) is None


def test_test_event_history_filter_and_redelivery(auth_client, app, user, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url)
    base = f"/webhooks/{webhook_id}"
    auth_client.submit(f"{base}/test", page=base)
    assert deliver_queued(app) == 1
    payload = receiver.requests[0].verified(secret)
    assert payload["type"] == "webhook.test" and payload["data"]["webhook"]["id"] == webhook_id
    history = auth_client.get(base).get_data(as_text=True)
    assert "webhook.test" in history and ">delivered<" in history
    assert "No failed deliveries yet." in auth_client.get(f"{base}?status=failed").get_data(
        as_text=True)
    [delivery] = deliveries_of(app, webhook_id)
    detail = auth_client.get(f"{base}/deliveries/{delivery.id}").get_data(as_text=True)
    assert f"webhook-id: {delivery.event_id}" in detail
    assert "Answered <strong>200</strong>" in detail
    auth_client.submit(f"{base}/deliveries/{delivery.id}/redeliver",
                       page=f"{base}/deliveries/{delivery.id}")
    deliver_queued(app)
    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.event_id


def test_history_is_paginated(auth_client, app, user, receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    with app.app_context():
        webhook = db.session.get(Webhook, webhook_id)
        for _ in range(webhooks.PER_PAGE + 3):
            webhooks.send_test(webhook)
    first = auth_client.get(f"/webhooks/{webhook_id}").get_data(as_text=True)
    second = auth_client.get(f"/webhooks/{webhook_id}?page=2").get_data(as_text=True)
    assert first.count('id="delivery-') == webhooks.PER_PAGE and "Page 1 of 2" in first
    assert second.count('id="delivery-') == 3


def test_after_rotation_both_secrets_verify_for_a_day(auth_client, app, user, receiver):
    webhook_id, old = make_webhook(app, user, receiver.url)
    base = f"/webhooks/{webhook_id}"
    response = auth_client.submit(f"{base}/rotate", page=base)
    assert response.headers["Cache-Control"] == "no-store"
    [new] = SECRET.findall(response.get_data(as_text=True))
    assert new != old and SECRET.findall(auth_client.get(base).get_data(as_text=True)) == []
    auth_client.submit(f"{base}/test", page=base)
    deliver_queued(app)
    [request] = receiver.requests
    assert request.verified(old) == request.verified(new)
    assert len(request.headers["webhook-signature"].split(" ")) == 2


def test_an_event_from_a_page_links_to_this_site(auth_client, app, user, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url)
    # The test client keeps cookies per host: take the session along to the forged one.
    auth_client.set_cookie("session", auth_client.get_cookie("session").value,
                           domain="attacker.example")
    auth_client.submit("/resume/new", {"title": "Backend roles", "template": "modern"},
                       headers={"Host": "attacker.example"})
    deliver_queued(app)
    data = receiver.requests[0].verified(secret)["data"]
    # Built inside the request, yet on PUBLIC_BASE_URL like every link (tests: the client's).
    assert data["resume"]["url"] == f"http://localhost/resume/{data['resume']['id']}/preview"


def test_secrets_never_reach_the_logs(auth_client, app, user, receiver, caplog):
    caplog.set_level(logging.DEBUG)
    response = create_via_page(auth_client, receiver.url)
    [secret] = SECRET.findall(response.get_data(as_text=True))
    [webhook] = stored_webhooks(app)
    base = f"/webhooks/{webhook.id}"
    auth_client.submit(f"{base}/test", page=base)
    receiver.answer((500, {}))
    deliver_queued(app)
    assert caplog.text and secret not in caplog.text and secret[6:] not in caplog.text


def test_other_users_get_404_and_forms_need_csrf(app, user, make_user, client, receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    with app.app_context():
        delivery = webhooks.send_test(db.session.get(Webhook, webhook_id))
        delivery_id = delivery.id
    intruder = app.test_client()
    make_user(email="mallory@example.com", name="Mallory")
    log_in(intruder, "mallory@example.com")
    base = f"/webhooks/{webhook_id}"
    for path in (base, f"{base}/edit", f"{base}/delete", f"{base}/deliveries/{delivery_id}"):
        assert intruder.get(path).status_code == 404, path
    for path in (f"{base}/test", f"{base}/rotate", f"{base}/disable", f"{base}/delete",
                 f"{base}/deliveries/{delivery_id}/redeliver", f"{base}/edit"):
        assert intruder.submit(path, {"url": "http://example.com"}, page="/webhooks/new") \
            .status_code == 404, path
    assert receiver.url not in intruder.get("/webhooks/").get_data(as_text=True)
    log_in(client, user.email)
    assert client.post(f"{base}/delete").status_code == 400  # no CSRF token
    assert client.post(f"{base}/rotate").status_code == 400
    webhook = webhook_row(app, webhook_id)
    assert webhook is not None and webhook.previous_secret is None
    assert len(deliveries_of(app, webhook_id)) == 1
