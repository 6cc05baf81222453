"""Importing a file: ours round-trips exactly through the review, others' files come in with
their extra fields, bad ones are refused with a clear message and leave nothing behind."""
import io
import json

import pytest

from tests import export_samples as samples
from tests.import_steps import create
from website.extensions import db
from website.models import PendingImport, Resume, User
from website.services.export.json_resume import json_bytes
from website.services.imports import ImportRejected, pending, reader

SETTINGS = {"accent": "#1f4e79", "font": "liberation-serif", "font_size": 11}


def owner(user) -> User:
    return db.session.get(User, user.id)


def count(model) -> int:
    return db.session.execute(db.select(db.func.count(model.id))).scalar_one()


def import_everything(user, raw: bytes, title: str | None = None) -> Resume:
    """Read `raw`, keep it for review, and create the resume keeping everything as read."""
    item = pending.store(owner(user), reader.read(raw), "resume.json")
    choices = pending.everything(item)
    if title:
        choices = pending.Choices(title, choices.design, choices.basics, choices.keep)
    return pending.confirm(item, owner(user), choices)


@pytest.mark.parametrize("sample", sorted(samples.SAMPLES))
def test_export_import_export_is_identical(app, user, sample):
    with app.app_context():
        first = json_bytes(samples.SAMPLES[sample](), design_slug="classic",
                           design_settings={**SETTINGS, "photo_id": 3})
        resume = import_everything(user, first, title="Imported")
        db.session.expire_all()  # read back what the database stored
        resume = db.session.get(Resume, resume.id)
        second = json_bytes(resume.content, design_slug=resume.design_slug,
                            design_settings=resume.design_settings)
        assert second == first
        assert resume.design_slug == "classic"
        assert resume.design_settings == SETTINGS
        assert count(PendingImport) == 0  # the review is over


def test_another_tools_file_comes_in_with_its_extra_fields(app, user):
    raw = json.dumps({
        "basics": {"name": "Thomas Edison", "location": "Menlo Park, NJ",
                   "image": "https://example.com/me.png", "profiles": []},
        "work": [{"name": "Edison Labs", "position": "Inventor", "startDate": "1876",
                  "description": "Research lab"}],
        "meta": {"theme": "elegant", "version": "v1.0.0"},
    }).encode()
    with app.app_context():
        resume = import_everything(user, raw)
        assert resume.title == "Thomas Edison"
        assert resume.design_slug == "modern"
        assert resume.content["basics"]["location"]["address"] == "Menlo Park, NJ"
        assert resume.content["basics"]["image"] == "https://example.com/me.png"
        assert resume.content["work"][0]["description"] == "Research lab"
        assert resume.content["meta"] == {"theme": "elegant", "version": "v1.0.0"}


def test_settings_from_the_file_never_bring_a_photo_or_invalid_values(app, user):
    raw = json.dumps({"basics": {"name": "Jane"}, "meta": {"resumeBuilder": {
        "template": "minimal",
        "settings": {"photo_id": 99, "accent": "red", "font_size": 11, "unknown": 1}}}}).encode()
    with app.app_context():
        resume = import_everything(user, raw)
        assert resume.design_slug == "minimal"
        assert resume.design_settings == {"font_size": 11}


def test_an_unknown_template_falls_back_to_the_default(app, user):
    raw = json.dumps({"basics": {"name": "Jane"},
                      "meta": {"resumeBuilder": {"template": "../etc", "settings": {}}}}).encode()
    with app.app_context():
        assert import_everything(user, raw).design_slug == "modern"


def test_a_file_without_a_name_gets_a_plain_title(app, user):
    with app.app_context():
        assert import_everything(user, b'{"skills": [{"name": "SQL"}]}').title == \
            pending.DEFAULT_TITLE


def upload(raw: bytes, name: str = "resume.json") -> dict:
    return {"file": (io.BytesIO(raw), name)}


def test_the_manage_page_links_to_the_import_page(auth_client):
    html = auth_client.get("/resume/manage").get_data(as_text=True)
    assert 'href="/resume/import"' in html
    page = auth_client.get("/resume/import").get_data(as_text=True)
    assert '<label class="form-label" for="file">Resume file</label>' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".json,.pdf,.docx,.zip,' in page
    for kind in ("PDF", "Word", "LinkedIn", "JSON Resume"):
        assert f'<strong class="text-body">{kind}</strong>' in page


def test_uploading_a_file_shows_its_review_then_creates_the_resume(app, auth_client):
    raw = json_bytes(samples.full(), design_slug="classic", design_settings=SETTINGS)
    response = auth_client.submit("/resume/import", upload(raw),
                                  content_type="multipart/form-data")
    assert response.status_code == 302 and response.location.startswith("/resume/import/")
    with app.app_context():
        assert count(Resume) == 0  # nothing yet: the user reviews first
    review = auth_client.get(response.location).get_data(as_text=True)
    assert "Review your import" in review and "resume.json" in review

    created = create(auth_client, response.location, title="From file")
    assert created.status_code == 302
    with app.app_context():
        resume = db.session.execute(db.select(Resume)).scalar_one()
        assert (resume.title, resume.design_slug) == ("From file", "classic")
        assert created.location == f"/resume/{resume.id}/edit"
    page = auth_client.get(created.location, follow_redirects=True).get_data(as_text=True)
    assert "Created “From file” from your file" in page


@pytest.mark.parametrize(("raw", "message"), [
    (b"{broken", "The file is not valid JSON"),
    (b"[1, 2]", "The file must hold one JSON object"),
    (b"\xff\xfe\x00binary", "This file is not one this site can read"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word", "This is an old Word (.doc) file"),
    (b"", "Choose a file."),
    (b'{"basics": {"name": "J"}}' + b" " * reader.MAX_FILE_BYTES,
     "The file is larger than 5 MB"),
])
def test_a_bad_file_shows_the_problem_next_to_the_field_and_keeps_nothing(app, auth_client,
                                                                         raw, message):
    response = auth_client.submit("/resume/import", upload(raw) if raw else {},
                                  content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<div class="invalid-feedback d-block" id="file-error">{message}' in html
    assert 'aria-invalid="true"' in html
    with app.app_context():
        assert count(Resume) == 0 and count(PendingImport) == 0


def test_reading_refuses_what_is_not_a_resume(app):
    with app.app_context(), pytest.raises(ImportRejected, match="not valid JSON"):
        reader.read(b'{"basics": {"name": "Jane"')


def test_the_import_page_needs_a_login(client):
    response = client.get("/resume/import")
    assert response.status_code == 302 and "/login" in response.location
