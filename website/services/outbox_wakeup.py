"""Wake-ups across processes on PostgreSQL: a commit that queues outbox jobs tells every sender.

The committing transaction runs `NOTIFY outbox, '<lane>'` (see `announce`); PostgreSQL delivers
it when the transaction commits, never if it rolls back, to every connection that LISTENs on
the channel. Each process running senders holds one such connection in a `Listener` thread,
which wakes the sender of the lane named. Polling stays as the fallback: a sender still looks
every OUTBOX_POLL_SECONDS, which finds jobs due later (retries) and jobs committed while the
listener was reconnecting.

LISTEN needs a connection of its own for as long as it listens: behind a PgBouncer in
transaction pooling mode notifications never arrive, and senders only poll.
"""
import logging
import os
import select
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)
CHANNEL = "outbox"
# An idle listener checks its connection this often, so one that died silently is replaced.
CHECK_SECONDS = 30
FIRST_RETRY_SECONDS = 0.5


def announce(connection: Connection, lane: str) -> None:
    """Have the transaction of `connection` wake the senders of `lane` when it commits
    (PostgreSQL only; elsewhere they find the jobs at their next poll)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_notify(:channel, :lane)"),
                           {"channel": CHANNEL, "lane": lane})


def connect(engine: Engine):
    """Return a new psycopg2 connection to `engine`'s database, outside its pool, in autocommit."""
    args, options = engine.dialect.create_connect_args(engine.url)
    connection = engine.dialect.connect(*args, **options)
    connection.autocommit = True
    return connection


class Listener:
    """A thread that LISTENs on the outbox channel and calls `wake(lane)` for each notification.

    It reconnects after its connection drops, waiting twice as long after each failed attempt
    up to `backoff_max` seconds, and wakes every lane once listening again, for the jobs
    committed meanwhile.
    """

    def __init__(self, connect: Callable[[], object], wake: Callable[[str], None],
                 lanes: Iterable[str], backoff_max: float):
        self._connect = connect
        self._wake = wake
        self._lanes = tuple(lanes)
        self._backoff_max = backoff_max
        self.stopping = threading.Event()
        self.backend_pid: int | None = None  # the server process of the current connection
        self.times_listened = 0
        self._listened = threading.Condition()
        self._interrupt_read, self._interrupt_write = os.pipe()  # unblocks select() on stop
        self._thread: threading.Thread | None = None

    def start_thread(self) -> None:
        """Listen in a daemon thread of this process."""
        self._thread = threading.Thread(target=self.run, name="outbox-listener", daemon=True)
        self._thread.start()

    def run(self) -> None:
        """Listen, reconnecting after failures, until stopped."""
        backoff, failing = FIRST_RETRY_SECONDS, False
        while not self.stopping.is_set():
            listened = self.times_listened
            try:
                connection = self._connect()
                try:
                    self._listen(connection, reconnected=failing)
                finally:
                    self.backend_pid = None
                    connection.close()
            except Exception:  # the database is down, or ended the connection
                if self.times_listened > listened:  # it was listening: a new outage
                    backoff, failing = FIRST_RETRY_SECONDS, False
                if not failing:
                    log.warning("The outbox listener has no connection to the database; it "
                                "tries again with growing pauses, and senders poll meanwhile",
                                exc_info=True)
                failing = True
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, self._backoff_max)

    def _listen(self, connection, reconnected: bool) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
            if reconnected:
                log.info("The outbox listener is listening again")
            for lane in self._lanes:  # jobs committed while nobody listened
                self._wake(lane)
            with self._listened:
                self.backend_pid = connection.get_backend_pid()
                self.times_listened += 1
                self._listened.notify_all()
            while not self.stopping.is_set():
                readable, _, _ = select.select([connection, self._interrupt_read], [], [],
                                               CHECK_SECONDS)
                if not readable:
                    cursor.execute("SELECT 1")  # raises if the connection is gone
                    continue
                connection.poll()
                while connection.notifies:
                    self._wake(connection.notifies.pop(0).payload)

    def wait_until_listening(self, times: int = 1, timeout: float | None = None) -> bool:
        """Return True once the listener has started listening `times` times (reconnections
        count), or False after `timeout` seconds."""
        with self._listened:
            return self._listened.wait_for(lambda: self.times_listened >= times, timeout)

    def stop(self, timeout: float = 10) -> None:
        """Stop listening and close the connection, waiting up to `timeout` seconds."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        os.write(self._interrupt_write, b"x")
        if self._thread is not None:
            self._thread.join(timeout)
        os.close(self._interrupt_read)
        os.close(self._interrupt_write)
