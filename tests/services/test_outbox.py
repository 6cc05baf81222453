"""The outbox's senders: concurrent ones, a crashed one, the web thread and the worker process."""
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import deliver_queued, email_notifications, make_test_app, procfile
from website.config import build_config
from website.extensions import db
from website.models import EmailNotification, User
from website.models.base import app_now
from website.services import email_service, outbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_config(mailbox, clock):
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port, "CLOCK": clock}


def queue_emails(app, user, count: int) -> None:
    with app.test_request_context():
        owner = db.session.get(User, user.id)
        for number in range(count):
            email_service.send_webhook_disabled_email(owner, f"https://hooks.example.com/{number}",
                                                      "HTTP 500")


def test_two_senders_deliver_each_message_exactly_once(app, database_url, user, mailbox):
    # Small batches and a slowish server make the two senders claim turn about.
    app.config["OUTBOX_BATCH_SIZE"] = 3
    mailbox.seconds_per_message = 0.005
    other_process = make_test_app(database_url, MAIL_SERVER=mailbox.host, MAIL_PORT=mailbox.port,
                                  OUTBOX_BATCH_SIZE=3)
    queue_emails(app, user, 60)
    start = threading.Barrier(2)
    attempted = {}

    def sender(name, sender_app):
        start.wait()
        attempted[name] = deliver_queued(sender_app)

    threads = [threading.Thread(target=sender, args=(name, sender_app))
               for name, sender_app in (("one", app), ("other", other_process))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        with other_process.app_context():
            db.engine.dispose()

    assert attempted["one"] + attempted["other"] == 60
    assert attempted["one"] and attempted["other"]  # both really worked
    received = [message["Message-ID"] for message in mailbox.messages]
    rows = email_notifications(app)
    assert sorted(received) == sorted(row.message_id for row in rows)  # each exactly once
    assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}


def test_a_crashed_senders_messages_are_sent_once_its_lease_expires(app, user, mailbox, clock):
    app.config["OUTBOX_LEASE_SECONDS"] = 60
    queue_emails(app, user, 2)
    with app.app_context():  # a sender claims the messages, then dies before sending them
        claimed = outbox.claim(EmailNotification, 10, due_by=app_now())
    assert len(claimed) == 2
    clock.advance(59)
    assert deliver_queued(app) == 0 and mailbox.messages == []  # still leased
    clock.advance(2)
    assert deliver_queued(app) == 2
    assert len(mailbox.messages) == 2
    assert {(row.status, row.attempts) for row in email_notifications(app)} == {("sent", 2)}


def test_a_slow_server_never_lets_a_lease_run_out_mid_batch(app, user, mailbox, clock):
    # Each message takes 3 s by the app's clock and leases last 20 s, so the ten take longer
    # than a lease. A sender starts no message after half its lease: it hands the rest back
    # and claims them afresh, so a second sender looking each time the first lease could have
    # run out finds nothing it could send a second time.
    app.config.update(OUTBOX_LEASE_SECONDS=20, OUTBOX_BATCH_SIZE=10)
    queue_emails(app, user, 10)
    started, claimed_late = clock(), []

    def slow_message():
        clock.advance(3)
        if clock() - started > 20:
            with app.app_context():
                claimed_late.extend(outbox.claim(EmailNotification, 10, due_by=app_now()))

    mailbox.on_message = slow_message
    assert deliver_queued(app) == 10
    assert claimed_late == []
    assert len(mailbox.messages) == 10
    assert len({message["Message-ID"] for message in mailbox.messages}) == 10
    assert {(row.status, row.attempts) for row in email_notifications(app)} == {("sent", 1)}


def test_worker_command_once(runner, app, user, mailbox):
    queue_emails(app, user, 3)
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0 and "Attempted 3 job(s)." in result.output
    assert len(mailbox.messages) == 3


def test_procfile_worker_delivers_until_sigterm(app, database_url, user, mailbox, tmp_path):
    assert procfile()["worker"] == "flask --app main worker"
    queue_emails(app, user, 1)
    env = {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", "HOME": str(tmp_path),
           "APP_ENV": "production", "SECRET_KEY": "worker-test-secret",
           "PUBLIC_BASE_URL": "https://cv.example",
           "DATABASE_URL": database_url, "MAIL_SERVER": mailbox.host,
           "MAIL_PORT": str(mailbox.port), "MAIL_USE_TLS": "false"}
    worker = subprocess.Popen(["bash", "-c", f"exec {procfile()['worker']}"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        mailbox.wait_for(1, seconds=60)  # a cold worker on a loaded machine starts slowly
        queue_emails(app, user, 1)  # queued while it runs: woken by PostgreSQL, or polls (SQLite)
        mailbox.wait_for(2, seconds=5)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=15)
    assert worker.returncode == 0, output
    assert "Outbox worker stopped" in output
    assert len(mailbox.messages) == 2


@pytest.mark.parametrize("environment, thread", [
    ("development", True), ("production", True), ("testing", False)])
def test_sender_thread_is_on_except_in_tests(tmp_path, environment, thread):
    environ = {"APP_ENV": environment, "SECRET_KEY": "x", "PUBLIC_BASE_URL": "https://cv.example"}
    assert build_config(tmp_path, environ=environ)["OUTBOX_THREAD"] is thread
    environ["OUTBOX_THREAD"] = "false"  # a deployment with a worker dyno may turn it off
    assert build_config(tmp_path, environ=environ)["OUTBOX_THREAD"] is False


def test_retry_schedule_is_a_setting(tmp_path):
    environ = {"APP_ENV": "testing"}
    assert build_config(tmp_path, environ=environ)["OUTBOX_RETRY_DELAYS"] == (60, 300, 1800)
    environ["OUTBOX_RETRY_DELAYS"] = "1, 2.5,10"
    assert build_config(tmp_path, environ=environ)["OUTBOX_RETRY_DELAYS"] == (1, 2.5, 10)
