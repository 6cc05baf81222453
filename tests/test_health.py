"""Operations: health check, request logs and friendly error pages."""
import re

import pytest

from tests.helpers import free_port, make_test_app, settings_for_tests
from website import create_app
from website.extensions import db
from website.models import User
from website.services import accounts, email_service, resumes, sharing


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_fails_when_the_database_is_unreachable(tmp_path):
    unreachable = f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/nothing"
    app = create_app(settings_for_tests(unreachable, SQLALCHEMY_ENGINE_OPTIONS={
        "connect_args": {"connect_timeout": 2}}))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


def test_each_request_is_logged_on_one_line(client, caplog):
    with caplog.at_level("INFO", logger="website.requests"):
        client.get("/login")
        client.get("/no-such-page")
    lines = [r.getMessage() for r in caplog.records if r.name == "website.requests"]
    assert lines[0].startswith("GET /login 200 ") and lines[0].endswith("ms")
    assert lines[1].startswith("GET /no-such-page 404 ")


@pytest.mark.parametrize("path, method, status, text", [
    ("/no-such-page", "get", 404, "Page not found"),
    ("/logout", "get", 405, "can&#39;t be done this way"),
])
def test_errors_get_friendly_pages(client, path, method, status, text):
    response = getattr(client, method)(path)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert text in html and "Go to the start page" in html


def test_unexpected_errors_get_a_friendly_500(database_url):
    app = make_test_app(database_url)  # a route of its own needs an app no request reached yet

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html and "kaboom" not in html


def test_landing_page_for_visitors(client):
    html = client.get("/").get_data(as_text=True)
    assert "Create a free account" in html and 'href="/signup"' in html


def test_start_page_for_logged_in_users(auth_client):
    response = auth_client.get("/")
    assert response.status_code == 302 and response.location == "/dashboard"


def test_styles_and_scripts_are_served_by_the_app_itself(client):
    html = client.get("/").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css))"', html)
    assert len(assets) >= 3
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # nothing from another host
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_secret_links_are_redacted_in_the_request_log(app, client, user, caplog):
    with app.app_context():
        owner = db.session.get(User, user.id)
        resume = resumes.create(owner, "Backend roles")
        secrets = {"reset": accounts.make_reset_token(owner),
                   "share": sharing.share(resume).token,
                   "unsubscribe": email_service.unsubscribe_token(owner, "resume_created")}
        db.session.commit()
    paths = [f"/reset-password/{secrets['reset']}", f"/r/{secrets['share']}",
             f"/r/{secrets['share']}/document", f"/unsubscribe/{secrets['unsubscribe']}"]
    with caplog.at_level("INFO"):
        for path in paths:
            assert client.get(path).status_code == 200
        client.post(paths[-1])  # one-click unsubscribe, as a mail client sends it
    for secret in secrets.values():
        assert secret not in caplog.text
    logged = [r.getMessage() for r in caplog.records if r.name == "website.requests"]
    assert [line.rsplit(" ", 2)[0] for line in logged if "[redacted]" in line] == [
        "GET /reset-password/[redacted]", "GET /r/[redacted]", "GET /r/[redacted]/document",
        "GET /unsubscribe/[redacted]", "POST /unsubscribe/[redacted]"]


def test_secret_links_that_match_no_route_are_redacted_too(app, client, user, caplog):
    """A link a mail client mangled (a slash added or doubled) reaches no view, but its
    path still holds the secret: the request log must not show it."""
    with app.app_context():
        secret = accounts.make_reset_token(db.session.get(User, user.id))
    with caplog.at_level("INFO"):
        assert client.get(f"/reset-password/{secret}/").status_code == 404
        assert client.get(f"/reset-password//{secret}").status_code == 308
    assert secret not in caplog.text
    logged = [r.getMessage().rsplit(" ", 2)[0] for r in caplog.records
              if r.name == "website.requests"]
    assert logged == ["GET /reset-password/[redacted]/", "GET /reset-password//[redacted]"]
