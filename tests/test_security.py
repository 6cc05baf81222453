"""Protection checked from outside: CSRF, headers, cookies, rate limits, enumeration."""
import os
import re

import pytest
import redis

from tests.helpers import PASSWORD, deliver_queued, free_port, log_in, make_test_app
from website.extensions import db, limiter
from website.models import User


def count_users(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(User)).scalar_one()


def test_post_without_csrf_token_is_refused(client, app):
    response = client.post("/signup", data={
        "name": "Jane", "email": "jane@example.com", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
    assert count_users(app) == 0


def test_post_with_a_token_from_another_session_is_refused(client, app, user):
    foreign_token = app.test_client().csrf_token("/login")
    response = client.post("/login", data={
        "csrf_token": foreign_token, "email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_logout_without_csrf_token_keeps_the_session(auth_client):
    assert auth_client.post("/logout").status_code == 400
    assert auth_client.get("/account").status_code == 200


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # not outside production


def test_pages_contain_no_inline_script(client):
    for path in ("/", "/login", "/signup", "/forgot-password", "/no-such-page"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_session_cookie_is_httponly_and_samesite(auth_client):
    cookie = auth_client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure  # plain HTTP in tests; production sets Secure (below)


@pytest.fixture
def production_app(database_url, schema):
    app = make_test_app(database_url, APP_ENV="production", PUBLIC_BASE_URL="https://localhost")
    yield app
    with app.app_context():
        db.engine.dispose()


def test_production_forces_https_and_sends_hsts(production_app):
    client = production_app.test_client()
    assert client.get("/login").status_code == 302  # plain HTTP is redirected to HTTPS
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_refuses_a_host_it_does_not_serve(production_app):
    client = production_app.test_client()
    https = {"X-Forwarded-Proto": "https"}
    assert client.get("/login", headers={**https, "Host": "attacker.example"}).status_code == 400
    assert client.get("/login", headers={**https, "Host": "localhost"}).status_code == 200


def test_production_session_cookie_is_secure(production_app, make_user):
    client = production_app.test_client()
    https = {"X-Forwarded-Proto": "https"}
    client.get("/login", headers=https)
    assert client.get_cookie("session").secure


def failed_login(client, email: str, ip: str):
    client.environ_base["REMOTE_ADDR"] = ip
    return log_in(client, email, "wrong password!!")


def test_failed_logins_are_limited_per_account_and_address(client, user):
    for _ in range(5):
        assert failed_login(client, user.email, "198.51.100.1").status_code == 401
    response = failed_login(client, "JANE@example.com", "198.51.100.1")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    # Even the right password waits now: that is what stops guessing.
    assert log_in(client, user.email).status_code == 429
    # Someone else guessing from that address does not lock the owner out elsewhere.
    client.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    assert log_in(client, user.email).status_code == 302


def test_guessing_from_many_addresses_cannot_lock_the_owner_out(app, client, user):
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    assert log_in(owner, user.email).status_code == 302  # this browser is now a known one
    owner.submit("/logout", page="/account")
    for attempt in range(30):
        assert failed_login(client, user.email, f"198.51.100.{attempt}").status_code == 401
    # The account-wide ceiling slows strangers down, even with the right password...
    assert failed_login(client, user.email, "198.51.100.99").status_code == 429
    assert log_in(client, user.email).status_code == 429
    # ...but not the owner's browser, whatever its address.
    owner.environ_base["REMOTE_ADDR"] = "203.0.113.80"
    assert log_in(owner, user.email).status_code == 302


def test_failed_logins_are_limited_per_ip(client, user):
    for attempt in range(20):
        response = failed_login(client, f"person{attempt}@example.com", "203.0.113.7")
        assert response.status_code == 401
    assert failed_login(client, "another@example.com", "203.0.113.7").status_code == 429
    assert failed_login(client, "another@example.com", "203.0.113.8").status_code == 401


def test_successful_logins_do_not_count_towards_the_limit(client, user):
    for _ in range(8):
        assert log_in(client, user.email).status_code == 302
        client.submit("/logout", page="/account")


def test_reset_requests_are_limited(client, user):
    for _ in range(5):
        assert client.submit("/forgot-password", {"email": user.email}).status_code == 302
    assert client.submit("/forgot-password", {"email": user.email}).status_code == 429


def alert_text(response) -> str:
    return re.search(r'<div class="alert[^>]*>([^<]*)</div>', response.get_data(as_text=True))[1]


def test_login_does_not_reveal_which_emails_have_accounts(client, user):
    known = log_in(client, user.email, "wrong password!!")
    unknown = log_in(client, "nobody@example.com", "wrong password!!")
    assert known.status_code == unknown.status_code == 401
    assert alert_text(known) == alert_text(unknown) == "Wrong email or password."


def test_reset_links_ignore_a_forged_forwarded_host(production_app, make_user, caplog):
    make_user()
    client = production_app.test_client()
    https = {"X-Forwarded-Proto": "https"}
    forged = {**https, "X-Forwarded-Host": "evil.example",
              "Referer": "https://localhost/forgot-password"}  # CSRF checks HTTPS referers
    with caplog.at_level("INFO"):
        client.submit("/forgot-password", {"email": "jane@example.com"}, headers=forged)
        deliver_queued(production_app)  # no mail server: the sender logs the email
    assert "https://localhost/reset-password/" in caplog.text
    assert "evil.example" not in caplog.text


@pytest.fixture
def redis_settings():
    """Rate limits kept in a Redis database of their own, emptied before and after."""
    url = "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("Redis is not reachable on 127.0.0.1:6379 and REQUIRE_REDIS=1")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    client.flushdb()
    try:
        yield {"RATELIMIT_STORAGE_URI": url}
    finally:
        client.flushdb()
        client.close()


def test_rate_limits_are_shared_between_dynos_through_redis(database_url, schema, redis_settings,
                                                             make_user):
    make_user()
    dyno_one, dyno_two = (make_test_app(database_url, **redis_settings)
                          for _ in range(2))
    for attempt in range(5):
        dyno = (dyno_one if attempt % 2 else dyno_two).test_client()
        assert log_in(dyno, "jane@example.com", "wrong password!!").status_code == 401
    assert log_in(dyno_one.test_client(), "jane@example.com").status_code == 429


def test_login_still_works_when_redis_is_down(database_url, schema, make_user):
    make_user()
    app = make_test_app(database_url,
                        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    try:
        assert log_in(app.test_client(), "jane@example.com").status_code == 302
    finally:
        # The limiter is one object for every app of the run: left in its fallback mode, it
        # would switch storage in the middle of the next test's count.
        limiter._storage_dead = False
