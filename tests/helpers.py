"""Helpers the tests share: a form-posting client, an API client, logging in, email
delivery and capture, counting SQL statements, throwaway databases and a clock tests move.

Fixtures live in tests/conftest.py; model builders in tests/factories.py.
"""
import asyncio
import os
import re
import secrets
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import psycopg2
import pytest
from aiosmtpd.controller import Controller
from babel.dates import format_date
from babel.messages.mofile import read_mo
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from website import create_app, i18n
from website.extensions import db, limiter, talisman
from website.models import EmailNotification, Resume, ResumeAnalytic, ResumeVersion
from website.services import outbox

POSTGRES_ADMIN_DSN = os.environ.get(
    "TEST_POSTGRES_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "correct horse battery"
ROOT = Path(__file__).resolve().parent.parent  # the project
INPUT_TAG = re.compile(r"<input\b[^>]*>")
CSRF_NAME = re.compile(r'\bname="[\w-]*csrf_token"')
VALUE = re.compile(r'\bvalue="([^"]+)"')


def _postgres_reachable() -> bool:
    try:
        psycopg2.connect(POSTGRES_ADMIN_DSN, connect_timeout=3).close()
    except psycopg2.OperationalError:
        return False
    return True


@contextmanager
def temporary_database(backend: str, tmp_path_factory) -> Iterator[str]:
    """Yield the URL of a new, empty database of `backend`, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"
        return
    if not _postgres_reachable():
        message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_DSN!r}"
        if REQUIRE_POSTGRES:
            pytest.fail(message + " and REQUIRE_POSTGRES=1")
        pytest.skip(message)
    name = f"resume_builder_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = psycopg2.connect(POSTGRES_ADMIN_DSN)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
            # A test database need not outlive a crash of the server: its commits return without
            # waiting for the disk (about 10 ms each here, a dozen per test); what a transaction
            # sees and when it is visible to others is unchanged.
            cursor.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def settings_for_tests(database_url: str, **overrides) -> dict:
    """Settings for an app under test: real database, CSRF and rate limits left on."""
    return {
        "APP_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": None,
        "SERVER_NAME": None,
        # The test client's own address, so links in emails and payloads lead back to it.
        "PUBLIC_BASE_URL": "http://localhost",
        "OUTBOX_THREAD": False,  # tests deliver queued mail themselves, unless they turn it on
        "RENDER_AHEAD": False,  # saves queue no rendering, unless a test turns it on
        **overrides,
    }


def empty_tables(restart_ids: bool = False) -> None:
    """Delete every row of every table (in an app context); with `restart_ids`, the next row of
    each table gets id 1 again, as in a table just made."""
    db.session.remove()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    # SQLite's ids count on from the highest left (no table is AUTOINCREMENT): 1 when empty.
    if restart_ids and db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("SELECT setval(format('%I.%I', schemaname, sequencename), "
                                   "1, false) FROM pg_sequences"))
    db.session.commit()


@dataclass
class FakeClock:
    """A clock for the app's CLOCK setting that moves only when a test says so."""

    now: float = field(default_factory=time.time)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock `seconds` forward."""
        self.now += seconds

    def utc(self) -> datetime:
        """Return the clock's time as an aware UTC datetime, as the app reads it."""
        return datetime.fromtimestamp(self.now, UTC)


class FormClient(FlaskClient):
    """A test client that posts forms with a CSRF token read from a page, as a browser does."""

    def csrf_token(self, page: str, headers: dict | None = None) -> str:
        """Return the CSRF token found on `page` (following redirects)."""
        html = self.get(page, headers=headers, follow_redirects=True).get_data(as_text=True)
        for tag in INPUT_TAG.findall(html):
            if CSRF_NAME.search(tag) and (value := VALUE.search(tag)):
                return value.group(1)
        raise AssertionError(f"no CSRF token on {page}")

    def submit(self, path: str, data: dict | None = None, page: str | None = None,
               headers: dict | None = None, **kwargs):
        """POST `data` to `path` with the CSRF token of `page` (default: `path` itself)."""
        token = self.csrf_token(page or path, headers)
        return self.post(path, data={"csrf_token": token, **(data or {})}, headers=headers,
                         **kwargs)


def make_test_app(database_url: str, **overrides):
    """Create an app on `database_url` whose test client posts forms like a browser."""
    app = create_app(settings_for_tests(database_url, **overrides))
    app.test_client_class = FormClient
    return app


class AppPool:
    """Apps of the default test settings, one per database, used again test after test: making
    an app (its routes and its API documentation) takes longer than most tests.

    An app comes back only as it was made: no sender thread started, its settings as made, its
    rate limits empty. It is made anew once another app has been made since, because the
    security-header and rate-limit extensions keep the settings of the newest app.
    """

    def __init__(self):
        self._idle: dict[str, Flask] = {}
        self._settings: dict[Flask, dict] = {}

    def take(self, database_url: str) -> Flask:
        """Return an app of the default settings on `database_url`."""
        app = self._idle.pop(database_url, None)
        if app is None or talisman.app is not app:
            app = make_test_app(database_url)
            self._settings = {app: dict(app.config)}  # the apps made before are done with
        return app

    def give_back(self, database_url: str, app: Flask) -> bool:
        """Keep `app` for the next test unless another app was made since or a sender thread
        of it was started; return whether it was kept."""
        if app not in self._settings or talisman.app is not app or any(
                sender.started for sender in app.extensions["outbox"].senders.values()):
            return False
        app.config.clear()
        app.config.update(self._settings[app])
        limiter.reset()
        self._idle[database_url] = app
        return True


class RequestsInFlight:
    """A WSGI app that counts the requests `app` is answering, so a live server's test can wait
    for the last one (each runs in a thread of its own) before the tables are emptied."""

    def __init__(self, app):
        self.app = app
        self._count = 0
        self._changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self._changed:
            self._count += 1
        try:
            yield from self.app(environ, start_response)
        finally:
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    def wait_until_idle(self, seconds: float) -> None:
        """Return once no request is being answered, or after `seconds`."""
        with self._changed:
            self._changed.wait_for(lambda: self._count == 0, seconds)


class ApiClient:
    """The test client, sending a personal access token with every call (and no cookies)."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token

    def open(self, method: str, path: str, headers: dict | None = None, **kwargs):
        """Make one API call; `json=` sends a body, `headers=` adds or replaces headers."""
        client = self.app.test_client(use_cookies=False)
        sent = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        return client.open(path, method=method, headers=sent, **kwargs)

    def get(self, path: str, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.open("POST", path, **kwargs)

    def put(self, path: str, **kwargs):
        return self.open("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.open("DELETE", path, **kwargs)


def deliver_queued(app) -> int:
    """Deliver the queued email now, as `flask worker --once` does; return how many were tried."""
    with app.app_context():
        return outbox.run_due()


def email_notifications(app) -> list[EmailNotification]:
    """Every email the app has queued, sent or given up on, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            db.select(EmailNotification).order_by(EmailNotification.id)).scalars().all()
        db.session.expunge_all()
        return rows


def filled_fields(value, key: str = "") -> Iterator[tuple[str, object]]:
    """Yield (key, value) for every filled-in field of a resume document; a list's items come
    under the list's key ("highlights")."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from filled_fields(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from filled_fields(item, key)
    elif value:
        yield key, value


def required_program(name: str) -> str:
    """Return the path of poppler's program `name`; missing, the test is skipped (failed with
    REQUIRE_BROWSER=1, as in CI, where every tool must be there)."""
    path = shutil.which(name)
    if not path:
        message = f"{name} (poppler-utils) not found"
        if REQUIRE_BROWSER:
            pytest.fail(message + " and REQUIRE_BROWSER=1")
        pytest.skip(message)
    return path


def wait_until(condition: Callable[[], bool], seconds: float = 5,
               failure: Callable[[], str] = lambda: "") -> None:
    """Return once `condition()` holds (another thread makes it so); after `seconds`, fail
    saying `failure()`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, failure() or f"still not so after {seconds} s"
        time.sleep(0.01)


def log_in(client: FormClient, email: str, password: str = PASSWORD, **extra):
    """Log `client` in through the login form and return the response."""
    return client.submit("/login", {"email": email, "password": password, **extra})


@contextmanager
def counted_queries(app):
    """Count the SQL statements the app sends while the block runs."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@dataclass
class MailBox:
    """Messages an SMTP server on loopback has received; it can also be told to refuse them."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelope_recipients: list[list[str]] = field(default_factory=list)
    refuse_recipients: str | None = None  # an SMTP reply, such as "550 5.1.1 No such user"
    refuse_data: str | None = None
    seconds_per_message: float = 0
    on_message: Callable[[], None] | None = None  # called as each message is accepted

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return self.refuse_recipients
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.seconds_per_message)
        if self.refuse_data:
            return self.refuse_data
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.envelope_recipients.append(list(envelope.rcpt_tos))
        if self.on_message:
            self.on_message()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, seconds: float = 5) -> list[EmailMessage]:
        """Return the messages once `count` have arrived (a sender thread delivers them)."""
        wait_until(lambda: len(self.messages) >= count, seconds,
                   lambda: f"{len(self.messages)} of {count} emails arrived")
        return self.messages


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server(box: MailBox) -> Iterator[MailBox]:
    """Run a real SMTP server (aiosmtpd) for `box` on its port until the block ends."""
    controller = Controller(box, hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def pdf_text(pdftotext: str, pdf: bytes) -> str:
    """Return the text of `pdf` in the order it was written (`pdftotext -raw`, as an ATS reads
    it: the default mode moves text aligned right, like dates, after the text on its left),
    with runs of white space made one space."""
    assert pdf.startswith(b"%PDF-")
    result = subprocess.run([pdftotext, "-raw", "-enc", "UTF-8", "-", "-"], input=pdf,
                            capture_output=True, check=True)
    return " ".join(result.stdout.decode().replace("•", " ").split())


SKIPPED = {"static", "bootstrap.static"}  # files on disk, served by Flask as they are


PATH_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def path_of(rule, owned: dict, hostile: dict | None = None) -> str:
    """The rule's path with each variable filled by the owner's real object, or by the value
    `hostile` gives for it."""
    area = rule.endpoint.partition(".")[0]
    values = {**{name: owned.get((area, name), owned.get(name)) for name in rule.arguments},
              **(hostile or {})}
    return PATH_ARGUMENT.sub(lambda m: str(values[m[1]]), rule.rule)


def get_rules(app) -> list:
    """Every GET rule of the app, leaving out static files."""
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint not in SKIPPED]


def get_routes(app, owned: dict) -> list[str]:
    """Every GET route of the app, filled in for the owner."""
    return sorted({path_of(rule, owned) for rule in get_rules(app)})


def procfile() -> dict[str, str]:
    """The process types of the project's Procfile, by name."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def create_resume(client, title="Backend roles"):
    """Create a resume through the New resume form of `client`; return the response."""
    return client.submit("/resume/new", {"title": title, "template": "modern"})


def text_of(message) -> str:
    """Return the plain-text part of an email."""
    return message.get_body(preferencelist=("plain",)).get_content()


def recorded(app, resume_id: int) -> list[tuple[str, dict]]:
    """Return the (action, details) of the resume's events, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            db.select(ResumeAnalytic).where(ResumeAnalytic.resume_id == resume_id)
            .order_by(ResumeAnalytic.id)).scalars()
        return [(row.action, row.details) for row in rows]


def english_sentences(language: str) -> set[str]:
    """The source sentences of the catalogue that read differently in `language`: any of them
    on a page means that text was not translated. Sentences with values or markup are left out
    (their English pieces are not whole on the page)."""
    path = i18n.CATALOGUES / language / "LC_MESSAGES" / "messages.mo"
    with path.open("rb") as file:
        catalogue = read_mo(file)
    return {message.id for message in catalogue
            if isinstance(message.id, str) and message.id and message.string != message.id
            and not message.context and len(message.id.split()) >= 4
            and not re.search(r"%\(|<|&", message.id)}


def versions(app, resume_id: int) -> list[ResumeVersion]:
    """Every stored version of the resume, oldest first, detached with its content decoded."""
    with app.app_context():
        rows = list(db.session.execute(
            db.select(ResumeVersion).where(ResumeVersion.resume_id == resume_id)
            .order_by(ResumeVersion.number)).scalars())
        for row in rows:
            row.content  # decoded while in the session: a delta reads its keyframe  # noqa: B018
            db.session.expunge(row)
        return rows


def detached(app, model: type, row_id: int):
    """The row of `model` with `row_id` as stored now, detached (None once it is gone)."""
    with app.app_context():
        row = db.session.get(model, row_id)
        if row is not None:
            db.session.expunge(row)
        return row


def load(app, resume_id: int) -> Resume | None:
    """The resume as stored now, detached (None once it is gone)."""
    return detached(app, Resume, resume_id)


def stored_resume(app, resume_id: int) -> dict | None:
    """Return what the database holds about a resume, or None once it is gone."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        versions = db.session.scalar(db.select(db.func.count()).select_from(ResumeVersion)
                                     .where(ResumeVersion.resume_id == resume_id))
        if resume is None:
            return None if versions == 0 else {"orphan_versions": versions}
        return {"title": resume.title, "template": resume.design_slug,
                "content": resume.content, "version": resume.version, "versions": versions,
                "trashed": resume.deleted_at is not None, "user_id": resume.user_id}


def resume_count(app) -> int:
    """How many resumes the database holds, of every user."""
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Resume))


def page(client, path: str) -> str:
    """Return the HTML of the page at `path`, which must answer 200."""
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str:
    """Return the error shown next to the field `field_id` on a page."""
    match = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    assert match, f"no error shown next to {field_id}"
    return match.group(1)


def three_master_edits(content: dict) -> None:
    """Change a master's content in three places: basics, a job's highlights and skills."""
    content["basics"]["phone"] = "+49 30 1234"
    content["work"][0]["highlights"].append("Added tracing to every service")
    content["skills"].append({"name": "Rust"})


def variant_state(app, resume_id: int) -> dict:
    """What the database holds about a resume: content, version, its version rows, link."""
    with app.app_context():
        resume = db.session.get(Resume, resume_id)
        rows = db.session.execute(db.select(ResumeVersion.number, ResumeVersion.summary)
                                  .where(ResumeVersion.resume_id == resume_id)
                                  .order_by(ResumeVersion.number)).all()
        return {"content": resume.content, "version": resume.version, "versions": rows,
                "master_id": resume.master_id, "master_version": resume.master_version}


def figure(html: str, element_id: str) -> str:
    """Return the text of the element with `element_id` on a page."""
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert match, f"no #{element_id} on the page"
    return match.group(1).strip()


def table_row(html: str, first_cell: str | date, after: str = "") -> list[str]:
    """Return the cells of the first table row whose header cell reads `first_cell` (a day as
    the English page writes it), looking only past the text `after` (a table's caption, say)."""
    if isinstance(first_cell, date):
        first_cell = format_date(first_cell, "medium", locale="en")
    html = html[html.index(after):]
    match = re.search(rf"<tr><th scope=\"row\">{re.escape(first_cell)}</th>(.*?)</tr>", html)
    assert match, f"no table row for {first_cell!r}"
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))


def make_admin(app, runner, user) -> None:
    """Make `user` an admin through the `users make-admin` command."""
    result = runner.invoke(args=["users", "make-admin", user.email.upper()])
    assert result.exit_code == 0, result.output
    assert f"{user.email} is now an admin" in result.output
