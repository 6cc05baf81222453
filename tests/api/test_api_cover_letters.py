"""/api/v1/applications/{id}/letter as a script uses it: start, read, change with the version
read, history, compare, restore, files; another user's application is not found. On SQLite and
PostgreSQL."""
import io

import docx
import pytest

from tests.factories import make_token
from tests.helpers import ApiClient
from tests.letter_samples import make_application
from tests.pdf_readers import pypdf_text


@pytest.fixture
def app_id(app, user) -> int:
    with app.app_context():
        return make_application(user.id)


def url(app_id: int, part: str = "") -> str:
    return f"/api/v1/applications/{app_id}/letter{part}"


def test_start_read_change_and_history(api, app_id):
    assert api.get(url(app_id)).status_code == 404  # no letter yet
    started = api.post(url(app_id))
    assert started.status_code == 201
    body = started.get_json()
    assert body["version"] == 1 and body["letter"]["signature"] == "Jane Doe"
    assert body["downloads"]["pdf"].endswith(url(app_id, "/pdf"))
    assert api.post(url(app_id)).status_code == 409  # one letter per application

    changed = {**body["letter"], "subject": "Backend Engineer, ref. 42"}
    response = api.put(url(app_id), json={"version": 1, "letter": changed})
    assert response.status_code == 200 and response.get_json()["version"] == 2
    assert api.get(url(app_id)).get_json()["letter"]["subject"] == "Backend Engineer, ref. 42"

    versions = api.get(url(app_id, "/versions")).get_json()
    assert [(v["number"], v["summary"]) for v in versions] == [
        (2, "Edited Subject"), (1, "Started from the template")]
    assert api.get(url(app_id, "/versions/1")).get_json()["letter"]["subject"] \
        == body["letter"]["subject"]
    comparison = api.get(url(app_id, "/versions/compare?from=1&to=2")).get_json()
    assert comparison["changes"] == ["Subject"]


def test_a_stale_change_is_refused_and_nothing_is_lost(api, app_id):
    letter = api.post(url(app_id)).get_json()["letter"]
    api.put(url(app_id), json={"version": 1, "letter": {**letter, "closing": "Best,"}})
    stale = api.put(url(app_id), json={"version": 1, "letter": {**letter, "closing": "Yours,"}})
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == 2
    assert api.get(url(app_id)).get_json()["letter"]["closing"] == "Best,"
    stale_restore = api.post(url(app_id, "/versions/1/restore"), json={"version": 1})
    assert stale_restore.status_code == 409
    restored = api.post(url(app_id, "/versions/1/restore"), json={"version": 2})
    assert restored.status_code == 200
    assert restored.get_json()["version"] == 3
    assert restored.get_json()["letter"]["closing"] == "Kind regards,"


@pytest.mark.parametrize("letter, pointer", [
    ({"subject": "a\u0000b"}, "#/letter/subject"),
    ({"paragraphs": ["x" * 20_001]}, "#/letter/paragraphs/0"),
    ({"recipient": {"name": "n" * 201}}, "#/letter/recipient/name"),
])
def test_text_that_cannot_be_saved_is_a_422_naming_the_field(api, app_id, letter, pointer):
    api.post(url(app_id))
    response = api.put(url(app_id), json={"version": 1, "letter": letter})
    assert response.status_code == 422
    assert pointer in [error["pointer"] for error in response.get_json()["errors"]]
    assert api.get(url(app_id)).get_json()["version"] == 1


def test_the_files_hold_the_letter(api, app_id):
    api.post(url(app_id))
    pdf = api.get(url(app_id, "/pdf"))
    assert pdf.mimetype == "application/pdf" and "Dear Hiring Manager," in pypdf_text(pdf.data)
    word = docx.Document(io.BytesIO(api.get(url(app_id, "/docx")).data))
    assert "Kind regards," in [paragraph.text for paragraph in word.paragraphs]
    text = api.get(url(app_id, "/txt"))
    assert text.mimetype == "text/plain" and "Dear Hiring Manager," in text.get_data(True)


def test_another_users_application_is_not_found(app, api, make_user):
    stranger = make_user(email="stranger@example.com")
    with app.app_context():
        theirs = make_application(stranger.id)
    ApiClient(app, make_token(app, stranger)).post(url(theirs))
    for path in ("", "/versions", "/versions/1", "/versions/compare?from=1&to=1", "/pdf",
                 "/docx", "/txt"):
        assert api.get(url(theirs, path)).status_code == 404, path
    assert api.post(url(theirs)).status_code == 404
    assert api.put(url(theirs), json={"version": 1, "letter": {}}).status_code == 404
    assert api.post(url(theirs, "/versions/1/restore"), json={"version": 1}).status_code == 404
    assert api.get(url(99_999_999_999_999)).status_code == 404


def test_the_letter_endpoints_are_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = {path for path in spec["paths"] if "/letter" in path}
    assert paths == {"/api/v1/applications/{application_id}/letter" + part for part in (
        "", "/versions", "/versions/{number}", "/versions/{number}/restore",
        "/versions/compare", "/pdf", "/docx", "/txt")}
    put = spec["paths"]["/api/v1/applications/{application_id}/letter"]["put"]
    assert {"200", "404", "409", "422"} <= set(put["responses"])
