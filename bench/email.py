"""Email notifications benchmark: what queuing one adds to a request, and how soon it arrives.

    .venv/bin/python bench/email.py [--requests 200] [--backends sqlite,postgresql]

For each database (PostgreSQL only if reachable at TEST_POSTGRES_DSN), against a real SMTP
server (aiosmtpd) on loopback:

1. Sender thread off. Two logged-in users alternate `POST /resume/new`; one gets the
   "resume created" email (queued in the request), the other turned it off. Prints both
   request times and the time of the queuing call itself. Target: queuing adds <= 5 ms p95.
2. Sender thread on (OUTBOX_THREAD, as on a single dyno). One user creates resumes back to
   back; each email's delivery time at the SMTP server minus the start of its request.
   Target: 95% delivered within 2 s.

Everything runs in this one process, as on a dyno: the requests, the sender thread and the
SMTP server share the CPU (and the GIL), so the figures are on the pessimistic side. The table
is printed, written to bench/results/email.txt, and the exit status is 1 if a target is missed.
"""
import sys
from pathlib import Path

# This file is named email.py: with its own folder first on sys.path it would shadow the
# standard library's `email` package, which smtplib and Flask-Mail import.
ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from bench.harness import (  # noqa: E402
    BackendTable,
    create_resume,
    make_app,
    new_user_client,
    percentile,
    seeded_databases,
)
from tests.helpers import MailBox, free_port, smtp_server  # noqa: E402
from website.extensions import db  # noqa: E402
from website.models import EmailNotification, User  # noqa: E402
from website.services import accounts, email_service, outbox  # noqa: E402

QUEUING_TARGET_MS = 5
DELIVERY_TARGET_S = 2


@dataclass
class TimedMailBox(MailBox):
    """Notes when each message arrived, by subject."""

    arrived: dict[str, float] = field(default_factory=dict)

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        self.arrived[self.messages[-1]["Subject"]] = time.perf_counter()
        return reply


def mail_app(database_url: str, mailbox: MailBox, **settings):
    """An app on `database_url` that sends its email to `mailbox`."""
    return make_app(database_url, MAIL_SERVER=mailbox.host, MAIL_PORT=mailbox.port, **settings)


def measure_queuing(table: BackendTable, backend: str, database_url: str, mailbox: MailBox,
                    requests: int) -> None:
    """Sender thread off: request times with and without a notification, and the queuing call."""
    app = mail_app(database_url, mailbox, OUTBOX_THREAD=False)
    notified, token_on, _ = new_user_client(app, "on@example.com")
    quiet, token_off, _ = new_user_client(app, "off@example.com")
    with app.app_context():
        email_service.set_preferences(accounts.find_by_email("off@example.com"),
                                      {"resume_created": False})
    queuing = []
    send = email_service.send_resume_created_email

    def timed_send(resume):
        started = time.perf_counter()
        queued = send(resume)
        if queued is not None:  # the quiet user's call queues nothing
            queuing.append(time.perf_counter() - started)
        return queued

    email_service.send_resume_created_email = timed_send
    on, off = [], []
    try:
        for number in range(requests):
            on.append(create_resume(notified, token_on, f"Queuing {number}"))
            off.append(create_resume(quiet, token_off, f"Quiet {number}"))
    finally:
        email_service.send_resume_created_email = send
    table.row(backend, "POST /resume/new, email queued (ms)", [s * 1000 for s in on])
    table.row(backend, "POST /resume/new, email turned off (ms)", [s * 1000 for s in off])
    queued_ms = [s * 1000 for s in queuing]
    table.row(backend, "queuing the email inside the request (ms)", queued_ms,
              f"p95 <= {QUEUING_TARGET_MS} ms", percentile(queued_ms, 95) <= QUEUING_TARGET_MS)
    with app.app_context():
        db.session.execute(db.delete(EmailNotification))
        db.session.execute(db.delete(User))
        db.session.commit()
        db.engine.dispose()


def measure_delivery(table: BackendTable, backend: str, database_url: str, mailbox: MailBox,
                     requests: int) -> None:
    """Sender thread on: from the start of each request to the message's arrival."""
    app = mail_app(database_url, mailbox, OUTBOX_THREAD=True)
    client, token, _ = new_user_client(app, "delivery@example.com")
    started = {}
    durations = []
    for number in range(requests):
        title = f"Delivery {number}"
        started[f"You created “{title}”"] = time.perf_counter()
        durations.append(create_resume(client, token, title))
    deadline = time.monotonic() + 60
    while len(mailbox.arrived) < requests and time.monotonic() < deadline:
        time.sleep(0.05)
    outbox.stop(app)
    latencies = [(mailbox.arrived[subject] - at) * 1000 for subject, at in started.items()
                 if subject in mailbox.arrived]
    table.row(backend, "POST /resume/new while the thread sends (ms)",
              [s * 1000 for s in durations])
    within = sum(latency <= DELIVERY_TARGET_S * 1000 for latency in latencies) / requests
    table.row(backend, "request start to delivery (ms)", latencies or [float("nan")],
              f"95% <= {DELIVERY_TARGET_S} s ({within:.0%} were)", within >= 0.95)
    duplicates = len(mailbox.messages) - len({m["Message-ID"] for m in mailbox.messages})
    table.missed |= duplicates > 0 or len(latencies) < requests
    table.counts(backend, "  delivered of queued; duplicates",
                 (len(latencies), requests, duplicates))
    with app.app_context():
        db.engine.dispose()


def main() -> int:
    """Run both measurements on each backend, print and save the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # one log line per request and SMTP command would be timed

    table = BackendTable(width=46)
    table.add(f"Email notifications: {args.requests} requests per measurement; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    table.header()
    for backend, database_url in seeded_databases(args.backends, table):
        for measure in (measure_queuing, measure_delivery):
            mailbox = TimedMailBox("127.0.0.1", free_port())
            with smtp_server(mailbox):
                measure(table, backend, database_url, mailbox, args.requests)
    return table.save("email")


if __name__ == "__main__":
    sys.exit(main())
