"""The account page: change name, email and password, and delete the account.

The email change as a whole (confirmation link, notices) is in test_email_change.py."""
import re

import pytest

from tests.factories import make_token
from tests.helpers import PASSWORD, ApiClient, log_in
from website.extensions import db
from website.models import User
from website.services import accounts

NEW_PASSWORD = "a brand new passphrase"


def stored(app, email: str) -> User | None:
    with app.app_context():
        user = accounts.find_by_email(email)
        if user is not None:
            db.session.expunge(user)
        return user


def field_error(response, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', response.get_data(as_text=True))
    assert match, f"no error shown next to {field_id}"
    return match.group(1)


def test_account_page_shows_the_user(auth_client):
    html = auth_client.get("/account").get_data(as_text=True)
    assert "jane@example.com" in html and 'value="Jane Doe"' in html
    assert "<title>Account · Resume Builder</title>" in html  # no markup in the tab's title


def test_change_name(auth_client, app):
    response = auth_client.submit("/account/name", {"profile-name": "Jane Q. Doe"},
                                  page="/account")
    assert response.status_code == 302
    assert stored(app, "jane@example.com").name == "Jane Q. Doe"


def test_change_name_rejects_overlong_name(auth_client, app):
    response = auth_client.submit("/account/name", {"profile-name": "x" * 101}, page="/account")
    assert response.status_code == 422
    assert "at most 100" in field_error(response, "profile-name")
    assert stored(app, "jane@example.com").name == "Jane Doe"


def test_change_email_needs_the_current_password(auth_client, app):
    response = auth_client.submit("/account/email", {
        "email-email": "new@example.com", "email-current_password": "not my password"},
        page="/account")
    assert response.status_code == 422
    assert "not your current password" in field_error(response, "email-current_password")
    assert 'value="new@example.com"' in response.get_data(as_text=True)
    assert stored(app, "new@example.com") is None


@pytest.mark.parametrize("fields, field, message", [
    ({"password-current_password": "wrong one!"}, "password-current_password",
     "not your current password"),
    ({"password-confirm": "does not match"}, "password-confirm", "don&#39;t match"),
    ({"password-new_password": "short", "password-confirm": "short"}, "password-new_password",
     "10 to 128"),
])
def test_change_password_rejects_bad_input(auth_client, app, fields, field, message):
    data = {"password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD, **fields}
    response = auth_client.submit("/account/password", data, page="/account")
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert stored(app, "jane@example.com").check_password(PASSWORD)


def test_change_password_logs_out_other_sessions(auth_client, app, user):
    other_device = app.test_client()
    log_in(other_device, user.email)
    assert other_device.get("/account").status_code == 200

    response = auth_client.submit("/account/password", {
        "password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD}, page="/account")
    assert response.status_code == 302
    assert auth_client.get("/account").status_code == 200  # this session stays
    assert other_device.get("/account").status_code == 302  # the other one is logged out
    assert stored(app, user.email).check_password(NEW_PASSWORD)


def test_change_password_revokes_api_tokens_and_says_so(auth_client, app, user, make_user):
    scripts = [ApiClient(app, make_token(app, user)) for _ in range(2)]
    bystander = ApiClient(app, make_token(app, make_user(email="sam@example.com")))

    response = auth_client.submit("/account/password", {
        "password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD}, page="/account", follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "Your 2 API tokens were revoked too" in page
    assert "You have no API tokens." in page
    assert [script.get("/api/v1/resumes").status_code for script in scripts] == [401, 401]
    assert bystander.get("/api/v1/resumes").status_code == 200


def test_delete_account_needs_the_right_email(auth_client, app):
    response = auth_client.submit("/account/delete", {"delete-confirm_email": "other@example.com"},
                                  page="/account")
    assert response.status_code == 422
    assert "not the email address" in field_error(response, "delete-confirm_email")
    assert stored(app, "jane@example.com") is not None


def test_delete_account_removes_it_and_logs_out(auth_client, app, make_user):
    make_user(email="bystander@example.com", name="Bystander")
    response = auth_client.submit("/account/delete", {"delete-confirm_email": "JANE@example.com"},
                                  page="/account")
    assert response.status_code == 302
    assert stored(app, "jane@example.com") is None
    assert stored(app, "bystander@example.com") is not None
    assert auth_client.get("/account").status_code == 302
    assert log_in(auth_client, "jane@example.com").status_code == 401
