"""Webhooks under faults: a failing endpoint turned off (and its owner told), a worker killed
mid-delivery, two workers sharing the queue."""
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from tests.helpers import deliver_queued, make_test_app, text_of
from tests.webhook_helpers import (
    create_resumes,
    deliver_until_settled,
    deliveries_of,
    make_webhook,
    webhook_row,
)
from tests.webhook_receiver import HANG
from website.extensions import db
from website.models import WebhookDelivery, utcnow
from website.services import outbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_config(mailbox):
    # No retries: each delivery fails for good at its first failed attempt.
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port, "MAIL_USE_TLS": False,
            "WEBHOOK_RETRY_DELAYS": ()}


def test_ten_failed_deliveries_in_a_row_turn_the_endpoint_off_and_email_the_owner(
        app, user, receiver, mailbox):
    webhook_id, _ = make_webhook(app, user, receiver.url)
    receiver.answer(*[(500, {})] * 10)
    create_resumes(app, user, 10)
    deliver_until_settled(app)
    assert [delivery.status for delivery in deliveries_of(app, webhook_id)] == ["failed"] * 10
    webhook = webhook_row(app, webhook_id)
    assert not webhook.is_active and webhook.disabled_reason == "10 deliveries in a row failed."
    with app.app_context():
        outbox.run_due()  # the email queued by the tenth failure
    [message] = mailbox.wait_for(1)
    assert message["To"] == user.email
    assert message["Subject"] == "A webhook of yours was turned off"
    assert receiver.url in text_of(message) and "10 deliveries in a row failed." in \
        text_of(message)
    create_resumes(app, user, title="After")  # nothing more is queued for it
    assert len(deliveries_of(app, webhook_id)) == 10


def test_a_success_starts_the_count_of_failures_again(app, user, receiver):
    app.config["WEBHOOK_MAX_FAILURES"] = 3
    webhook_id, _ = make_webhook(app, user, receiver.url)
    receiver.answer((500, {}), (500, {}), (200, {}), (500, {}), (500, {}))
    for _ in range(5):  # one at a time, so they arrive in this order
        create_resumes(app, user)
        deliver_until_settled(app)
    webhook = webhook_row(app, webhook_id)
    assert webhook.is_active and webhook.failure_count == 2


def worker_env(database_url: str, tmp_path) -> dict:
    return {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "HOME": str(tmp_path), "APP_ENV": "testing", "SECRET_KEY": "worker-test-secret",
            "DATABASE_URL": database_url, "MAIL_SERVER": ""}


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "main", "worker"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def test_a_worker_killed_mid_delivery_is_followed_by_the_same_webhook_id(
        app, database_url, user, receiver, tmp_path):
    webhook_id, secret = make_webhook(app, user, receiver.url)
    receiver.answer(HANG)
    create_resumes(app, user)
    worker = start_worker(worker_env(database_url, tmp_path))
    try:
        [first] = receiver.wait_for(1, seconds=20)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    [delivery] = deliveries_of(app, webhook_id)
    assert delivery.status == "pending" and delivery.locked_until > utcnow()
    with app.app_context():
        # The lease (OUTBOX_LEASE_SECONDS, 5 minutes) runs out: brought forward, not waited.
        db.session.execute(db.update(WebhookDelivery).values(
            locked_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    deliver_queued(app)  # the restarted sender: `flask worker` runs this same pass
    first, second = receiver.wait_for(2)
    assert second.headers["webhook-id"] == first.headers["webhook-id"]
    assert second.verified(secret)["type"] == "resume.created"
    [delivery] = deliveries_of(app, webhook_id)
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_two_workers_never_deliver_the_same_attempt(app, database_url, make_user, receiver,
                                                    second_receiver):
    users = [make_user(), make_user(email="sam@example.com", name="Sam")]
    for owner, target in zip(users, (receiver, second_receiver), strict=True):
        make_webhook(app, owner, target.url)
        create_resumes(app, owner, 25)
    workers = [make_test_app(database_url, WEBHOOK_RETRY_DELAYS=()) for _ in range(2)]
    threads = [threading.Thread(target=deliver_until_settled, args=(worker,))
               for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    ids = [request.headers["webhook-id"] for target in (receiver, second_receiver)
           for request in target.requests]
    assert len(ids) == 50 and len(set(ids)) == 50
    with app.app_context():
        attempts = db.session.execute(db.select(WebhookDelivery.attempts)).scalars().all()
    assert attempts == [1] * 50
