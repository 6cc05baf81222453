"""Fixtures in the flaskr style: `app`, `client`, `runner`, users, SMTP and a live server.

Every database test runs twice, on SQLite and on PostgreSQL. PostgreSQL is used when it is
reachable; with REQUIRE_POSTGRES=1 (as `.ci/run` sets) an unreachable one fails the run.
Helpers live in tests/helpers.py and model builders in tests/factories.py.
"""
import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from PIL import Image
from werkzeug.serving import make_server

from tests.factories import (
    add_events,
    add_match,
    at,
    create_user,
    make_resume,
    make_token,
)
from tests.helpers import (
    CHROMIUM,
    REQUIRE_BROWSER,
    ApiClient,
    AppPool,
    FakeClock,
    FormClient,
    MailBox,
    RequestsInFlight,
    empty_tables,
    free_port,
    log_in,
    make_test_app,
    required_program,
    settings_for_tests,
    smtp_server,
    temporary_database,
)
from tests.resume_samples import THREE_JOBS
from website import create_app
from website.extensions import db
from website.models import utcnow
from website.services import (
    accounts,
    api_tokens,
    application_links,
    applications,
    design_settings,
    designs,
    email_service,
    matching,
    outbox,
    photos,
    resume_translations,
    resumes,
    sharing,
    webhooks,
)
from website.services.imports import pending, reader

# Fixtures of a real webhook receiver on loopback: `receiver`, `second_receiver`.
pytest_plugins = ["tests.webhook_receiver"]


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[Callable[[str], str]]:
    """`databases(backend)`: the URL of the run's database of `backend`, made on first use and
    dropped when the run ends.

    Not torn down when `database_url` switches backend: a parallel worker (pytest-xdist, one
    test file at a time) switches at every file, and would otherwise make both databases anew.
    """
    with ExitStack() as made:
        urls: dict[str, str] = {}

        def url_of(backend: str) -> str:
            if backend not in urls:
                urls[backend] = made.enter_context(temporary_database(backend, tmp_path_factory))
            return urls[backend]
        yield url_of


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, databases) -> str:
    """One database per backend for the whole run."""
    return databases(request.param)


@pytest.fixture
def empty_database_url(database_url, tmp_path_factory) -> Iterator[str]:
    """A brand-new empty database on the same backend as `database_url`."""
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    with temporary_database(backend, tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="module")
def schema(database_url):
    """A fresh schema for each test module: empty tables whose ids count from 1.

    The tables are made once per database; emptying them is much quicker than making them
    again (about a second of PostgreSQL's DDL per module), and no test changes a table's shape.
    """
    app = create_app(settings_for_tests(database_url))
    with app.app_context():
        db.create_all()  # only the tables not there yet: all of them on a database's first use
        empty_tables(restart_ids=True)
        db.engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """A clock starting at the real time; put it in `app_config` as {"CLOCK": clock}."""
    return FakeClock()


@pytest.fixture
def app_config() -> dict:
    """Extra settings for the `app` fixture; override in a module to change them."""
    return {}


@pytest.fixture(scope="session")
def app_pool() -> AppPool:
    """Apps of the default settings, used again by the tests that take no `app_config`."""
    return AppPool()


@pytest.fixture
def app(database_url, schema, app_config, app_pool):
    app = make_test_app(database_url, **app_config) if app_config else \
        app_pool.take(database_url)
    with app.app_context():
        designs.seed()  # the catalogue rows migration 0007 adds; teardown empties every table
    try:
        yield app
    finally:
        if app_config or not app_pool.give_back(database_url, app):
            outbox.stop(app)  # a sender thread a test turned on must not outlive its tables
        with app.app_context():
            empty_tables()
            db.engine.dispose()


@pytest.fixture
def client(app) -> FormClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create users: `make_user(email=..., name=..., password=...)`."""
    return functools.partial(create_user, app)


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def api(app, user) -> ApiClient:
    """An API client with a read-and-write token of `user`."""
    return ApiClient(app, make_token(app, user))


@pytest.fixture
def auth_client(client, user) -> FormClient:
    """A client logged in as `user`."""
    response = log_in(client, user.email)
    assert response.status_code == 302
    return client


@pytest.fixture
def mailbox() -> Iterator[MailBox]:
    """A real SMTP server (aiosmtpd) on loopback collecting what the app sends."""
    with smtp_server(MailBox("127.0.0.1", free_port())) as box:
        yield box


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve `app` over real HTTP on loopback; yields its base URL."""
    answering = RequestsInFlight(app)
    server = make_server("127.0.0.1", 0, answering, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.server_port}"
    # Links in emails and payloads lead to this server, as they lead to the site in production.
    app.config["PUBLIC_BASE_URL"] = base_url
    try:
        yield base_url
    finally:
        server.shutdown()
        thread.join(timeout=5)
        # The last request a closing page sent must not meet the tables being emptied.
        answering.wait_until_idle(seconds=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; never a downloaded browser."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}"
        if REQUIRE_BROWSER:
            pytest.fail(message + " and REQUIRE_BROWSER=1")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"],
    }


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """Poppler's pdftotext; missing, it skips these tests (fails with REQUIRE_BROWSER=1)."""
    return required_program("pdftotext")


@pytest.fixture
def loopback_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback that records every request it gets."""
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            received.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", received
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def owned(app, user) -> dict:
    """One of every object a user can own, with what fills each route's path variables."""
    with app.app_context():
        owner = accounts.make_admin(user.email)  # so the admin pages are swept too
        webhook, _ = webhooks.create(owner, "http://127.0.0.1:9/hook", "CRM",
                                     list(webhooks.EVENT_TYPES))
        resume = resumes.create(owner, "Backend roles", content={
            "basics": {"name": "Jane Doe"},
            "skills": [{"name": "Python", "keywords": ["Flask", "PostgreSQL"]}]})
        resumes.save(resume, owner, resume.version, title="Backend and data roles")
        translated = resume_translations.translated(resume_translations.with_language(
            resume.content, design_settings.effective(resume), "de"), "de",
            {"skills.0.name": "Python-Entwicklung"})
        resume_translations.save(resume, owner, resume.version, translated, "Translated")
        photo = BytesIO()
        Image.new("RGB", (64, 64), "teal").save(photo, "PNG")
        photos.set_photo(resume, owner, resume.version, photo.getvalue())
        match = matching.record(resume, owner, "Senior Python developer with Flask and Docker.")
        share = sharing.share(resume)
        application = applications.create(owner, applications.Fields(
            company="Acme", role="Backend Engineer"), resume=resume)
        link = application_links.create(application)
        delivery = webhooks.send_test(webhook)
        token, secret = api_tokens.create(owner, "tests", "read-write")
        review = pending.store(owner, reader.read(b'{"basics": {"name": "Jane Doe"}}'))
        db.session.commit()
        return {
            "resume_id": resume.id, "number": 1, "match_id": match.id, "webhook_id": webhook.id,
            "delivery_id": delivery.id, "application_id": application.id,
            "photo_id": resume.design_settings["photo_id"], "slug": designs.DEFAULT_DESIGN,
            "section": "work", "token_id": token.id, "api_token": secret, "language": "de",
            ("sharing", "token"): share.token, ("imports", "token"): review.token,
            "link_id": link.id, ("application_links", "token"): link.token,
            ("public_letters", "token"): link.token,
            ("auth", "token"): accounts.make_reset_token(owner),
            ("notifications", "token"): email_service.unsubscribe_token(owner, "resume_created"),
        }


@pytest.fixture
def today() -> date:
    """The UTC day the test runs on, read when it starts (never when the module is imported)."""
    return utcnow().date()


@pytest.fixture
def seeded(app, user):
    """A resume with known downloads, views, public views and match scores."""
    resume_id = make_resume(app, user, design="classic", content=THREE_JOBS)
    add_events(app, user.id, resume_id, "download", [at(0), at(0), at(1)], {"format": "pdf"})
    add_events(app, user.id, resume_id, "download", [at(1)], {"format": "docx"})
    add_events(app, user.id, resume_id, "download", [at(60)], {"format": "txt"})
    add_events(app, user.id, resume_id, "view", [at(0), at(2)])
    add_events(app, user.id, resume_id, "share_view", [at(0), at(0), at(0), at(45)])
    add_match(app, user.id, resume_id, 41, at(3), ["kubernetes", "go"])
    add_match(app, user.id, resume_id, 67, at(1), ["kubernetes"])
    return resume_id


@pytest.fixture
def three_resumes(app, user, seeded):
    """The seeded resume plus two more with other figures; returns their ids by title."""
    minimal = make_resume(app, user, title="Blank slate", design="minimal", content={})
    design = make_resume(app, user, title="Design roles", design="classic", content=THREE_JOBS)
    add_events(app, user.id, design, "download", [at(0)] * 7, {"format": "json"})
    add_events(app, user.id, design, "view", [at(5)])
    add_match(app, user.id, design, 88, at(0), ["figma", "kubernetes"])
    return {"Backend roles": seeded, "Blank slate": minimal, "Design roles": design}
