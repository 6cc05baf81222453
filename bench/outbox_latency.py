"""Outbox latency benchmark: from the commit of an email or webhook event to its arrival, with
the sender running as the Procfile's separate worker process.

    .venv/bin/python bench/outbox_latency.py [--events 200] [--backends postgresql,sqlite]

For each database (PostgreSQL only if reachable at TEST_POSTGRES_DSN), `flask --app main worker`
runs as its own process, as the Procfile's worker dyno does, sending to a real SMTP server
(aiosmtpd) and a real HTTP webhook receiver, both on loopback in this process. This process
commits the events one at a time, as a web process would: `--events` emails, then `--events`
webhook.test events. Each is timed from just before the call that queues and commits it to its
arrival, so the figures include rendering the email or building the payload.

Targets on PostgreSQL, where the commit's NOTIFY wakes the worker: p95 <= 100 ms for both, and
nothing lost. SQLite has no notifications: its worker finds each event at its next poll
(OUTBOX_POLL_SECONDS, 1 s), so it is measured with a fifth of the events, for comparison only.
The table is printed, written to bench/results/outbox_latency.txt, and the exit status is 1 if
a target is missed.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from bench.harness import BackendTable, make_app, percentile, seeded_databases  # noqa: E402
from bench.procfile import Procfile  # noqa: E402
from tests.helpers import PASSWORD, MailBox, free_port, smtp_server  # noqa: E402
from tests.webhook_receiver import Receiver, serve  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import User, Webhook  # noqa: E402
from website.services import accounts, email_service, webhooks  # noqa: E402

TARGET_MS = 100
ARRIVAL_TIMEOUT_S = 10  # an event not there by then counts as lost
STARTUP_TIMEOUT_S = 60
receiving = contextmanager(serve)


@dataclass
class TimedMailBox(MailBox):
    """Notes when each message arrived (time.monotonic)."""

    arrivals: list[float] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        self.arrivals.append(time.monotonic())
        return reply


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Return whether `condition` became true within `seconds`, checking every 5 ms
    (arrival times are noted by the receivers themselves, not by this loop)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@contextmanager
def worker(database_url: str, mailbox: MailBox) -> Iterator[None]:
    """Run `flask --app main worker` on `database_url` until the block ends."""
    # Testing settings: the receiver listens on loopback over plain HTTP.
    env = {**os.environ, "APP_ENV": "testing", "SECRET_KEY": "bench-secret",
           "DATABASE_URL": database_url, "MAIL_SERVER": mailbox.host,
           "MAIL_PORT": str(mailbox.port), "MAIL_USE_TLS": "false"}
    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as logs, \
            Procfile(env, Path(logs)) as processes:
        processes.worker()
        yield


def wait_for_listener(app) -> bool:
    """On PostgreSQL, wait until a session LISTENs on the database (the worker's listener)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return True

        def listening() -> bool:
            found = db.session.execute(db.text(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                "AND query LIKE 'LISTEN %'")).first()
            db.session.commit()
            return found is not None
        return wait_until(listening, STARTUP_TIMEOUT_S)


def latencies(commit: Callable[[], None], arrivals: Callable[[], list[float]], count: int,
              timeout: float = ARRIVAL_TIMEOUT_S) -> tuple[list[float], int]:
    """Commit `count` events one at a time; return each one's milliseconds to arrival and how
    many did not arrive within `timeout` seconds."""
    measured, lost = [], 0
    for _ in range(count):
        before = len(arrivals())
        started = time.monotonic()
        commit()
        if wait_until(lambda seen=before: len(arrivals()) > seen, timeout):
            measured.append((arrivals()[before] - started) * 1000)
        else:
            lost += 1
    return measured, lost


def measure(table: BackendTable, backend: str, database_url: str, events: int) -> None:
    """Time emails and webhook events committed here and sent by a worker process."""
    mailbox = TimedMailBox("127.0.0.1", free_port())
    with smtp_server(mailbox), receiving(Receiver()) as receiver:
        app = make_app(database_url, MAIL_SERVER=mailbox.host, MAIL_PORT=mailbox.port)
        with app.app_context():
            user = accounts.create_user("Bench User", "latency@example.com", PASSWORD)
            endpoint = webhooks.create(user, receiver.url, "", ["resume.created"])[0]
            user_id, endpoint_id = user.id, endpoint.id

        def commit_email() -> None:
            with app.test_request_context():
                email_service.send_webhook_disabled_email(
                    db.session.get(User, user_id), "https://hooks.example.com/", "500")

        def commit_webhook() -> None:
            with app.app_context():
                webhooks.send_test(db.session.get(Webhook, endpoint_id))

        def hook_arrivals() -> list[float]:
            return [request.at for request in receiver.requests]

        with worker(database_url, mailbox):
            # One untimed event of each kind first: connections made, templates compiled.
            warm = [latencies(commit, arrivals, 1, STARTUP_TIMEOUT_S)[1] == 0
                    for commit, arrivals in
                    ((commit_email, lambda: mailbox.arrivals), (commit_webhook, hook_arrivals))]
            if not (wait_for_listener(app) and all(warm)):
                table.add(f"{backend:<11} the worker did not start", False)
                return
            email_ms, email_lost = latencies(commit_email, lambda: mailbox.arrivals, events)
            hook_ms, hook_lost = latencies(commit_webhook, hook_arrivals, events)
        with app.app_context():
            db.engine.dispose()
    for what, measured, lost in (("email: commit to SMTP server (ms)", email_ms, email_lost),
                                 ("webhook: commit to receiver (ms)", hook_ms, hook_lost)):
        if not measured:
            table.add(f"{backend:<11} {what}: nothing arrived", False)
        elif backend == "postgresql":
            table.row(backend, what, measured, f"p95 <= {TARGET_MS} ms",
                      percentile(measured, 95) <= TARGET_MS)
        else:
            table.row(backend, what, measured, "(polls every 1 s; no target)")
        table.counts(backend, "  arrived, lost", (len(measured), lost), "0 lost", lost == 0)


def main() -> int:
    """Measure each backend, print and save the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--backends", default="postgresql,sqlite")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    table = BackendTable(width=40)
    table.add(f"Outbox latency: {args.events} emails and {args.events} webhook events committed "
              f"one at a time (SQLite: a fifth), sent by a `flask --app main worker` process; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    table.header()
    for backend, database_url in seeded_databases(args.backends, table):
        events = args.events if backend == "postgresql" else max(args.events // 5, 2)
        measure(table, backend, database_url, events)
    return table.save("outbox_latency")


if __name__ == "__main__":
    sys.exit(main())
