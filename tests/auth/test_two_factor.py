"""Two-factor sign-in with an authenticator app: setup, the login code step, recovery codes.

Codes come from pyotp with the stored secret, at the time of the app's injected clock.
"""
import re
from html import unescape

import pyotp
import pytest

from tests.helpers import PASSWORD, email_notifications, log_in
from website.extensions import db
from website.models import RecoveryCode, TotpCredential

STEP = 30


@pytest.fixture
def app_config(clock):
    return {"CLOCK": clock}


def stored_secret(app, user) -> str | None:
    with app.app_context():
        found = db.session.get(TotpCredential, user.id)
        return found.secret if found is not None else None


def code_at(app, user, clock, steps: int = 0) -> str:
    """The code the user's app shows now, or `steps` time steps from now."""
    return pyotp.TOTP(stored_secret(app, user)).at(clock.now + steps * STEP)


def recovery_codes_in(response) -> list[str]:
    html = response.get_data(as_text=True)
    box = re.search(r'id="recovery-codes-box".*?</ul>', html, re.S).group(0)
    return re.findall(r"<li[^>]*>([a-z0-9-]+)</li>", box)


def field_error(response, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', response.get_data(as_text=True))
    assert match, f"no error shown next to {field_id}"
    return unescape(match.group(1))


def turn_on(client, app, user, clock) -> list[str]:
    """Set up two-factor sign-in through the pages; return the recovery codes shown."""
    client.submit("/account/two-factor/setup", page="/account/two-factor")
    response = client.submit("/account/two-factor/confirm",
                             {"confirm-code": code_at(app, user, clock)},
                             page="/account/two-factor")
    assert response.status_code == 201
    return recovery_codes_in(response)


def enter_code(client, code: str):
    return client.submit("/login/code", {"code": code})


@pytest.fixture
def two_factor_user(client, app, user, clock):
    """`user` with two-factor sign-in on, logged out; returns their recovery codes."""
    log_in(client, user.email)
    codes = turn_on(client, app, user, clock)
    client.submit("/logout", page="/account")
    clock.advance(STEP)  # the code used for the setup is spent
    return codes


def test_setup_shows_the_qr_code_and_secret_and_needs_a_code(auth_client, app, user, clock):
    page = auth_client.get("/account/two-factor").get_data(as_text=True)
    assert "Two-factor sign-in is <strong>off</strong>" in page
    assert auth_client.get("/account/two-factor").headers["Cache-Control"] == "no-store"
    auth_client.submit("/account/two-factor/setup", page="/account/two-factor")

    response = auth_client.get("/account/two-factor")
    html = response.get_data(as_text=True)
    secret = stored_secret(app, user)
    assert re.search(r'<img[^>]*src="data:image/svg\+xml[^"]+"[^>]*alt="QR code', html)
    shown = re.search(r'id="totp-secret">([^<]*)<', html).group(1)
    assert shown.replace(" ", "") == secret
    assert response.headers["Cache-Control"] == "no-store"

    wrong = auth_client.submit("/account/two-factor/confirm", {"confirm-code": "000000"},
                               page="/account/two-factor")
    assert wrong.status_code == 422
    assert "not right" in field_error(wrong, "confirm-code")
    assert log_in(app.test_client(), user.email).location == "/dashboard"  # still off

    done = auth_client.submit("/account/two-factor/confirm",
                              {"confirm-code": code_at(app, user, clock)},
                              page="/account/two-factor")
    assert done.status_code == 201 and done.headers["Cache-Control"] == "no-store"
    codes = recovery_codes_in(done)
    assert len(codes) == len(set(codes)) == 10
    with app.app_context():
        hashes = db.session.execute(db.select(RecoveryCode.code_hash)).scalars().all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)  # kept hashed only
    assert "10</strong> unused recovery codes" in auth_client.get(
        "/account/two-factor").get_data(as_text=True)  # and never shown again
    assert "On: logging in asks for a code" in auth_client.get("/account").get_data(as_text=True)


def test_turning_on_ends_the_other_logins(auth_client, app, user, clock):
    elsewhere = app.test_client()
    log_in(elsewhere, user.email)
    assert elsewhere.get("/account").status_code == 200
    turn_on(auth_client, app, user, clock)
    assert elsewhere.get("/account").status_code == 302  # a password-only login ends
    assert auth_client.get("/account").status_code == 200  # the one that turned it on stays


def test_login_asks_for_the_code_and_grants_nothing_before_it(client, app, user, clock,
                                                              two_factor_user):
    response = log_in(client, user.email)
    assert response.status_code == 302 and response.location == "/login/code"
    assert client.get("/account").status_code == 302  # half logged in: no current_user
    assert "Two-factor sign-in" in client.get("/login/code").get_data(as_text=True)

    wrong = enter_code(client, "123456")
    assert wrong.status_code == 401
    assert "not right" in field_error(wrong, "code")
    assert client.get("/account").status_code == 302

    right = enter_code(client, code_at(app, user, clock))
    assert right.status_code == 302 and right.location == "/dashboard"
    assert client.get("/account").status_code == 200


def test_login_keeps_where_the_user_was_going(client, app, user, clock, two_factor_user):
    token = client.csrf_token("/login")
    client.post("/login", query_string={"next": "/account"},
                data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert enter_code(client, code_at(app, user, clock)).location == "/account"


def test_code_from_the_adjacent_step_counts_but_never_twice(client, app, user, clock,
                                                            two_factor_user):
    clock.advance(STEP)
    late = code_at(app, user, clock, steps=-1)  # the phone's clock runs a little behind
    log_in(client, user.email)
    assert enter_code(client, late).status_code == 302
    client.submit("/logout", page="/account")

    log_in(client, user.email)  # the same code again, still within its window
    assert enter_code(client, late).status_code == 401
    assert enter_code(client, code_at(app, user, clock, steps=-2)).status_code == 401  # too old
    assert enter_code(client, code_at(app, user, clock)).status_code == 302


def test_recovery_code_works_once(client, app, user, clock, two_factor_user):
    code = two_factor_user[0]
    log_in(client, user.email)
    response = enter_code(client, code.upper().replace("-", " "))
    assert response.status_code == 302
    assert "9 left" in client.get("/dashboard").get_data(as_text=True)
    client.submit("/logout", page="/account")

    log_in(client, user.email)
    assert enter_code(client, code).status_code == 401
    assert enter_code(client, two_factor_user[1]).status_code == 302


def test_code_step_expires(client, app, user, clock, two_factor_user):
    log_in(client, user.email)
    clock.advance(301)
    response = enter_code(client, code_at(app, user, clock))
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/account").status_code == 302


def test_code_step_is_limited_against_guessing(client, app, user, clock, two_factor_user):
    log_in(client, user.email)
    for guess in range(10):
        assert enter_code(client, f"{guess:06d}").status_code in (401, 302)
    assert enter_code(client, code_at(app, user, clock)).status_code == 429
    assert client.get("/account").status_code == 302


def test_code_step_without_a_password_goes_back_to_login(client, two_factor_user):
    response = enter_code(client, "123456")
    assert response.status_code == 302 and response.location == "/login"


@pytest.mark.parametrize("proof", ["wrong password", "000000", "aaaa-bbbb-cccc-dddd"])
def test_turning_off_needs_the_password_or_a_code(client, app, user, clock, two_factor_user,
                                                  proof):
    log_in(client, user.email)
    enter_code(client, code_at(app, user, clock))
    response = client.submit("/account/two-factor/disable", {"disable-proof": proof},
                             page="/account/two-factor")
    assert response.status_code == 422
    assert "neither your password nor a working code" in field_error(response, "disable-proof")
    assert stored_secret(app, user) is not None


def test_turning_off_with_the_password(client, app, user, clock, two_factor_user):
    log_in(client, user.email)
    enter_code(client, code_at(app, user, clock))
    response = client.submit("/account/two-factor/disable", {"disable-proof": PASSWORD},
                             page="/account/two-factor")
    assert response.status_code == 302 and response.location == "/account"
    assert stored_secret(app, user) is None
    client.submit("/logout", page="/account")
    assert log_in(client, user.email).location == "/dashboard"
    # Both changes were emailed to the owner (a security email: not optional).
    assert [(row.kind, row.subject) for row in email_notifications(app)
            if row.kind == "two_factor_changed"] == [
        ("two_factor_changed", "Two-factor sign-in is on"),
        ("two_factor_changed", "Two-factor sign-in is off")]


def test_remember_me_is_kept_through_the_code_step(client, app, user, clock, two_factor_user):
    log_in(client, user.email, remember="y")
    assert client.get_cookie("remember_token") is None  # nothing lasting before the code
    enter_code(client, code_at(app, user, clock))
    assert client.get_cookie("remember_token") is not None


def test_new_recovery_codes_with_a_code_replace_the_old(client, app, user, clock,
                                                        two_factor_user):
    log_in(client, user.email)
    enter_code(client, code_at(app, user, clock))
    clock.advance(STEP)
    response = client.submit("/account/two-factor/recovery-codes",
                             {"codes-proof": code_at(app, user, clock)},
                             page="/account/two-factor")
    assert response.status_code == 201
    fresh = recovery_codes_in(response)
    assert len(fresh) == 10 and not set(fresh) & set(two_factor_user)
    client.submit("/logout", page="/account")
    log_in(client, user.email)
    assert enter_code(client, two_factor_user[2]).status_code == 401
    assert enter_code(client, fresh[0]).status_code == 302


def test_password_change_voids_a_waiting_code_step(client, app, user, clock, two_factor_user):
    log_in(client, user.email)
    other = app.test_client()
    log_in(other, user.email)
    enter_code(other, code_at(app, user, clock))
    other.submit("/account/password", {
        "password-current_password": PASSWORD, "password-new_password": "another passphrase",
        "password-confirm": "another passphrase"}, page="/account")
    clock.advance(STEP)
    assert enter_code(client, code_at(app, user, clock)).location == "/login"


def test_deleting_the_account_deletes_its_two_factor_data(client, app, user, clock,
                                                          two_factor_user):
    log_in(client, user.email)
    enter_code(client, code_at(app, user, clock))
    response = client.submit("/account/delete", {"delete-confirm_email": user.email},
                             page="/account")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(TotpCredential)).all() == []
        assert db.session.execute(db.select(RecoveryCode)).all() == []


def undo_link(app) -> str:
    """The path of the link in the newest "two-factor sign-in is on" notice."""
    [*_, notice] = [row for row in email_notifications(app) if row.kind == "two_factor_changed"]
    return re.search(r"https?://[^/\s]+(/account/two-factor/undo/\S+)", notice.body_text)[1]


def test_the_owner_undoes_an_app_someone_else_set_up(app, user, clock):
    intruder = app.test_client()  # knows the password, sets up an app of theirs
    log_in(intruder, user.email)
    turn_on(intruder, app, user, clock)
    link = undo_link(app)

    owner = app.test_client()
    page = owner.get(link)
    assert page.status_code == 200 and "Turn two-factor sign-in off?" in page.get_data(as_text=True)
    assert stored_secret(app, user) is not None  # opening the link changes nothing
    response = owner.submit(link)
    assert response.status_code == 302 and response.location == "/login"

    assert stored_secret(app, user) is None
    assert intruder.get("/account").status_code == 302  # logged out
    assert log_in(app.test_client(), user.email).status_code == 401  # the password is retired
    assert email_notifications(app)[-1].kind == "password_reset"  # the owner picks a new one
    assert owner.get(link).status_code == 400  # and the link is spent


def test_an_undo_link_works_only_for_that_app_and_a_week(app, client, user, clock):
    log_in(client, user.email)
    turn_on(client, app, user, clock)
    first = undo_link(app)
    clock.advance(STEP)
    client.submit("/account/two-factor/disable", {"disable-proof": PASSWORD},
                  page="/account/two-factor")
    turn_on(client, app, user, clock)  # another app, another link
    assert client.get(first).status_code == 400
    second = undo_link(app)
    clock.advance(7 * 24 * 3600 + 1)
    assert client.get(second).status_code == 400
    assert stored_secret(app, user) is not None
