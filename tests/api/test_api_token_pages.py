"""Personal access tokens on the account page: made, shown once, used, listed and revoked."""
import hashlib
import html
import logging
import re

import pytest

from tests.factories import make_token
from tests.helpers import PASSWORD, ApiClient, FormClient
from website.extensions import db
from website.models.api_token import ApiToken
from website.services import api_tokens

SHOWN_TOKEN = re.compile(r'id="new-token"[^>]*\bvalue="([^"]+)"|value="([^"]+)"[^>]*id="new-token"')
ROW = re.compile(r"<tr>.*?</tr>", re.S)


def create_token(client: FormClient, name: str = "Deploy script", scope: str = "read",
                 password: str = PASSWORD):
    """Submit the account page's token form, as a browser would."""
    return client.submit("/account/tokens", {"token-name": name, "token-scope": scope,
                                             "token-current_password": password},
                         page="/account")


def shown_token(response) -> str:
    """Return the token text the page shows in its read-only field."""
    match = SHOWN_TOKEN.search(response.get_data(as_text=True))
    assert match, "the page shows no new token"
    return match.group(1) or match.group(2)


def token_row(page_html: str, name: str) -> str:
    """Return the text of the table row of the token called `name`."""
    rows = [row for row in ROW.findall(page_html) if f">{name}<" in row]
    assert len(rows) == 1, f"{len(rows)} rows for the token {name!r}"
    return html.unescape(re.sub(r"<[^>]+>", " ", rows[0]))


def field_error(response, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error">([^<]*)<', response.get_data(as_text=True))
    assert match, f"no error shown next to {field_id}"
    return html.unescape(match.group(1))


def stored_tokens(app) -> list[ApiToken]:
    with app.app_context():
        tokens = db.session.execute(db.select(ApiToken).order_by(ApiToken.id)).scalars().all()
        db.session.expunge_all()
        return tokens


def only_token_id(app) -> int:
    [token] = stored_tokens(app)
    return token.id


def test_a_new_token_is_shown_once(auth_client):
    response = create_token(auth_client)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = shown_token(response)
    assert secret.startswith("rbt_") and len(secret) > 40
    page = response.get_data(as_text=True)
    assert "it will not be shown again" in page
    assert 'data-copy-target="new-token"' in page
    row = token_row(page, "Deploy script")
    assert "Read only" in row and f"{secret[:10]}…" in row and "Never" in row

    again = auth_client.get("/account").get_data(as_text=True)
    assert secret not in again and 'id="new-token"' not in again
    assert f"{secret[:10]}…" in token_row(again, "Deploy script")  # listed, by its prefix only


def test_only_a_hash_of_the_token_is_kept(auth_client, app, caplog):
    caplog.set_level(logging.DEBUG)
    response = create_token(auth_client)
    secret = shown_token(response)

    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()):
                assert not any(secret in str(value) for value in row), table.name
    [token] = stored_tokens(app)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in caplog.text
    assert not any(secret in value for _, value in response.headers)
    with auth_client.session_transaction() as session:
        assert secret not in repr(dict(session))


def test_the_new_token_calls_the_api_with_the_chosen_access(auth_client, app):
    reader = ApiClient(app, shown_token(create_token(auth_client, "Reader", "read")))
    writer = ApiClient(app, shown_token(create_token(auth_client, "Writer", "read-write")))

    assert reader.get("/api/v1/resumes").status_code == 200
    assert reader.post("/api/v1/resumes", json={"title": "Backend roles"}).status_code == 403
    made = writer.post("/api/v1/resumes", json={"title": "Backend roles"})
    assert made.status_code == 201
    assert [r["title"] for r in reader.get("/api/v1/resumes").get_json()] == ["Backend roles"]
    assert "Read and write" in token_row(auth_client.get("/account").get_data(as_text=True),
                                         "Writer")


def test_last_used_shows_never_until_the_token_calls_the_api(auth_client, app):
    api = ApiClient(app, shown_token(create_token(auth_client)))
    assert "Never" in token_row(auth_client.get("/account").get_data(as_text=True),
                                "Deploy script")

    assert api.get("/api/v1/resumes").status_code == 200

    row = token_row(auth_client.get("/account").get_data(as_text=True), "Deploy script")
    assert "Never" not in row and "just now" in row and "UTC" in row


def test_revoking_asks_first_then_stops_the_token(auth_client, app):
    api = ApiClient(app, shown_token(create_token(auth_client)))
    token_id = only_token_id(app)
    revoke_url = f"/account/tokens/{token_id}/revoke"

    confirm = auth_client.get(revoke_url)
    assert confirm.status_code == 200
    assert "Revoke the token “Deploy script”?" in confirm.get_data(as_text=True)
    assert api.get("/api/v1/resumes").status_code == 200  # asking changed nothing

    response = auth_client.submit(revoke_url, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Token “Deploy script” revoked" in page
    assert "You have no API tokens." in page
    assert api.get("/api/v1/resumes").status_code == 401
    assert auth_client.get(revoke_url).status_code == 404  # gone from the list for good


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_revoke_takes_only_a_post(auth_client, app, method):
    api = ApiClient(app, shown_token(create_token(auth_client)))
    response = auth_client.open(f"/account/tokens/{only_token_id(app)}/revoke", method=method)
    assert response.status_code == 405
    assert api.get("/api/v1/resumes").status_code == 200


@pytest.mark.parametrize("name, scope, field, error", [
    ("", "read", "token-name", "Give the token a name"),
    ("   ", "read", "token-name", "Give the token a name"),
    ("x" * 101, "read", "token-name", "Use at most 100 characters."),
    ("Deploy script", "admin", "token-scope", "Not a valid choice"),
    ("Deploy script", "", "token-scope", "Not a valid choice"),
], ids=["empty", "blank", "too-long", "unknown-access", "no-access"])
def test_invalid_input_is_shown_next_to_the_field_and_makes_nothing(auth_client, app, name,
                                                                     scope, field, error):
    response = create_token(auth_client, name, scope)
    assert response.status_code == 422
    assert error in field_error(response, field)
    assert 'id="new-token"' not in response.get_data(as_text=True)
    assert stored_tokens(app) == []


@pytest.mark.parametrize("password, error", [
    ("not my password", "That is not your current password."),
    ("", "This field is required."),
], ids=["wrong", "missing"])
def test_making_a_token_needs_the_current_password(auth_client, app, password, error):
    response = create_token(auth_client, password=password)
    assert response.status_code == 422
    assert error in field_error(response, "token-current_password")
    assert 'value="Deploy script"' in response.get_data(as_text=True)  # the name is kept
    assert 'id="new-token"' not in response.get_data(as_text=True)
    assert stored_tokens(app) == []


def test_a_name_of_exactly_the_maximum_length_is_kept_whole(auth_client, app):
    name = "n" * api_tokens.NAME_MAX_LENGTH
    assert create_token(auth_client, name).status_code == 201
    assert [token.name for token in stored_tokens(app)] == [name]


def test_read_only_is_the_default_access(auth_client):
    page = auth_client.get("/account").get_data(as_text=True)
    options = re.findall(r'<input[^>]*name="token-scope"[^>]*>', page)
    assert [option for option in options if "checked" in option] == [
        option for option in options if 'value="read"' in option]


def test_posts_without_csrf_token_are_refused(auth_client, app):
    response = auth_client.post("/account/tokens", data={"token-name": "Sneaky",
                                                         "token-scope": "read-write"})
    assert response.status_code == 400
    assert stored_tokens(app) == []

    api = ApiClient(app, shown_token(create_token(auth_client)))
    refused = auth_client.post(f"/account/tokens/{only_token_id(app)}/revoke")
    assert refused.status_code == 400
    assert api.get("/api/v1/resumes").status_code == 200


def test_another_users_token_cannot_be_seen_or_revoked(auth_client, app, make_user):
    other = make_user(email="sam@example.com", name="Sam Roe")
    secret = make_token(app, other)
    [theirs] = stored_tokens(app)

    revoke_url = f"/account/tokens/{theirs.id}/revoke"
    assert auth_client.get(revoke_url).status_code == 404
    assert auth_client.submit(revoke_url, page="/account").status_code == 404
    assert auth_client.submit("/account/tokens/999999/revoke", page="/account").status_code == 404
    assert ApiClient(app, secret).get("/api/v1/resumes").status_code == 200
    assert theirs.prefix not in auth_client.get("/account").get_data(as_text=True)


def test_the_token_limit_is_explained_and_nothing_more_is_made(auth_client, app, user):
    for _ in range(api_tokens.MAX_ACTIVE_TOKENS):
        make_token(app, user)

    page = auth_client.get("/account").get_data(as_text=True)
    assert f"You have {api_tokens.MAX_ACTIVE_TOKENS} tokens, the most allowed" in page
    response = create_token(auth_client, "One too many")
    assert response.status_code == 409
    assert "Revoke one you no longer use" in response.get_data(as_text=True)
    assert 'id="new-token"' not in response.get_data(as_text=True)
    assert len(stored_tokens(app)) == api_tokens.MAX_ACTIVE_TOKENS

    first = stored_tokens(app)[0]
    auth_client.submit(f"/account/tokens/{first.id}/revoke", page="/account")
    assert create_token(auth_client, "Now there is room").status_code == 201


def test_logged_out_visitors_are_sent_to_log_in(client, app):
    response = client.submit("/account/tokens", {"token-name": "x", "token-scope": "read"},
                             page="/login")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert stored_tokens(app) == []
