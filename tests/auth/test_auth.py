"""Sign up, log in, log out and password reset, as a user (or an attacker) would try them."""
import re

import pytest
from werkzeug.security import check_password_hash

from tests.factories import make_token
from tests.helpers import PASSWORD, ApiClient, deliver_queued, email_notifications, log_in
from website.extensions import db
from website.models import User
from website.services import accounts

NEW_PASSWORD = "a brand new passphrase"
CSRF_VALUE = re.compile(r'(?<=name="csrf_token" type="hidden" value=")[^"]+')


def signup(client, **fields):
    data = {"name": "Jane Doe", "email": "jane@example.com", "password": PASSWORD,
            "confirm": PASSWORD, **fields}
    return client.submit("/signup", data)


def users(app) -> list[User]:
    with app.app_context():
        return list(db.session.execute(db.select(User)).scalars())


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def emailed_link(message, path: str) -> str:
    """Return the path of the email's link starting with `path`, checking it is on this site."""
    link = re.search(rf"http://\S+{path}\S*", text_of(message)).group(0)
    assert link.startswith("http://localhost/"), link
    return link.removeprefix("http://localhost")


def same_answer(first, second) -> bool:
    """Whether two responses say the same: status, where they lead and the page, CSRF aside."""
    def page(response) -> str:
        return CSRF_VALUE.sub("", response.get_data(as_text=True))
    return (first.status_code, first.location, page(first)) == \
        (second.status_code, second.location, page(second))


def test_signup_finishes_through_the_emailed_link(client, app, mailbox):
    response = signup(client, email="  Jane@Example.COM ")
    assert response.status_code == 302 and response.location == "/signup/sent"
    assert "Check your email" in client.get("/signup/sent").get_data(as_text=True)
    assert users(app) == []  # nothing exists until the address's owner says so
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["To"] == "jane@example.com"
    assert message["Subject"] == "Finish creating your Resume Builder account"
    link = emailed_link(message, "/signup/confirm/")
    page = client.get(link).get_data(as_text=True)  # a mail scanner opening it changes nothing
    assert "Create my account" in page and "jane@example.com" in page and users(app) == []

    response = client.submit(link, {})
    assert response.status_code == 302 and response.location == "/dashboard"
    assert "jane@example.com" in client.get("/account").get_data(as_text=True)
    [user] = users(app)
    assert (user.name, user.email) == ("Jane Doe", "jane@example.com")
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert user.created_at.tzinfo is not None and user.updated_at >= user.created_at
    deliver_queued(app)
    assert mailbox.messages[-1]["Subject"] == "Welcome to Resume Builder, Jane Doe"
    client.submit("/logout", page="/account")
    assert client.get(link).status_code == 400  # used up
    assert log_in(client, "jane@example.com").status_code == 302


def test_a_signup_link_expires_after_a_day(client, app, mailbox, clock):
    signup(client)
    deliver_queued(app)
    link = emailed_link(mailbox.messages[0], "/signup/confirm/")
    clock.advance(24 * 3600 + 1)
    response = client.get(link)
    assert response.status_code == 400 and "no longer works" in response.get_data(as_text=True)
    assert users(app) == []


@pytest.mark.parametrize("fields, field, message", [
    ({"email": "not-an-email"}, "email", "Enter a valid email address"),
    ({"password": "short", "confirm": "short"}, "password", "Use 10 to 128 characters"),
    ({"password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"}, "password",
     "at least 5 different characters"),
    ({"password": "janedoe12345!", "confirm": "janedoe12345!", "email": "janedoe@example.com"},
     "password", "Don&#39;t use your email address"),
    ({"confirm": "something else entirely"}, "confirm", "The two passwords don&#39;t match"),
    ({"name": "x" * 101}, "name", "Use at most 100 characters"),
    ({"email": "a" * 250 + "@example.com"}, "email", "Use at most 254 characters"),
    ({"password": "p" * 129 + "abcde", "confirm": "p" * 129 + "abcde"}, "password",
     "Use 10 to 128 characters"),
    ({"name": ""}, "name", "This field is required"),
])
def test_signup_rejects_bad_input(client, app, fields, field, message):
    response = signup(client, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error">([^<]*)<', html)
    assert error and message in error.group(1), html
    assert users(app) == []
    if field != "name" and "name" not in fields:
        assert 'value="Jane Doe"' in html  # what the user typed is kept


def test_signup_with_a_taken_address_answers_alike_and_tells_the_owner(app, user, mailbox):
    taken, free = app.test_client(), app.test_client()
    answers = [signup(taken, email="JANE@example.com", name="Impostor"),
               signup(free, email="sam@example.com", name="Sam")]
    assert same_answer(*answers)
    assert same_answer(taken.get(answers[0].location), free.get(answers[1].location))
    deliver_queued(app)
    to_owner, to_sam = sorted(mailbox.messages, key=lambda message: message["To"])
    assert to_owner["To"] == "jane@example.com"
    assert to_owner["Subject"] == "You already have a Resume Builder account"
    assert "Hello Jane Doe" in text_of(to_owner)  # the account's name, not the impostor's
    assert emailed_link(to_owner, "/forgot-password") == "/forgot-password"
    assert emailed_link(to_owner, "/login") == "/login"
    assert to_sam["To"] == "sam@example.com"
    assert [u.name for u in users(app)] == ["Jane Doe"]
    assert log_in(taken, user.email).status_code == 302  # the password is still the owner's


def test_signups_for_one_address_are_limited_from_any_number_of_addresses(app, user, mailbox):
    """Each sign-up emails the address's owner: strangers must not flood a mailbox from many
    addresses, as forgot-password already keeps them from doing."""
    stranger = app.test_client()
    answers = []
    for attempt in range(11):
        stranger.environ_base["REMOTE_ADDR"] = f"198.51.100.{attempt}"
        answers.append(signup(stranger, email=user.email, name="Impostor").status_code)
    assert answers == [302] * 10 + [429]
    deliver_queued(app)
    assert len(mailbox.messages) == 10


def test_login_and_logout(client, user):
    response = log_in(client, "JANE@EXAMPLE.COM")
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert client.get("/logout").status_code == 405  # logging out is a POST
    assert client.get("/account").status_code == 200
    response = client.submit("/logout", page="/account")
    assert response.status_code == 302
    assert client.get("/account").status_code == 302  # back to the login page


@pytest.mark.parametrize("email, password", [
    ("jane@example.com", "wrong password here"),
    ("nobody@example.com", PASSWORD),
])
def test_failed_login_does_not_say_which_part_was_wrong(client, user, email, password):
    response = log_in(client, email, password)
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "Wrong email or password." in html
    assert f'value="{email}"' in html
    assert client.get("/account").status_code == 302


def test_remember_me_sets_a_lasting_cookie(client, user):
    log_in(client, user.email, remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only and cookie.expires is not None


def test_login_without_remember_me_sets_no_lasting_cookie(client, user):
    log_in(client, user.email)
    assert client.get_cookie("remember_token") is None


@pytest.mark.parametrize("target, expected", [
    ("/account", "/account"),
    ("https://evil.example.com/", "/dashboard"),
    ("//evil.example.com/", "/dashboard"),
    ("/\\evil.example.com", "/dashboard"),
])
def test_login_redirects_only_to_local_pages(client, user, target, expected):
    token = client.csrf_token("/login")
    response = client.post("/login", query_string={"next": target},
                           data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == expected


def test_pages_that_need_login_send_visitors_to_log_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_tampered_session_cookie_is_ignored(client, user):
    log_in(client, user.email)
    session_cookie = client.get_cookie("session")
    client.set_cookie("session", session_cookie.value[:-4] + "AAAA")
    response = client.get("/account")
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.fixture
def app_config(mailbox, clock):
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port, "CLOCK": clock}


def request_reset(client, app, email: str, **kwargs):
    """Ask for a reset link and let the outbox send it, as the worker would moments later."""
    response = client.submit("/forgot-password", {"email": email}, **kwargs)
    deliver_queued(app)
    return response


def reset_link(mailbox) -> str:
    [message] = mailbox.messages
    return emailed_link(message, "/reset-password/")


def test_password_reset_through_emailed_link(client, app, user, mailbox):
    response = request_reset(client, app, "Jane@Example.com")
    assert response.status_code == 302
    [message] = mailbox.messages
    assert message["To"] == "jane@example.com"
    assert message.get_body(preferencelist=("html",)) is not None
    link = reset_link(mailbox)
    assert client.get(link).status_code == 200

    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.location == "/login"
    assert log_in(client, user.email).status_code == 401
    assert log_in(client, user.email, NEW_PASSWORD).status_code == 302

    # Single use: the same link is dead now, and posting to it changes nothing.
    client.submit("/logout", page="/account")
    assert client.get(link).status_code == 400
    token = client.csrf_token("/login")
    response = client.post(link, data={"csrf_token": token, "password": "yet another password",
                                       "confirm": "yet another password"})
    assert response.status_code == 400
    assert log_in(client, user.email, NEW_PASSWORD).status_code == 302


def test_password_reset_ends_every_session_and_api_token(client, app, user, mailbox):
    laptop = app.test_client()
    log_in(laptop, user.email, remember="y")
    remembered_only = app.test_client()
    remembered_only.set_cookie("remember_token", laptop.get_cookie("remember_token").value)
    script = ApiClient(app, make_token(app, user))
    request_reset(client, app, user.email)

    response = client.submit(reset_link(mailbox), {"password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD},
                             follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "every device logged out" in page and "Your API token was revoked too" in page
    for browser in (laptop, remembered_only):
        assert browser.get("/account").location.startswith("/login")
    assert script.get("/api/v1/resumes").status_code == 401


def test_reset_link_expires_after_an_hour(client, app, user, mailbox, clock):
    request_reset(client, app, user.email)
    link = reset_link(mailbox)
    clock.advance(3601)
    response = client.get(link)
    assert response.status_code == 400
    assert "no longer works" in response.get_data(as_text=True)


def test_a_reset_link_ages_by_the_apps_clock_not_the_real_time(client, app, user, mailbox,
                                                                clock):
    clock.advance(-86_400)  # the app's clock a day behind the real one
    request_reset(client, app, user.email)
    link = reset_link(mailbox)
    assert client.get(link).status_code == 200
    clock.advance(3601)
    assert client.get(link).status_code == 400


def test_a_forged_host_does_not_reach_the_reset_link(client, app, user, mailbox):
    request_reset(client, app, user.email, headers={"Host": "attacker.example"})
    [message] = mailbox.messages
    for part in ("plain", "html"):
        body = message.get_body(preferencelist=(part,)).get_content()
        assert "attacker.example" not in body
        assert "http://localhost/reset-password/" in body  # PUBLIC_BASE_URL, as configured


def test_a_reset_lets_the_owner_in_while_strangers_guess(client, app, user, mailbox):
    stranger = app.test_client()
    for attempt in range(30):
        stranger.environ_base["REMOTE_ADDR"] = f"198.51.100.{attempt}"
        assert log_in(stranger, user.email, "wrong password!!").status_code == 401
    assert log_in(client, user.email).status_code == 429  # a new browser is slowed down too
    request_reset(client, app, user.email)
    client.submit(reset_link(mailbox), {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert log_in(client, user.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("token", ["garbage", "eyJ1aWQiOjF9.forged.signature"])
def test_forged_reset_token_is_refused(client, user, token):
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 400


def test_reset_for_unknown_email_looks_the_same_and_sends_nothing(app, user, mailbox):
    known, unknown = app.test_client(), app.test_client()
    answers = [request_reset(known, app, user.email),
               request_reset(unknown, app, "nobody@example.com")]
    assert same_answer(*answers)
    assert same_answer(known.get(answers[0].location), unknown.get(answers[1].location))
    [message] = mailbox.messages
    assert message["To"] == user.email


def test_a_reset_request_looks_the_address_up_only_after_answering(client, app, user):
    assert client.submit("/forgot-password", {"email": user.email}).status_code == 302
    assert email_notifications(app) == []  # the answer could not depend on the address
    deliver_queued(app)
    assert [row.kind for row in email_notifications(app)] == ["password_reset"]


def test_reset_with_weak_password_changes_nothing(client, app, user, mailbox):
    request_reset(client, app, user.email)
    link = reset_link(mailbox)
    response = client.submit(link, {"password": "short", "confirm": "short"})
    assert response.status_code == 422
    assert log_in(client, user.email).status_code == 302
    with app.app_context():
        assert accounts.find_by_email(user.email).check_password(PASSWORD)


def test_reset_email_is_logged_without_a_mail_server(app, user, caplog):
    app.config["MAIL_SERVER"] = None
    client = app.test_client()
    with caplog.at_level("INFO"):
        request_reset(client, app, user.email)
    assert re.search(r"/reset-password/\S+", caplog.text)
    assert check_password_hash(users(app)[0].password_hash, PASSWORD)
