"""A mail server that is down, hangs, refuses or bounces; deleted accounts; header injection.

Pages never wait for the mail server, every message is sent once or recorded as failed with
the server's reason, and a temporary failure is tried again on the retry schedule.
"""
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask

from tests.helpers import (
    MailBox,
    deliver_queued,
    email_notifications,
    free_port,
    log_in,
    smtp_server,
)
from website.extensions import db
from website.models import User
from website.services import accounts, email_service

BOUNCE = "550 5.1.1 <jane@example.com>: Recipient address rejected: no such user"
GREYLISTED = "451 4.7.1 Greylisted, please try again later"


@pytest.fixture
def offline_mailbox() -> MailBox:
    """A mailbox whose SMTP server is not running until a test starts it with smtp_server."""
    return MailBox("127.0.0.1", free_port())


@pytest.fixture
def app_config(offline_mailbox, clock):
    return {"MAIL_SERVER": offline_mailbox.host, "MAIL_PORT": offline_mailbox.port,
            "OUTBOX_RETRY_DELAYS": (60, 300, 1800),  # the production schedule
            "MAIL_TIMEOUT": 0.5, "CLOCK": clock}


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections but never says a word, like a hung mail server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)  # the kernel completes connections; nobody ever answers them
        yield listener.getsockname()[1]


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def create_and_download_a_resume(client, make_user, name="Jane Doe", title="Backend roles"):
    """Log in as a new user, then two pages that each queue an email: create a resume and
    download it; return their responses and durations."""
    assert log_in(client, make_user(name=name).email).status_code == 302
    created = timed(lambda: client.submit("/resume/new", {"title": title, "template": "modern"}))
    resume_id = created[0].location.split("/")[2]
    return [created, timed(lambda: client.get(f"/resume/{resume_id}/export/txt"))]


def test_mail_queued_while_the_server_is_down_arrives_once_when_it_is_back(
        client, app, make_user, offline_mailbox, clock):
    for response, _ in create_and_download_a_resume(client, make_user):
        assert response.status_code in (200, 302)

    assert deliver_queued(app) == 2
    for row in email_notifications(app):
        assert (row.status, row.attempts) == ("queued", 1)
        assert "Cannot reach the mail server" in row.last_error
        assert "Connection refused" in row.last_error
        assert row.next_attempt_at == clock.utc() + timedelta(seconds=60)
    clock.advance(59)
    assert deliver_queued(app) == 0  # nothing is due before the retry delay

    with smtp_server(offline_mailbox):
        clock.advance(1)
        assert deliver_queued(app) == 2
        assert deliver_queued(app) == 0
    assert sorted(m["Subject"] for m in offline_mailbox.messages) == [
        "You created “Backend roles”", "“Backend roles” was downloaded"]
    assert [(r.status, r.attempts) for r in email_notifications(app)] == [("sent", 2), ("sent", 2)]


def test_a_hung_server_slows_neither_pages_nor_the_sender(client, app, make_user, silent_port):
    app.config.update(MAIL_PORT=silent_port, MAIL_TIMEOUT=2)
    for response, seconds in create_and_download_a_resume(client, make_user):
        assert response.status_code in (200, 302)
        assert seconds < 2  # the page never waits for the mail server

    attempted, seconds = timed(lambda: deliver_queued(app))
    # One connection attempt waits MAIL_TIMEOUT; the rest of the batch does not wait again.
    assert attempted == 2 and 2 <= seconds < 4
    for row in email_notifications(app):
        assert row.status == "queued" and "timed out" in row.last_error


@pytest.mark.parametrize("refusal", ["refuse_recipients", "refuse_data"])
def test_a_bounce_fails_the_message_at_once_with_the_reason(client, app, make_user,
                                                            offline_mailbox, clock, refusal):
    setattr(offline_mailbox, refusal, BOUNCE)
    with smtp_server(offline_mailbox):
        create_and_download_a_resume(client, make_user)
        assert deliver_queued(app) == 2
        clock.advance(3600)
        assert deliver_queued(app) == 0  # never tried again
    assert offline_mailbox.messages == []
    for row in email_notifications(app):
        assert (row.status, row.attempts, row.sent_at) == ("failed", 1, None)
        assert row.last_error == f"The mail server answered {BOUNCE}"


def queue_reset_email(app, user) -> None:
    with app.test_request_context():
        email_service.send_password_reset_email(db.session.get(User, user.id))


def test_temporary_refusals_follow_the_retry_schedule_then_fail(app, user, offline_mailbox,
                                                                clock):
    offline_mailbox.refuse_recipients = GREYLISTED
    queue_reset_email(app, user)
    with smtp_server(offline_mailbox):
        for attempt, delay in enumerate((60, 300, 1800), start=1):
            assert deliver_queued(app) == 1
            [row] = email_notifications(app)
            assert (row.status, row.attempts) == ("queued", attempt)
            assert row.last_error == f"The mail server answered {GREYLISTED}"
            assert row.next_attempt_at == clock.utc() + timedelta(seconds=delay)
            clock.advance(delay - 1)
            assert deliver_queued(app) == 0
            clock.advance(1)
        assert deliver_queued(app) == 1
    [row] = email_notifications(app)
    assert (row.status, row.attempts) == ("failed", 4)
    assert row.last_error == f"The mail server answered {GREYLISTED}"
    assert offline_mailbox.messages == []


def test_mail_of_a_deleted_account_is_dropped(client, app, make_user, offline_mailbox):
    create_and_download_a_resume(client, make_user)
    response = client.submit("/account/delete", {"delete-confirm_email": "jane@example.com"},
                             page="/account")
    assert response.status_code == 302
    with smtp_server(offline_mailbox):
        assert deliver_queued(app) == 0
    assert offline_mailbox.messages == [] and email_notifications(app) == []


@dataclass
class DeletingMailBox(MailBox):
    """Deletes an account while the sender is busy with an earlier message of the batch."""

    app: Flask | None = None
    doomed: str = ""

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.doomed:
            with self.app.app_context():
                accounts.delete_account(accounts.find_by_email(self.doomed))
            self.doomed = ""
        return reply


def test_an_account_deleted_mid_batch_gets_nothing(app, make_user):
    box = DeletingMailBox("127.0.0.1", app.config["MAIL_PORT"], app=app, doomed="bob@example.com")
    for user in (make_user(), make_user(email="bob@example.com", name="Bob")):
        queue_reset_email(app, user)
    with smtp_server(box):
        assert deliver_queued(app) == 1  # both were claimed in one batch; Bob's was dropped
    assert [m["To"] for m in box.messages] == ["jane@example.com"]
    assert [row.to for row in email_notifications(app)] == ["jane@example.com"]


@pytest.mark.parametrize("break_", ["\r\n", "\n", "\r", "\u2028", "\x0b"])
def test_line_breaks_in_names_and_titles_cannot_add_headers(client, app, make_user,
                                                            offline_mailbox, break_):
    injected = f"{break_}Bcc: evil@example.com{break_}X-Injected: yes"
    with smtp_server(offline_mailbox):
        for response, _ in create_and_download_a_resume(client, make_user, name=f"Jane{injected}",
                                                       title=f"CV{injected}"):
            assert response.status_code in (200, 302)
        deliver_queued(app)
    assert offline_mailbox.envelope_recipients == [["jane@example.com"]] * 2
    for message in offline_mailbox.messages:
        assert message["Bcc"] is None and message["X-Injected"] is None
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
        assert "Bcc: evil@example.com X-Injected: yes" in message["Subject"]


def test_a_malformed_stored_address_is_refused_not_sent(app, make_user, offline_mailbox):
    queue_reset_email(app, make_user(email="jane@example.com\r\nBcc: evil@example.com"))
    with smtp_server(offline_mailbox):
        assert deliver_queued(app) == 0
    assert offline_mailbox.messages == []
    [row] = email_notifications(app)
    assert row.status == "failed" and row.last_error.startswith("Refused")
