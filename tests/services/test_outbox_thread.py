"""The sender thread of a web process (OUTBOX_THREAD): mail goes out with nobody asking."""
import time

import pytest

from tests.helpers import (
    MailBox,
    create_resume,
    email_notifications,
    free_port,
    make_test_app,
    smtp_server,
    wait_until,
)
from website.extensions import db
from website.models import User
from website.services import email_service


@pytest.fixture
def app_config(mailbox):
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port, "OUTBOX_THREAD": True,
            "OUTBOX_RETRY_DELAYS": (0.3, 0.3, 0.3)}


def test_mail_arrives_within_moments_of_the_page(auth_client, mailbox):
    started = time.monotonic()
    create_resume(auth_client, "Backend roles")
    [message] = mailbox.wait_for(1, seconds=2)
    assert message["Subject"] == "You created “Backend roles”"
    assert time.monotonic() - started < 2


def test_the_thread_retries_until_the_server_is_back(auth_client, app):
    box = MailBox("127.0.0.1", free_port())
    app.config["MAIL_PORT"] = box.port  # nothing listens there yet
    create_resume(auth_client, "Backend roles")
    wait_until(lambda: email_notifications(app)[0].last_error)  # the thread tried and failed
    assert box.messages == []
    with smtp_server(box):
        [message] = box.wait_for(1, seconds=3)
        # Recorded as sent, so never sent again.
        wait_until(lambda: email_notifications(app)[0].status == "sent")
    assert len(box.messages) == 1 and message["Subject"] == "You created “Backend roles”"


def test_mail_queued_by_another_process_arrives(app, database_url, user, mailbox):
    # Found at the next poll on SQLite; on PostgreSQL the commit's notification wakes the sender.
    app.config["OUTBOX_POLL_SECONDS"] = 0.2
    state = app.extensions["outbox"]
    state.start_threads()
    web_process = make_test_app(database_url)
    try:
        with web_process.test_request_context():
            email_service.send_webhook_disabled_email(db.session.get(User, user.id),
                                                      "https://hooks.example.com/1", "HTTP 500")
    finally:
        with web_process.app_context():
            db.engine.dispose()
    [message] = mailbox.wait_for(1, seconds=20)
    assert message["Subject"] == "A webhook of yours was turned off"
    assert (state.listener is None) == database_url.startswith("sqlite")  # none to listen with
