"""A sender while its database is gone: it waits longer after each failed pass and logs the
outage once when it starts and once when it ends, not a traceback every poll."""
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import pytest

from tests.helpers import POSTGRES_ADMIN_DSN, make_test_app, temporary_database
from website.extensions import db
from website.services import outbox

POLL, MOST = 0.5, 4.0


@pytest.fixture
def database(tmp_path_factory) -> Iterator[str]:
    """A PostgreSQL database of its own, which a test may take away (by renaming it)."""
    with temporary_database("postgresql", tmp_path_factory) as url:
        yield url


@contextmanager
def admin() -> Iterator:
    connection = psycopg2.connect(POSTGRES_ADMIN_DSN)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def take_away(name: str) -> None:
    """Make the database unreachable as an outage does: its connections cut, its name gone."""
    with admin() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
        cursor.execute(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"')


def bring_back(name: str) -> None:
    with admin() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"')


class Script:
    """Stands in for the sender's waiting: records each pause and plays out the outage, from
    the first pause to the ninth, then stops the sender two pauses later."""

    def __init__(self, name: str):
        self.name, self.pauses, self.sender = name, [], None

    def __call__(self, event, seconds: float) -> None:
        self.pauses.append(seconds)
        if len(self.pauses) == 1:
            take_away(self.name)
        elif len(self.pauses) == 9:
            bring_back(self.name)
        elif len(self.pauses) == 11:
            self.sender.stopping.set()


def test_a_database_outage_is_logged_once_and_retried_less_and_less_often(database, caplog):
    app = make_test_app(database, OUTBOX_POLL_SECONDS=POLL, OUTBOX_BACKOFF_MAX_SECONDS=MOST)
    with app.app_context():
        db.create_all()
    name = database.rsplit("/", 1)[1]
    script = Script(name)
    script.sender = outbox.Sender(app, wait=script)
    try:
        with caplog.at_level("INFO", logger=outbox.log.name):
            script.sender.run()
    finally:
        if len(script.pauses) in range(1, 9):  # stopped mid-outage: the fixture drops it by name
            bring_back(name)
        with app.app_context():
            db.engine.dispose()
    # Normal polls, then 8 failed passes waiting twice as long each time up to the most, then
    # normal polls again once the database is back.
    assert script.pauses == [POLL, POLL, 1, 2, 4, 4, 4, 4, 4, POLL, POLL]
    records = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == outbox.log.name]
    assert [level for level, _ in records] == ["ERROR", "INFO"]
    assert "works again after" in records[1][1]
