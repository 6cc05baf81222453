"""A transactional outbox: jobs committed with the change that caused them, delivered later.

A table becomes a queue by mixing in `OutboxMixin`; `register` names the handler that delivers
its rows (email notifications, webhook deliveries), the setting holding its retry delays, and
how many jobs it delivers at once, and its lane. Each lane has its own sender, so slow work
(rendering files ahead, in the "renders" lane) never holds up an email or a webhook (the
"deliveries" lane). A sender -- a thread of `flask --app main worker`, or of each web process
when OUTBOX_THREAD is on -- claims due rows by setting a lease (`locked_until`),
delivers them with no transaction open (one by one, or in a pool of threads that claims more as
threads come free), and records each outcome: sent, tried again after the next retry delay (or
the wait the handler asks for), or failed with its reason.

A commit that queues jobs wakes their lane's senders at once: in this process directly, and on
PostgreSQL in every process, by a notification the listener of website/services/outbox_wakeup.py
receives. Senders also poll every OUTBOX_POLL_SECONDS, for retries that fall due and for jobs
committed while no listener listened (on SQLite polling is how other processes find them).

Senders never claim the same row twice: on PostgreSQL they skip rows another sender has locked
(`FOR UPDATE SKIP LOCKED`), and on SQLite, which runs one write at a time, the claiming UPDATE
re-checks that each row is still free. A sender that dies mid-send leaves its rows to be claimed
again when the lease runs out, so a job is delivered twice only if its sender dies between
delivering it and recording that. Leases, due times and deadlines are read from the app's CLOCK
setting (the real time, unless a test moves a clock of its own).
"""
import atexit
import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import event, or_
from sqlalchemy.orm import ORMExecuteState, Session

from website.extensions import db
from website.models.base import app_now
from website.models.outbox import OutboxMixin
from website.services import outbox_wakeup

log = logging.getLogger(__name__)
REASON_MAX = 1000
# Lanes, in the order the worker starts their senders.
DELIVERIES = "deliveries"
RENDERS = "renders"
LANES = (DELIVERIES, RENDERS)
# session.info: the lanes the session's transaction has queued jobs in.
QUEUED_LANES = "outbox_queued_lanes"

# Returns extra column values to store with the success (e.g. the response), or None.
Deliver = Callable[[OutboxMixin], dict | None]
# Opens what a batch shares (e.g. one SMTP connection) and yields the function delivering a job.
Handler = Callable[[], AbstractContextManager[Deliver]]


class DeliveryError(Exception):
    """Raised by a handler with the reason to record; `permanent` if retrying cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None,
                 record: dict | None = None):
        super().__init__(reason)
        self.permanent = permanent
        self.retry_after = retry_after  # seconds the receiver asked us to wait, if it did
        self.record = record or {}  # extra column values to store with the failure


class Postpone(Exception):
    """Raised by a handler that did not attempt a job and wants it back in `seconds`."""

    def __init__(self, seconds: float):
        super().__init__(f"postponed by {seconds} s")
        self.seconds = seconds


def _wait(event: threading.Event, seconds: float) -> None:
    event.wait(seconds)


class Sender:
    """Delivers due jobs until stopped: the loop of the worker and of the web process thread.

    While passes fail (the database is down, say) it waits twice as long after each failure, up
    to OUTBOX_BACKOFF_MAX_SECONDS, and logs the outage twice: when it starts and when it ends.
    """

    def __init__(self, app: Flask, wait: Callable[[threading.Event, float], None] = _wait,
                 lane: str = DELIVERIES):
        self.app = app
        self.lane = lane
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self._wait = wait  # tests pass one that returns at once
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def run(self) -> None:
        """Deliver what is due, then wait to be woken or for the next poll, until stopped."""
        poll = self.app.config["OUTBOX_POLL_SECONDS"]
        failed_since, backoff = None, poll
        while not self.stopping.is_set():
            self.wake.clear()
            try:
                with self.app.app_context():
                    run_due(self.lane)
            except Exception:  # e.g. the database is down: keep the sender alive for later
                if failed_since is None:
                    failed_since = time.monotonic()
                    log.exception("The outbox sender failed; it tries again with growing pauses "
                                  "and logs again once a pass succeeds")
                else:
                    backoff = min(backoff * 2, self.app.config["OUTBOX_BACKOFF_MAX_SECONDS"])
                # Woken only by a stop: new jobs cannot help while passes fail.
                self._wait(self.stopping, backoff)
                continue
            if failed_since is not None:
                log.info("The outbox sender works again after %.0f s of failed passes",
                         time.monotonic() - failed_since)
                failed_since, backoff = None, poll
            self._wait(self.wake, poll)

    @property
    def started(self) -> bool:
        """Whether this sender's thread was ever started (or a stop asked for)."""
        return self._thread is not None or self.stopping.is_set()

    def start_thread(self) -> None:
        """Run the sender in a daemon thread of this process, unless it runs already."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self.run, name=f"outbox-{self.lane}",
                                                daemon=True)
                self._thread.start()
                # Let a job in hand finish on shutdown rather than be sent again after its lease.
                atexit.register(self.stop)

    def stop(self, timeout: float = 10) -> None:
        """Stop after the job in hand, waiting up to `timeout` seconds for the thread."""
        self.stopping.set()
        self.wake.set()
        thread = self._thread
        # A SIGTERM can land between creating the thread and starting it: nothing to wait for.
        if thread is not None and thread.ident is not None:
            thread.join(timeout)


@dataclass(frozen=True)
class Queue:
    """How one table's jobs are delivered: the handler, the retry setting, how many at once,
    and the lane whose sender delivers them."""

    handler: Handler
    retry_delays_setting: str = "OUTBOX_RETRY_DELAYS"
    concurrency: int = 1
    lane: str = DELIVERIES


@dataclass
class _Outbox:
    app: Flask
    senders: dict[str, Sender]
    queues: dict[type[OutboxMixin], Queue] = field(default_factory=dict)
    listener: outbox_wakeup.Listener | None = None  # on PostgreSQL, once the threads run
    started: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def sender(self) -> Sender:
        """The sender of emails and webhooks."""
        return self.senders[DELIVERIES]

    def wake(self, lane: str) -> None:
        """Wake the sender of `lane` (if it runs): jobs of that lane have just been committed."""
        if sender := self.senders.get(lane):
            sender.wake.set()

    def start_threads(self) -> None:
        """Run each lane's sender in a thread of this process, and on PostgreSQL the listener
        that wakes them, unless they run already."""
        if self.started:  # the common case: a web process calls this before every request
            return
        with self._lock:
            if self.started:
                return
            with self.app.app_context():
                engine = db.engine
            if engine.dialect.name == "postgresql":
                self.listener = outbox_wakeup.Listener(
                    lambda: outbox_wakeup.connect(engine), self.wake, self.senders,
                    self.app.config["OUTBOX_BACKOFF_MAX_SECONDS"])
                self.listener.start_thread()
                atexit.register(self.listener.stop)
            for sender in self.senders.values():
                sender.start_thread()
            self.started = True

    def stop(self) -> None:
        """Stop the listener and the sender threads, if they run."""
        if self.listener is not None:
            self.listener.stop()
        for sender in self.senders.values():
            sender.stop()


def init_app(app: Flask) -> None:
    """Give `app` its outbox: the queues, a sender per lane, the `worker` command, wake-ups on
    commit and, if set, the threads."""
    state = app.extensions["outbox"] = _Outbox(
        app, {lane: Sender(app, lane=lane) for lane in LANES})
    app.cli.add_command(worker_command)
    _watch_commits()
    if app.config["OUTBOX_THREAD"]:
        # Started by the first request, so CLI commands (migrations, the worker) never get one.
        app.before_request(state.start_threads)


def _watch_commits() -> None:
    """Have the app's sessions announce the jobs they queue (once: the session is shared)."""
    for name, hook in (("after_flush", _flushed), ("do_orm_execute", _executing),
                       ("after_commit", _committed), ("after_rollback", _rolled_back)):
        if not event.contains(db.session, name, hook):
            event.listen(db.session, name, hook)


def _queued(session: Session, model: type) -> None:
    """Note that the transaction queues jobs of `model`; announce the first of each lane."""
    queue = _state().queues.get(model)
    lanes = session.info.setdefault(QUEUED_LANES, set())
    if queue is None or queue.lane in lanes:
        return
    lanes.add(queue.lane)
    outbox_wakeup.announce(session.connection(), queue.lane)


def _flushed(session: Session, _flush_context) -> None:
    for instance in session.new:  # still the objects just inserted, until the flush ends
        _queued(session, type(instance))


def _executing(state: ORMExecuteState) -> None:
    if state.is_insert and state.bind_mapper is not None:  # e.g. INSERT .. ON CONFLICT
        _queued(state.session, state.bind_mapper.class_)


def _committed(session: Session) -> None:
    # Not earlier: a sender woken before the commit could look too soon and miss the jobs.
    for lane in session.info.pop(QUEUED_LANES, ()):
        notify_queued(lane)


def _rolled_back(session: Session) -> None:
    session.info.pop(QUEUED_LANES, None)


def register(app: Flask, model: type[OutboxMixin], handler: Handler, *,
             retry_delays_setting: str = "OUTBOX_RETRY_DELAYS", concurrency: int = 1,
             lane: str = DELIVERIES) -> None:
    """Have the sender of `lane` deliver the queued rows of `model` with `handler`, retrying
    after the delays the setting names, `concurrency` jobs at once (in threads) if above 1."""
    app.extensions["outbox"].queues[model] = Queue(handler, retry_delays_setting, concurrency,
                                                   lane)


def is_last_attempt(model: type[OutboxMixin], job, *, permanent: bool = False) -> bool:
    """Return whether a failure of `job`'s current attempt fails it for good."""
    delays = current_app.config[_state().queues[model].retry_delays_setting]
    return permanent or job.attempts > len(delays)


def _state() -> _Outbox:
    return current_app.extensions["outbox"]


def notify_queued(lane: str = DELIVERIES) -> None:
    """Wake this process's sender thread of `lane` (if it runs): a job has just been committed."""
    _state().wake(lane)


def stop(app: Flask) -> None:
    """Stop the sender threads of `app` and their listener, if they run."""
    app.extensions["outbox"].stop()


def run_due(lane: str = DELIVERIES) -> int:
    """Deliver every job of `lane` that is due now, batch by batch; return how many were
    attempted."""
    attempted = 0
    for model, queue in _state().queues.items():
        if queue.lane != lane:
            continue
        # Jobs of this queue falling due during its turn (retries after a short delay) wait for
        # the next pass; jobs an earlier queue's handler added (an email) are due now.
        started = app_now()
        if queue.concurrency > 1:
            attempted += _deliver_concurrently(model, queue)
            continue
        while jobs := claim(model, current_app.config["OUTBOX_BATCH_SIZE"], due_by=started):
            attempted += _deliver(model, queue, jobs)
    return attempted


def claim(model: type[OutboxMixin], limit: int, due_by: datetime) -> list:
    """Lease up to `limit` jobs of `model` due by `due_by` to this sender; return them detached."""
    now = app_now()
    lease = now + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    due = (model.status == model.QUEUED, model.next_attempt_at <= due_by,
           or_(model.locked_until.is_(None), model.locked_until <= now))
    while True:
        candidates = db.session.execute(
            db.select(model.id).where(*due).order_by(model.next_attempt_at, model.id)
            .limit(limit).with_for_update(skip_locked=True)).scalars().all()
        if not candidates:
            db.session.commit()
            return []
        # Repeating `due` keeps SQLite safe, which ignores FOR UPDATE: its writes run one at a
        # time, so rows another sender claimed first no longer match, and if that was all of
        # them, the loop looks again.
        claimed = db.session.execute(
            db.update(model).where(model.id.in_(candidates), *due)
            .values(locked_until=lease, attempts=model.attempts + 1).returning(model.id),
            execution_options={"synchronize_session": False}).scalars().all()
        if claimed:
            break
        db.session.commit()
    jobs = db.session.execute(db.select(model).where(model.id.in_(claimed))
                              .order_by(model.next_attempt_at, model.id)).scalars().all()
    for job in jobs:
        db.session.expunge(job)  # so the commit does not expire what the handler reads
    db.session.commit()
    return jobs


def _deliver(model: type[OutboxMixin], queue: Queue, jobs: list) -> int:
    """Deliver claimed `jobs` one by one and record each outcome; return how many were tried."""
    # Stop well before the lease ends, or another sender could claim a job still in hand.
    deadline = app_now() + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"] / 2)
    attempted = 0
    with queue.handler() as deliver:
        for number, job in enumerate(jobs):
            if number and app_now() > deadline:
                _release(model, jobs[number:])
                break
            attempted += _attempt(model, queue, deliver, job)
    return attempted


def _deliver_concurrently(model: type[OutboxMixin], queue: Queue) -> int:
    """Deliver due jobs in `queue.concurrency` threads, claiming more as threads come free.

    A job that hangs holds one thread until its own timeout while the others go on, so one
    slow receiver cannot hold up the jobs queued behind it. Claiming stops at half the lease.
    """
    app = current_app._get_current_object()
    deadline = app_now() + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"] / 2)
    # On SIGTERM: finish the jobs in hand, claim no more.
    stopping = _state().senders[queue.lane].stopping
    attempted = 0
    running: set = set()
    with queue.handler() as deliver, ThreadPoolExecutor(queue.concurrency) as pool:
        while True:
            free = queue.concurrency - len(running)
            if free and app_now() < deadline and not stopping.is_set():
                for job in claim(model, free, due_by=app_now()):
                    running.add(pool.submit(_attempt_in_thread, app, model, queue, deliver, job))
            if not running:
                return attempted
            # With threads free, look again shortly for jobs committed in the meantime.
            done, running = wait(running, timeout=None if len(running) == queue.concurrency
                                 else 0.05, return_when=FIRST_COMPLETED)
            attempted += sum(future.result() for future in done)


def _attempt_in_thread(app: Flask, model: type[OutboxMixin], queue: Queue, deliver: Deliver,
                       job) -> int:
    with app.app_context():  # its own session, so threads never share a connection
        try:
            return _attempt(model, queue, deliver, job)
        except Exception:  # e.g. the database is down: the lease runs out and it is retried
            log.exception("Recording %s %s failed", model.__tablename__, job.id)
            return 1


def _attempt(model: type[OutboxMixin], queue: Queue, deliver: Deliver, job) -> int:
    """Deliver one claimed job and record the outcome; return 1 if attempted, else 0."""
    if not _still_ours(model, job):
        return 0  # deleted meanwhile (with its account), so it must not go out
    try:
        record = deliver(job) or {}
    except Postpone as postponed:
        _finish(model, job, attempts=model.attempts - 1,
                next_attempt_at=app_now() + timedelta(seconds=postponed.seconds))
        return 0
    except Exception as error:
        _record_failure(model, queue, job, error)
    else:
        _finish(model, job, status=model.SENT, sent_at=app_now(), last_error=None, **record)
        log.info("Delivered %s %s (attempt %s)", model.__tablename__, job.id, job.attempts)
    return 1


def _still_ours(model: type[OutboxMixin], job) -> bool:
    found = db.session.execute(db.select(model.id).where(
        model.id == job.id, model.locked_until == job.locked_until)).first()
    db.session.commit()  # no transaction stays open while the handler waits on the network
    return found is not None


def _record_failure(model: type[OutboxMixin], queue: Queue, job, error: Exception) -> None:
    """Fail `job` for good, or schedule its next attempt, recording why this one failed."""
    retry_after, record = None, {}
    if isinstance(error, DeliveryError):
        reason, permanent = str(error), error.permanent
        retry_after, record = error.retry_after, error.record
    else:
        reason, permanent = f"{type(error).__name__}: {error}", False
    delays = current_app.config[queue.retry_delays_setting]
    if permanent or job.attempts > len(delays):
        _finish(model, job, status=model.FAILED, last_error=reason[:REASON_MAX], **record)
        log.warning("Failed %s %s for good after %s attempt(s): %s", model.__tablename__, job.id,
                    job.attempts, reason)
        return
    delay = timedelta(seconds=delays[job.attempts - 1] if retry_after is None else retry_after)
    _finish(model, job, next_attempt_at=app_now() + delay, last_error=reason[:REASON_MAX],
            **record)
    log.warning("Attempt %s of %s %s failed, next in %s: %s", job.attempts, model.__tablename__,
                job.id, delay, reason)


def _finish(model: type[OutboxMixin], job, **values) -> None:
    """Record the outcome of an attempt and end the lease, if the lease is still this sender's."""
    db.session.execute(
        db.update(model).where(model.id == job.id, model.locked_until == job.locked_until)
        .values(locked_until=None, **values),
        execution_options={"synchronize_session": False})
    db.session.commit()


def _release(model: type[OutboxMixin], jobs: list) -> None:
    """Hand jobs not attempted back to the queue, without counting the attempt they missed."""
    db.session.execute(
        db.update(model).where(model.id.in_([job.id for job in jobs]),
                               model.locked_until == jobs[0].locked_until)
        .values(locked_until=None, attempts=model.attempts - 1),
        execution_options={"synchronize_session": False})
    db.session.commit()


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Deliver queued email and webhooks and render files ahead, until stopped by SIGTERM or
    Ctrl-C."""
    if once:
        click.echo(f"Attempted {sum(run_due(lane) for lane in LANES)} job(s).")
        return
    state = _state()
    stopped = threading.Event()

    def stop_all(*_) -> None:
        stopped.set()
        state.stop()

    for signum in (signal.SIGTERM, signal.SIGINT):
        # Heroku sends SIGTERM, then SIGKILL 30 s later: finish the jobs in hand and exit.
        signal.signal(signum, stop_all)
    log.info("Outbox worker started")
    state.start_threads()
    while not stopped.wait(1):  # signals reach the main thread only while it runs Python
        pass
    log.info("Outbox worker stopped")
