"""Webhook deliveries against real HTTP receivers on loopback, verified with standardwebhooks."""
import threading
import time

import pytest
import standardwebhooks

from tests.factories import make_token
from tests.helpers import ApiClient, deliver_queued, wait_until
from tests.webhook_helpers import (
    create_resumes,
    deliveries_of,
    make_webhook,
    webhook_row,
)
from tests.webhook_receiver import CLOSE, HANG, TRICKLE
from website.config import build_config
from website.extensions import db
from website.models import Resume, User
from website.models.api_token import READ
from website.services import resumes, webhooks
from website.services.webhooks import transport
from website.services.webhooks.urls import Target

SLACK = 1.5  # seconds a loaded two-core CI machine may add to a scheduled retry


@pytest.fixture
def app_config():
    return {"WEBHOOK_RETRY_DELAYS": (0.2, 0.5, 1.0), "OUTBOX_POLL_SECONDS": 0.05}


def test_the_receiver_verifies_each_event_with_standardwebhooks(app, user, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url)
    [resume_id] = create_resumes(app, user, title="Backend roles")
    assert deliver_queued(app) == 1
    [request] = receiver.requests
    payload = request.verified(secret)
    assert payload["type"] == "resume.created"
    resume = payload["data"]["resume"]
    assert resume["id"] == resume_id and resume["title"] == "Backend roles"
    # Made by the worker, outside any request: links start with PUBLIC_BASE_URL.
    assert resume["url"] == f"http://localhost/resume/{resume_id}/preview"
    assert resume["json_url"] == f"http://localhost/resume/{resume_id}/export/json"
    assert len(request.body) < 20 * 1024
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        request.verified(webhooks.new_secret())  # anyone else's secret does not fit
    [delivery] = deliveries_of(app, webhook_id)
    assert (delivery.status, delivery.response_status) == ("delivered", 200)
    assert delivery.event_id == request.headers["webhook-id"]
    assert delivery.delivered_at is not None


def test_an_integration_reads_the_resume_and_the_version_at_the_api_urls_of_each_event(
        app, user, receiver):
    _, secret = make_webhook(app, user, receiver.url)
    [resume_id] = create_resumes(app, user, title="Backend roles")
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        resumes.save(resume, db.session.get(User, user.id), resume.version,
                     content={"basics": {"name": "Jane Doe"}}, title="Data roles")
    assert deliver_queued(app) == 2
    # Two events due at once may leave in either order; each names its version.
    created, updated = sorted((request.verified(secret) for request in receiver.requests),
                              key=lambda event: event["data"]["resume"]["version"])
    base = f"http://localhost/api/v1/resumes/{resume_id}"
    assert [(event["type"], event["data"]["resume"]["version"]) for event in (created, updated)] \
        == [("resume.created", 1), ("resume.updated", 2)]
    links = updated["data"]["resume"]
    assert (links["api_url"], links["versions_api_url"], links["version_api_url"]) == (
        base, f"{base}/versions", f"{base}/versions/2")
    assert links["version_url"] == f"http://localhost/resume/{resume_id}/versions/2"
    assert updated["data"]["version"] == 2  # as before: the number the save made

    # What the integration does with them: fetch, with a read-only token, what changed.
    integration = ApiClient(app, make_token(app, user, READ))
    assert integration.get(links["api_url"]).get_json()["resume"]["basics"]["name"] == "Jane Doe"
    versions = integration.get(links["versions_api_url"]).get_json()
    assert [version["number"] for version in versions] == [2, 1]
    first = integration.get(created["data"]["resume"]["version_api_url"]).get_json()
    assert (first["number"], first["title"]) == (1, "Backend roles")


def test_only_the_chosen_events_of_active_endpoints_are_sent(app, make_user, receiver):
    owner, other = make_user(), make_user(email="sam@example.com", name="Sam")
    make_webhook(app, owner, receiver.url, events=["resume.deleted"])
    create_resumes(app, owner)  # resume.created: not chosen
    create_resumes(app, other)  # someone else's resume
    assert deliver_queued(app) == 0
    assert receiver.requests == []


def test_retries_follow_the_schedule_with_the_same_webhook_id(app, user, receiver):
    webhook_id, secret = make_webhook(app, user, receiver.url)
    receiver.answer((500, {}), (503, {}))
    app.extensions["outbox"].sender.start_thread()
    create_resumes(app, user)
    first, second, third = receiver.wait_for(3, seconds=10)
    # Never earlier than scheduled; the slack above is for a loaded CI machine.
    assert 0.2 <= second.at - first.at < 0.2 + SLACK
    assert 0.5 <= third.at - second.at < 0.5 + SLACK
    assert len({request.headers["webhook-id"] for request in (first, second, third)}) == 1
    assert third.verified(secret)["type"] == "resume.created"
    wait_until(lambda: deliveries_of(app, webhook_id)[0].status == "delivered")
    [delivery] = deliveries_of(app, webhook_id)
    assert delivery.attempts == 3
    assert [entry["status"] for entry in delivery.attempt_log] == [500, 503, 200]


def test_the_real_schedule_and_limits(tmp_path):
    config = build_config(tmp_path, environ={"APP_ENV": "production", "SECRET_KEY": "x",
                                             "PUBLIC_BASE_URL": "https://cv.example"})
    assert config["WEBHOOK_RETRY_DELAYS"] == (1, 5, 15)
    assert config["WEBHOOK_TIMEOUT"] == 10 and config["WEBHOOK_RETRY_AFTER_MAX"] == 60
    assert config["WEBHOOK_MAX_FAILURES"] == 10
    assert config["WEBHOOKS_HTTPS_ONLY"] and not config["WEBHOOKS_ALLOW_LOOPBACK"]


def test_a_delivery_fails_for_good_after_four_attempts(app, user, receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    receiver.answer(*[(500, {})] * 4)
    create_resumes(app, user)
    app.extensions["outbox"].sender.start_thread()
    receiver.wait_for(4, seconds=10)
    wait_until(lambda: deliveries_of(app, webhook_id)[0].status != "pending")
    [delivery] = deliveries_of(app, webhook_id)
    assert (delivery.status, delivery.attempts) == ("failed", 4)
    assert delivery.last_error == "The endpoint answered 500"
    assert len(receiver.requests) == 4
    assert webhook_row(app, webhook_id).failure_count == 1


def test_410_gone_turns_the_endpoint_off(app, user, receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    receiver.answer((410, {}))
    create_resumes(app, user)
    deliver_queued(app)
    [delivery] = deliveries_of(app, webhook_id)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 1, 410)
    webhook = webhook_row(app, webhook_id)
    assert not webhook.is_active and "410" in webhook.disabled_reason
    create_resumes(app, user, title="After")
    assert len(deliveries_of(app, webhook_id)) == 1


@pytest.mark.parametrize("retry_after, waited", [("3", 3), ("3600", 60)])
def test_429_waits_as_retry_after_asks_up_to_a_minute(app, user, receiver, retry_after, waited):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    receiver.answer((429, {"Retry-After": retry_after}))
    create_resumes(app, user)
    deliver_queued(app)
    [delivery] = deliveries_of(app, webhook_id)
    assert delivery.status == "pending" and delivery.last_error == "The endpoint answered 429"
    tried_at = delivery.updated_at
    assert abs((delivery.next_attempt_at - tried_at).total_seconds() - waited) < 0.5


def test_a_closed_connection_is_recorded_and_retried(app, user, receiver, clock):
    app.config["CLOCK"] = clock
    webhook_id, secret = make_webhook(app, user, receiver.url)
    receiver.answer(CLOSE)
    create_resumes(app, user)
    deliver_queued(app)
    [delivery] = deliveries_of(app, webhook_id)
    assert delivery.status == "pending"
    assert delivery.attempt_log[0]["error"] == \
        "The endpoint closed the connection without answering"
    assert deliver_queued(app) == 0  # not before the first retry delay
    clock.advance(0.2)
    deliver_queued(app)
    assert deliveries_of(app, webhook_id)[0].status == "delivered"
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]


def test_a_redirect_is_not_followed(app, user, receiver, second_receiver):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    receiver.answer((302, {"Location": second_receiver.url}))
    create_resumes(app, user)
    deliver_queued(app)
    [delivery] = deliveries_of(app, webhook_id)
    assert delivery.status == "pending" and delivery.response_status == 302
    assert "redirect" in delivery.last_error
    assert second_receiver.requests == []


def test_a_hanging_receiver_does_not_hold_up_other_endpoints(app, make_user, receiver,
                                                             second_receiver):
    app.config["WEBHOOK_TIMEOUT"] = 2.0
    slow_user, other = make_user(), make_user(email="sam@example.com", name="Sam")
    slow_id, _ = make_webhook(app, slow_user, receiver.url)
    make_webhook(app, other, second_receiver.url)
    receiver.answer(*[HANG] * 6)
    create_resumes(app, slow_user, 6)  # queued first, so claimed first
    create_resumes(app, other, 3)
    started = time.monotonic()
    sender = threading.Thread(target=deliver_queued, args=(app,))
    sender.start()
    arrived = second_receiver.wait_for(3, seconds=5)
    assert max(request.at for request in arrived) - started < 2.0  # before any timeout
    sender.join(20)
    deadline = time.monotonic() + 20
    while len(errors := timeouts_recorded(app, slow_id)) < 6 and time.monotonic() < deadline:
        deliver_queued(app)  # retries of the hung ones
        time.sleep(0.1)
    assert errors == ["No answer within 2 s"] * 6  # every hang recorded as its timeout


def timeouts_recorded(app, webhook_id: int) -> list[str]:
    return [entry["error"] for delivery in deliveries_of(app, webhook_id)
            for entry in delivery.attempt_log if entry["error"]]


def loopback_target(receiver, host: str) -> Target:
    port = int(receiver.url.rsplit(":", 1)[1].split("/")[0])
    return Target("http", host, port, "/hooks", "127.0.0.1")


def test_the_request_goes_to_the_checked_address_whatever_the_name_says(receiver):
    # A name that would resolve elsewhere by now (DNS rebinding) is only sent as Host.
    target = loopback_target(receiver, "rebinding.example")
    response = transport.post(target, b"{}", {"Content-Type": "application/json"}, 2)
    assert response.status == 200
    assert receiver.requests[0].headers["Host"] == f"rebinding.example:{target.port}"


def test_a_receiver_trickling_its_answer_is_cut_off_at_the_timeout(receiver):
    receiver.answer(TRICKLE)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        transport.post(loopback_target(receiver, "127.0.0.1"), b"{}", {}, 0.5)
    assert time.monotonic() - started < 2.0  # trickling goes on for the whole test
