"""Senders woken across processes by PostgreSQL's LISTEN/NOTIFY, rather than by their next poll.

Senders here poll every NEVER seconds, longer than any test waits: a job that arrives at all was
sent because its commit woke the sender.
"""
import queue

import psycopg2
import pytest

from tests.helpers import POSTGRES_ADMIN_DSN, make_test_app
from website.extensions import db
from website.models import AccountRequest, RenderJob, User
from website.models.account_request import PASSWORD_RESET
from website.services import email_service, outbox, outbox_wakeup, resumes

NEVER = 600  # seconds between polls
ARRIVAL_BOUND = 20  # seconds a test waits for a message: generous for a loaded machine
SUBJECT = "A webhook of yours was turned off"


@pytest.fixture(scope="module")
def database_url(databases):
    """PostgreSQL only: SQLite has no notifications (test_outbox_thread.py covers its polling)."""
    return databases("postgresql")


@pytest.fixture
def app_config(mailbox):
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port, "OUTBOX_POLL_SECONDS": NEVER}


@pytest.fixture
def web_process(database_url):
    """A second app on the same database, standing for the web process that queues the jobs
    the `app` (the worker) sends."""
    web = make_test_app(database_url)
    try:
        yield web
    finally:
        with web.app_context():
            db.engine.dispose()


def queue_email(app, user, number: int = 0) -> None:
    """Queue (and commit) one email to `user` in `app`."""
    with app.test_request_context():
        email_service.send_webhook_disabled_email(db.session.get(User, user.id),
                                                  f"https://hooks.example.com/{number}", "500")


def start_worker(app) -> outbox_wakeup.Listener:
    """Start `app`'s senders as the worker does; return its listener once it listens."""
    state = app.extensions["outbox"]
    state.start_threads()
    assert state.listener.wait_until_listening(timeout=ARRIVAL_BOUND)
    return state.listener


def test_a_job_committed_by_another_process_is_sent_without_waiting_for_a_poll(
        app, web_process, user, mailbox):
    start_worker(app)
    queue_email(web_process, user, 1)
    mailbox.wait_for(1, seconds=ARRIVAL_BOUND)
    # Sent after the first: no pass the worker made as it started can have found this one.
    queue_email(web_process, user, 2)
    mailbox.wait_for(2, seconds=ARRIVAL_BOUND)
    assert [message["Subject"] for message in mailbox.messages] == [
        SUBJECT] * 2


def test_a_commit_notifies_the_lanes_it_queued_jobs_in_and_a_rollback_none(app, user):
    with app.app_context():
        resume_id = resumes.create(db.session.get(User, user.id), "Backend roles").id
        engine = db.engine
    woken: queue.Queue[str] = queue.Queue()
    listener = outbox_wakeup.Listener(lambda: outbox_wakeup.connect(engine), woken.put,
                                      outbox.LANES, backoff_max=1)
    listener.start_thread()
    try:
        assert listener.wait_until_listening(timeout=ARRIVAL_BOUND)
        assert sorted(woken.get_nowait() for _ in outbox.LANES) == sorted(outbox.LANES)
        with app.app_context():
            db.session.add_all([AccountRequest(kind=PASSWORD_RESET, email="jane@example.com"),
                                RenderJob(resume_id=resume_id)])
            db.session.flush()
            db.session.rollback()
            db.session.add(RenderJob(resume_id=resume_id))
            db.session.commit()
            db.session.get(User, user.id).name = "Jane Q. Doe"  # queues nothing
            db.session.commit()
        queue_email(app, user)  # an INSERT .. ON CONFLICT, not the ORM's unit of work
        # Notifications arrive in the order of their commits, so nothing else came before.
        assert [woken.get(timeout=ARRIVAL_BOUND) for _ in range(2)] == ["renders", "deliveries"]
        assert woken.empty()
    finally:
        listener.stop()


def test_the_listener_listens_again_after_its_connection_is_killed(
        app, web_process, user, mailbox):
    listener = start_worker(app)
    admin = psycopg2.connect(POSTGRES_ADMIN_DSN)
    try:
        with admin, admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", (listener.backend_pid,))
    finally:
        admin.close()
    queue_email(web_process, user, 1)  # while the listener is down or reconnecting
    mailbox.wait_for(1, seconds=ARRIVAL_BOUND)  # its new connection woke the sender
    assert listener.wait_until_listening(times=2, timeout=ARRIVAL_BOUND)
    queue_email(web_process, user, 2)
    mailbox.wait_for(2, seconds=ARRIVAL_BOUND)  # the new connection listens
    assert len(mailbox.messages) == 2


def test_senders_poll_while_the_listener_cannot_connect(app, web_process, user, mailbox,
                                                       monkeypatch):
    def refused(engine):
        raise psycopg2.OperationalError("connection refused")

    monkeypatch.setattr(outbox_wakeup, "connect", refused)
    app.config["OUTBOX_POLL_SECONDS"] = 0.2
    app.extensions["outbox"].start_threads()
    queue_email(web_process, user)
    [message] = mailbox.wait_for(1, seconds=ARRIVAL_BOUND)
    assert message["Subject"] == SUBJECT
    assert app.extensions["outbox"].listener.times_listened == 0
