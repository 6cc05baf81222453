"""Login sessions live on the server: logging out ends them wherever their cookies were copied."""
import re
from datetime import timedelta

import pytest

from tests.helpers import FormClient, counted_queries, log_in
from website.extensions import db
from website.models import LoginSession, utcnow

FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_ON_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
EDGE_ON_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                   "Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0")


def browser(app, user_agent: str | None = None, cookies: dict | None = None) -> FormClient:
    """A new browser, with its own User-Agent and any cookies copied from another one."""
    client = app.test_client()
    if user_agent:
        client.environ_base["HTTP_USER_AGENT"] = user_agent
    for name, value in (cookies or {}).items():
        client.set_cookie(name, value)
    return client


def copy_cookie(client, name: str) -> dict:
    """What an attacker who read one cookie from `client` would have."""
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return {name: cookie.value}


def text_of(html: str) -> str:
    """The words a reader sees in a piece of a page."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def is_logged_out(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/login")


def stored_sessions(app) -> list[LoginSession]:
    with app.app_context():
        rows = db.session.execute(db.select(LoginSession).order_by(LoginSession.id)).scalars().all()
        db.session.expunge_all()
        return rows


def move_session(app, session_id: int, **times) -> None:
    """Set a stored session's timestamps, as if time had passed since they were written."""
    with app.app_context():
        db.session.execute(db.update(LoginSession).where(LoginSession.id == session_id)
                           .values(**times))
        db.session.commit()


@pytest.mark.parametrize("cookie", ["session", "remember_token"])
def test_a_copied_cookie_stops_working_at_logout(client, app, user, cookie):
    log_in(client, user.email, remember="y")
    stolen = copy_cookie(client, cookie)
    assert browser(app, cookies=stolen).get("/account").status_code == 200

    client.submit("/logout", page="/account")

    assert is_logged_out(browser(app, cookies=stolen).get("/account"))
    assert stored_sessions(app) == []


def test_logout_ends_only_this_browsers_session(client, app, user):
    laptop = browser(app)
    log_in(laptop, user.email)
    log_in(client, user.email)

    client.submit("/logout", page="/account")

    assert is_logged_out(client.get("/account"))
    assert laptop.get("/account").status_code == 200


@pytest.mark.parametrize("remember, lifetime", [
    ("y", "REMEMBER_COOKIE_DURATION"), ("", "PERMANENT_SESSION_LIFETIME")])
def test_a_session_expires_on_the_server(client, app, user, remember, lifetime):
    log_in(client, user.email, remember=remember)
    copies = [copy_cookie(client, "session")]
    if remember:
        copies.append(copy_cookie(client, "remember_token"))
    [record] = stored_sessions(app)
    assert record.expires_at - record.created_at == pytest.approx(
        app.config[lifetime], abs=timedelta(seconds=5))
    assert client.get("/account").status_code == 200

    move_session(app, record.id, expires_at=utcnow() - timedelta(seconds=1))

    assert is_logged_out(client.get("/account"))
    for cookies in copies:
        assert is_logged_out(browser(app, cookies=cookies).get("/account"))


def test_expired_sessions_are_deleted_at_the_next_login(client, app, user, make_user):
    log_in(client, user.email)
    [old] = stored_sessions(app)
    move_session(app, old.id, expires_at=utcnow() - timedelta(seconds=1))

    other = make_user(email="sam@example.com", name="Sam Roe")
    log_in(browser(app), other.email)

    assert [record.user_id for record in stored_sessions(app)] == [other.id]


def test_last_seen_is_written_at_most_every_few_minutes(client, app, user):
    log_in(client, user.email)
    [record] = stored_sessions(app)
    with counted_queries(app) as statements:
        assert client.get("/account").status_code == 200
        assert client.get("/dashboard").status_code == 200
    assert not [sql for sql in statements if sql.startswith("UPDATE login_sessions")]

    an_hour_ago = utcnow() - timedelta(hours=1)
    move_session(app, record.id, last_seen_at=an_hour_ago)
    with counted_queries(app) as statements:
        assert client.get("/account").status_code == 200
    assert len([sql for sql in statements if sql.startswith("UPDATE login_sessions")]) == 1
    [record] = stored_sessions(app)
    assert record.last_seen_at > an_hour_ago + timedelta(minutes=59)


def test_the_account_page_lists_where_you_are_logged_in(app, user):
    phone = browser(app, SAFARI_ON_IPHONE)
    log_in(phone, user.email)
    laptop = browser(app, FIREFOX_ON_LINUX)
    log_in(laptop, user.email)

    page = laptop.get("/account").get_data(as_text=True)
    section = re.search(r'<section[^>]*id="sessions".*?</section>', page, re.S).group(0)
    items = [text_of(item) for item in re.findall(r"<li\b.*?</li>", section, re.S)]
    assert len(items) == 2
    assert items[0].startswith("Firefox on Linux This device Last seen just now")
    assert items[1].startswith("Safari on iPhone Last seen just now")
    assert "Log out everywhere ends every session listed here, this one too." in text_of(section)


@pytest.mark.parametrize("user_agent, device", [
    (FIREFOX_ON_LINUX, "Firefox on Linux"),
    (SAFARI_ON_IPHONE, "Safari on iPhone"),
    (EDGE_ON_WINDOWS, "Edge on Windows"),
    ("curl/8.5.0", "Unknown browser"),
])
def test_each_session_names_its_browser(app, user, user_agent, device):
    log_in(browser(app, user_agent), user.email)
    assert [record.device for record in stored_sessions(app)] == [device]


def test_log_out_everywhere_ends_every_session_this_one_too(app, user, make_user):
    phone = browser(app, SAFARI_ON_IPHONE)
    log_in(phone, user.email, remember="y")
    stolen = copy_cookie(phone, "remember_token")
    laptop = browser(app, FIREFOX_ON_LINUX)
    log_in(laptop, user.email)
    bystander = browser(app)
    log_in(bystander, make_user(email="sam@example.com", name="Sam Roe").email)

    response = laptop.submit("/account/sessions/end-all", page="/account",
                             follow_redirects=True)

    assert "logged out on every device" in response.get_data(as_text=True)
    for client in (laptop, phone, browser(app, cookies=stolen)):
        assert is_logged_out(client.get("/account"))
    assert bystander.get("/account").status_code == 200


def test_log_out_everywhere_takes_a_post_with_a_csrf_token(auth_client, app):
    assert auth_client.get("/account/sessions/end-all").status_code == 405
    assert auth_client.post("/account/sessions/end-all").status_code == 400
    assert auth_client.get("/account").status_code == 200
    assert len(stored_sessions(app)) == 1
