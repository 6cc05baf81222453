"""Changing the email address: confirmed from the new address, told to the old one, and never
saying whether an address has an account."""
import re

import pytest

from tests.helpers import PASSWORD, deliver_queued, email_notifications, log_in
from website.extensions import db
from website.models import User
from website.services import accounts

NEW_EMAIL = "jane.new@example.com"
DAY = 24 * 3600


@pytest.fixture
def app_config(mailbox, clock):
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port, "CLOCK": clock}


def ask_for(client, app, new_email: str, password: str = PASSWORD, **kwargs):
    """Post the account page's email form and let the outbox send what it queued."""
    response = client.submit("/account/email", {
        "email-email": new_email, "email-current_password": password}, page="/account", **kwargs)
    deliver_queued(app)
    return response


def address_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    """The path of the single link to this site in the email's text."""
    [link] = re.findall(r"http://localhost(/\S+)", text_of(message))
    return link


def flash_of(response) -> str:
    return re.search(r'<div class="alert[^>]*>([^<]*)</div>', response.get_data(as_text=True))[1]


def test_new_address_counts_only_once_confirmed_from_it(auth_client, app, user, mailbox):
    response = ask_for(auth_client, app, "Jane.New@Example.com", follow_redirects=True)
    assert "We have emailed a link to Jane.New@Example.com" in flash_of(response)
    assert address_of(app, user.id) == user.email  # nothing changed yet
    [message] = mailbox.messages
    assert message["To"] == NEW_EMAIL
    assert "The link works for 24 hours." in text_of(message)
    link = link_in(message)

    page = auth_client.get(link)  # opening the link (or a mail scanner) asks first
    assert page.status_code == 200 and "Use jane.new@example.com" in page.get_data(as_text=True)
    assert address_of(app, user.id) == user.email

    response = auth_client.submit(link)
    assert response.status_code == 302 and response.location == "/account"
    assert address_of(app, user.id) == NEW_EMAIL
    assert log_in(app.test_client(), NEW_EMAIL).status_code == 302
    assert log_in(app.test_client(), user.email).status_code == 401

    # The old address is told, with a way back.
    deliver_queued(app)
    notice = mailbox.messages[1]
    assert notice["To"] == user.email
    assert notice["Subject"] == "Your Resume Builder email address was changed"
    assert NEW_EMAIL in text_of(notice) and "/account/email/confirm/" in text_of(notice)

    # The link worked once: the account has moved on from the address it was bound to.
    again = auth_client.submit(link)
    assert again.status_code == 400 and "no longer works" in again.get_data(as_text=True)


def test_link_works_without_being_logged_in(client, app, user, mailbox):
    log_in(client, user.email)
    ask_for(client, app, NEW_EMAIL)
    link = link_in(mailbox.messages[0])
    other_device = app.test_client()
    response = other_device.submit(link)
    assert response.status_code == 302 and response.location == "/login"
    assert address_of(app, user.id) == NEW_EMAIL


def test_a_taken_address_gets_the_same_answer_and_its_owner_is_told(auth_client, app, user,
                                                                     make_user, mailbox):
    owner = make_user(email="taken@example.com", name="Someone Else")
    taken = ask_for(auth_client, app, "TAKEN@example.com", follow_redirects=True)
    free = ask_for(auth_client, app, NEW_EMAIL, follow_redirects=True)
    assert taken.status_code == free.status_code == 200
    assert flash_of(taken).replace("TAKEN@example.com", "X") == \
        flash_of(free).replace(NEW_EMAIL, "X")
    assert address_of(app, user.id) == user.email and address_of(app, owner.id) == owner.email

    to_owner, to_new = mailbox.messages
    assert to_owner["To"] == "taken@example.com"
    assert "Hello Someone Else" in text_of(to_owner) and "Nothing changed" in text_of(to_owner)
    assert "/account/email/confirm/" not in text_of(to_owner)
    assert to_new["To"] == NEW_EMAIL


def test_link_refuses_an_address_taken_meanwhile(auth_client, app, user, make_user, mailbox):
    ask_for(auth_client, app, NEW_EMAIL)
    link = link_in(mailbox.messages[0])
    make_user(email=NEW_EMAIL, name="Quicker")
    response = auth_client.submit(link)
    assert response.status_code == 409
    assert "That address is taken now" in response.get_data(as_text=True)
    assert address_of(app, user.id) == user.email


def test_link_dies_when_the_address_changes_another_way(auth_client, app, user, mailbox):
    ask_for(auth_client, app, "first@example.com")
    ask_for(auth_client, app, "second@example.com")
    first, second = (link_in(message) for message in mailbox.messages)
    assert auth_client.submit(second).status_code == 302
    assert auth_client.submit(first).status_code == 400
    assert address_of(app, user.id) == "second@example.com"


def test_link_dies_when_the_password_changes(auth_client, app, user, mailbox):
    ask_for(auth_client, app, NEW_EMAIL)
    link = link_in(mailbox.messages[0])
    with app.app_context():
        accounts.change_password(db.session.get(User, user.id), "an entirely new secret")
    assert app.test_client().get(link).status_code == 400


def test_link_expires_after_a_day(auth_client, app, user, mailbox, clock):
    ask_for(auth_client, app, NEW_EMAIL)
    link = link_in(mailbox.messages[0])
    clock.advance(DAY + 1)
    assert auth_client.submit(link).status_code == 400
    assert address_of(app, user.id) == user.email


@pytest.mark.parametrize("token", ["garbage", "eyJ1aWQiOjF9.forged.signature"])
def test_forged_link_is_refused(client, token):
    assert client.get(f"/account/email/confirm/{token}").status_code == 400


def test_undo_link_moves_the_account_back_and_retires_the_password(auth_client, app, user,
                                                                    mailbox):
    ask_for(auth_client, app, NEW_EMAIL)
    auth_client.submit(link_in(mailbox.messages[0]))
    deliver_queued(app)
    undo = link_in(mailbox.messages[1])
    owner = app.test_client()  # reads the old mailbox, elsewhere
    assert "Move your account back" in owner.get(undo).get_data(as_text=True)
    response = owner.submit(undo)
    assert response.status_code == 302 and response.location == "/login"
    assert address_of(app, user.id) == user.email
    assert auth_client.get("/account").status_code == 302  # the session that moved it ended
    assert log_in(app.test_client(), user.email).status_code == 401  # the password is retired
    assert owner.get(undo).status_code == 400  # used once
    deliver_queued(app)
    reset = mailbox.messages[2]
    assert reset["To"] == user.email and "/reset-password/" in link_in(reset)


def test_wrong_password_changes_nothing_and_sends_nothing(auth_client, app, user, mailbox):
    response = ask_for(auth_client, app, NEW_EMAIL, password="not my password")
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)
    assert mailbox.messages == [] and address_of(app, user.id) == user.email


def test_own_address_is_refused_next_to_the_field(auth_client, app, user, mailbox):
    response = ask_for(auth_client, app, "JANE@example.com")
    assert response.status_code == 422
    assert "already the address of your account" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_requests_are_limited_per_account(auth_client, app, user, mailbox):
    for number in range(5):
        assert ask_for(auth_client, app, f"try{number}@example.com").status_code == 302
    response = ask_for(auth_client, app, "one-more@example.com")
    assert response.status_code == 429
    assert len(mailbox.messages) == 5
    assert [row.kind for row in email_notifications(app)] == ["email_change_confirm"] * 5
