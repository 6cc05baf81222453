"""The emails users get, as they arrive at a real SMTP server, and the choices they have."""
import re

import pytest

from tests.helpers import PASSWORD, create_resume, deliver_queued, email_notifications, text_of
from website.extensions import db
from website.models import Resume, User
from website.services import email_service, resumes

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def app_config(mailbox):
    return {"MAIL_SERVER": mailbox.host, "MAIL_PORT": mailbox.port}


def signup(client, app, mailbox, name="Jane Doe", email="jane@example.com"):
    """Sign up and open the emailed link to finish; return the answer to that last click."""
    client.submit("/signup", {"name": name, "email": email, "password": PASSWORD,
                              "confirm": PASSWORD})
    deliver_queued(app)
    link = re.search(r"http://localhost(/signup/confirm/\S+)", text_of(mailbox.messages.pop()))
    return client.submit(link.group(1), {})


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def unsubscribe_path(message) -> str:
    url = re.fullmatch(r"<(http://localhost(/unsubscribe/\S+))>", message["List-Unsubscribe"])
    assert url, message["List-Unsubscribe"]
    return url.group(2)


def test_welcome_email_on_sign_up(client, app, mailbox):
    signup(client, app, mailbox)
    assert mailbox.messages == []  # sign-up only queued it; the sender delivers it
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["To"] == "jane@example.com"
    assert message["Subject"] == "Welcome to Resume Builder, Jane Doe"
    assert message["From"] == "Resume Builder <no-reply@localhost>"
    for body in (text_of(message), html_of(message)):
        assert "Hello Jane Doe" in body and "http://localhost/resume/new" in body
    assert message["List-Unsubscribe"] is None  # sent once, nothing to unsubscribe from
    _, row = email_notifications(app)  # after the link that finished the sign-up
    assert (row.kind, row.status, row.attempts) == ("welcome", "sent", 1)
    assert row.sent_at >= row.created_at and row.last_error is None
    assert message["Message-ID"] == row.message_id


def test_resume_created_email_carries_a_one_click_unsubscribe(auth_client, app, mailbox):
    create_resume(auth_client, "Backend roles")
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["Subject"] == "You created “Backend roles”"
    with app.app_context():
        resume_id = db.session.execute(db.select(Resume.id)).scalar_one()
    for body in (text_of(message), html_of(message)):
        assert "Backend roles" in body
        assert f"http://localhost/resume/{resume_id}/edit" in body
    path = unsubscribe_path(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"http://localhost{path}" in text_of(message)
    assert f'href="http://localhost{path}"' in html_of(message)


def test_resume_downloaded_email_at_most_once_per_resume_a_day(app, user, mailbox):
    with app.test_request_context():
        owner = db.session.get(User, user.id)
        first = resumes.create(owner, "Backend roles", "modern")
        second = resumes.create(owner, "Frontend roles", "modern")
        queued = [email_service.send_resume_downloaded_email(resume)
                  for resume in (first, second, first, first, second)]
    assert queued[0] and queued[1] and queued[2:] == [None, None, None]
    deliver_queued(app)
    assert sorted(m["Subject"] for m in mailbox.messages) == [
        "“Backend roles” was downloaded", "“Frontend roles” was downloaded"]
    message = mailbox.messages[0]
    assert "at most once a day" in text_of(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_webhook_disabled_email(app, user, mailbox):
    with app.test_request_context():
        owner = db.session.get(User, user.id)
        email_service.send_webhook_disabled_email(owner, "https://hooks.example.com/in",
                                                  "HTTP 500 on 10 deliveries in a row")
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["Subject"] == "A webhook of yours was turned off"
    for body in (text_of(message), html_of(message)):
        assert "https://hooks.example.com/in" in body
        assert "HTTP 500 on 10 deliveries in a row" in body
        assert "http://localhost/account" in body
    assert message["List-Unsubscribe"] is None  # an alert about the account: always sent


def test_password_reset_email_has_both_parts_and_no_unsubscribe(client, app, user, mailbox):
    client.submit("/forgot-password", {"email": user.email})
    deliver_queued(app)
    [message] = mailbox.messages
    assert re.search(r"http://localhost/reset-password/\S+", text_of(message))
    assert 'href="http://localhost/reset-password/' in html_of(message)
    assert message["List-Unsubscribe"] is None


NEW_PASSWORD = "a brand new passphrase"


def test_password_change_is_emailed_even_with_optional_emails_off(auth_client, app, user,
                                                                   mailbox):
    auth_client.submit("/account/notifications", {}, page="/account")  # every switch off
    response = auth_client.submit("/account/password", {
        "password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD}, page="/account")
    assert response.status_code == 302
    deliver_queued(app)
    [message] = mailbox.messages
    assert message["To"] == user.email
    assert message["Subject"] == "Your Resume Builder password was changed"
    assert message["List-Unsubscribe"] is None
    for body in (text_of(message), html_of(message)):
        assert re.search(r"changed on \d+ \w+ \d{4} at \d\d:\d\d UTC", body)
        assert "http://localhost/forgot-password" in body


def test_password_reset_is_emailed_to_the_owner(client, app, user, mailbox):
    client.submit("/forgot-password", {"email": user.email})
    deliver_queued(app)
    link = re.search(r"http://localhost(/reset-password/\S+)", text_of(mailbox.messages[0]))[1]
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    deliver_queued(app)
    notice = mailbox.messages[1]
    assert notice["To"] == user.email
    assert notice["Subject"] == "Your Resume Builder password was changed"
    assert "If it was not, reset your password now" in text_of(notice)


def switch(page: str, kind: str) -> str:
    return re.search(rf'<input[^>]*id="notifications-{kind}"[^>]*>', page).group(0)


def test_account_page_switches_default_on_and_can_be_turned_off(auth_client, app, mailbox):
    page = auth_client.get("/account").get_data(as_text=True)
    for kind in ("resume_created", "resume_downloaded"):
        assert "checked" in switch(page, kind) and 'role="switch"' in switch(page, kind)
    assert 'for="notifications-resume_created">Resume created</label>' in page

    response = auth_client.submit("/account/notifications",
                                  {"notifications-resume_downloaded": "y"}, page="/account")
    assert response.status_code == 302 and response.location == "/account"
    page = auth_client.get("/account").get_data(as_text=True)
    assert "Your email settings have been saved." in page
    assert "checked" not in switch(page, "resume_created")
    assert "checked" in switch(page, "resume_downloaded")

    create_resume(auth_client)
    deliver_queued(app)
    assert mailbox.messages == [] and email_notifications(app) == []

    auth_client.submit("/account/notifications", {"notifications-resume_created": "y",
                                                  "notifications-resume_downloaded": "y"},
                       page="/account")
    create_resume(auth_client, "Second")
    deliver_queued(app)
    assert [m["Subject"] for m in mailbox.messages] == ["You created “Second”"]


def test_other_account_forms_keep_working_next_to_the_switches(auth_client, app):
    auth_client.submit("/account/notifications", {}, page="/account")
    response = auth_client.submit("/account/name", {"profile-name": "x" * 101}, page="/account")
    assert response.status_code == 422
    # The switches show what is stored, not what the other form's post lacked.
    assert "checked" not in switch(response.get_data(as_text=True), "resume_created")


def test_notification_settings_need_the_csrf_token(auth_client, app):
    response = auth_client.post("/account/notifications", data={})
    assert response.status_code == 400
    assert "checked" in switch(auth_client.get("/account").get_data(as_text=True),
                               "resume_created")


def test_one_click_unsubscribe_from_a_mail_client(auth_client, app, mailbox):
    create_resume(auth_client, "First")
    deliver_queued(app)
    path = unsubscribe_path(mailbox.messages[0])

    # What a mail client does (RFC 8058): a POST with no cookies and no CSRF token.
    mail_client = app.test_client()
    response = mail_client.post(path, data=ONE_CLICK)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.get_data(as_text=True)

    create_resume(auth_client, "Second")
    deliver_queued(app)
    assert len(mailbox.messages) == 1
    assert "checked" not in switch(auth_client.get("/account").get_data(as_text=True),
                                   "resume_created")
    assert mail_client.post(path, data=ONE_CLICK).status_code == 200  # twice is harmless


def test_unsubscribe_link_asks_before_changing_anything(auth_client, app, mailbox):
    create_resume(auth_client, "First")
    deliver_queued(app)
    path = unsubscribe_path(mailbox.messages[0])
    visitor = app.test_client()  # the link works without logging in
    page = visitor.get(path).get_data(as_text=True)
    assert "Unsubscribe from “Resume created” emails?" in page
    assert '<form method="post">' in page and 'value="Unsubscribe"' in page

    create_resume(auth_client, "Second")  # a GET alone (e.g. a link scanner) changed nothing
    deliver_queued(app)
    assert len(mailbox.messages) == 2

    response = visitor.post(path, data={"submit": "Unsubscribe"})
    assert "You are unsubscribed" in response.get_data(as_text=True)
    assert "You are unsubscribed" in visitor.get(path).get_data(as_text=True)


@pytest.mark.parametrize("token", [
    "garbage",
    "eyJ1aWQiOjEsImtpbmQiOiJyZXN1bWVfY3JlYXRlZCJ9.forged",
])
def test_forged_unsubscribe_link_is_refused(client, user, token):
    for response in (client.get(f"/unsubscribe/{token}"),
                     client.post(f"/unsubscribe/{token}", data=ONE_CLICK)):
        assert response.status_code == 404
        assert "This unsubscribe link does not work" in response.get_data(as_text=True)


def test_unsubscribe_link_of_a_deleted_account_does_not_work(auth_client, app, mailbox):
    create_resume(auth_client)
    deliver_queued(app)
    path = unsubscribe_path(mailbox.messages[0])
    auth_client.submit("/account/delete", {"delete-confirm_email": "jane@example.com"},
                       page="/account")
    response = app.test_client().post(path, data=ONE_CLICK)
    assert response.status_code == 404
    assert "This unsubscribe link does not work" in response.get_data(as_text=True)


def test_unsubscribe_token_cannot_switch_off_account_emails(app, user):
    with app.test_request_context():
        token = email_service.unsubscribe_token(user, "password_reset")
        assert email_service.unsubscribe_target(token) is None


def test_without_a_mail_server_the_whole_email_goes_to_the_log(app, auth_client, caplog):
    app.config["MAIL_SERVER"] = None
    create_resume(auth_client, "Backend roles")
    with caplog.at_level("INFO"):
        deliver_queued(app)
    assert "To: jane@example.com" in caplog.text
    assert "Subject: You created “Backend roles”" in caplog.text
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in caplog.text
    assert "You created the resume “Backend roles”.\n" in caplog.text  # the text part
    assert "<p>You created the resume “Backend roles”.</p>" in caplog.text  # the HTML part
    [row] = email_notifications(app)
    assert row.status == "sent"
